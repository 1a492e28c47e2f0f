package com.shardprop.spark.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.shardprop.core.Initializer;
import com.shardprop.core.Model;
import com.shardprop.core.ModelFile;
import com.shardprop.core.NetworkSpec;
import com.shardprop.spark.ChildJvm;
import com.shardprop.spark.SparkTestSession;
import com.shardprop.spark.checkpoint.Checkpoint;
import com.shardprop.spark.checkpoint.CheckpointStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code shardprop train} with {@code --checkpoint-dir} and {@code --resume}: a driver killed
 * mid-training and rerun with {@code --resume} produces the model of an uninterrupted run, reruns
 * that do not match the checkpoints are rejected, and a diverging run exits non-zero and keeps the
 * previous model and its last good checkpoint.
 */
class CheckpointCommandTest {

    private static final int ROWS = 120;
    private static final String LAYERS = "4,12:tanh,3:softmax";

    @TempDir
    static Path folder;

    private static Path trainingData;
    private static Path validationData;

    /** The output of one {@link Main#run} call. */
    private record Result(int exitCode, String err) {
        String lastErrorLine() {
            String[] lines = err.strip().split("\\R");
            return lines[lines.length - 1];
        }
    }

    private static Result run(List<String> args) {
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true),
                args.toArray(String[]::new));
        return new Result(code, err.toString());
    }

    /** Writes {@code rows} rows of 4 features and a label; {@code regression} makes the label a large number. */
    private static Path writeCsv(String name, int rows, long seed, boolean regression) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder csv = new StringBuilder("x0,x1,x2,x3,label\n");
        for (int r = 0; r < rows; r++) {
            double score = 0;
            for (int c = 0; c < 4; c++) {
                double x = random.nextDouble(-2, 2);
                score += (c + 1) * x;
                csv.append(String.format(Locale.ROOT, "%.6f,", x));
            }
            int label = score < -1 ? 0 : 2;
            if (Math.abs(score) <= 1) {
                label = 1;
            }
            csv.append(regression ? Double.toString(1000 * score) : Integer.toString(label)).append('\n');
        }
        Path file = folder.resolve(name);
        Files.writeString(file, csv);
        return file;
    }

    @BeforeAll
    static void writeData() throws IOException {
        SparkTestSession.get();
        trainingData = writeCsv("train.csv", ROWS, 1, false);
        validationData = writeCsv("validation.csv", 40, 2, false);
    }

    /** 6 steps per epoch, 6 epochs, Adam with the default cosine schedule and warm-up. */
    private static List<String> trainArguments(Path output, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--train", trainingData.toString(),
                "--validation", validationData.toString(), "--layers", LAYERS, "--epochs", "6",
                "--batch-size", "20", "--learning-rate", "0.01", "--partitions", "2", "--seed", "4",
                "--standardize", "--output", output.toString()));
        args.addAll(List.of(extra));
        return args;
    }

    private static void assertSameModel(Model expected, Model actual) {
        double[] x = expected.parameters().values();
        double[] y = actual.parameters().values();
        assertEquals(x.length, y.length, "parameter count");
        for (int i = 0; i < x.length; i++) {
            assertEquals(Double.doubleToRawLongBits(x[i]), Double.doubleToRawLongBits(y[i]), "parameter " + i);
        }
        assertArrayEquals(expected.featureScaling().mean(), actual.featureScaling().mean(), "scaling mean");
        for (String key : List.of("steps", "epochs-trained", "final-training-loss", "validation-loss",
                "validation-accuracy")) {
            assertEquals(expected.metadata().get(key), actual.metadata().get(key), "metadata " + key);
        }
    }

    private static boolean hasCheckpoint(Path checkpoints) throws IOException {
        if (!Files.isDirectory(checkpoints)) {
            return false;
        }
        try (Stream<Path> files = Files.list(checkpoints)) {
            return files.anyMatch(file -> file.getFileName().toString().startsWith("checkpoint-"));
        }
    }

    @Test
    void killedDriverResumesToSameModel() throws IOException, InterruptedException {
        Path uninterruptedModel = folder.resolve("uninterrupted.model");
        Result uninterrupted = run(trainArguments(uninterruptedModel));
        assertEquals(Main.EXIT_OK, uninterrupted.exitCode(), uninterrupted.err());

        Path model = folder.resolve("resumed.model");
        Path checkpoints = folder.resolve("killed-checkpoints");
        List<String> command = trainArguments(model, "--checkpoint-dir", checkpoints.toString(),
                "--checkpoint-every", "4s", "--keep-checkpoints", "2");
        Path log = folder.resolve("killed-driver.log");
        Process driver = ChildJvm.start(Main.class, command, log);
        try {
            // Polls for the first checkpoint; the guard only stops a child that hangs or fails early.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (!hasCheckpoint(checkpoints) && driver.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(driver.isAlive(), "the driver ended before it was killed; its log:\n" + Files.readString(log));
            assertTrue(hasCheckpoint(checkpoints), "no checkpoint appeared; the driver's log:\n"
                    + Files.readString(log));
        } finally {
            driver.destroyForcibly();
            driver.waitFor(30, TimeUnit.SECONDS);
        }
        assertFalse(Files.exists(model), "a killed driver must not leave a model");

        List<String> resume = new ArrayList<>(command);
        resume.add("--resume");
        Result resumed = run(resume);

        assertEquals(Main.EXIT_OK, resumed.exitCode(), resumed.err());
        assertSameModel(ModelFile.load(uninterruptedModel), ModelFile.load(model));
    }

    @Test
    void mismatchedRerunsRejected() throws IOException {
        Path checkpoints = folder.resolve("layers-checkpoints");
        Path model = folder.resolve("layers.model");
        List<String> first = trainArguments(model, "--checkpoint-dir", checkpoints.toString());
        first.set(first.indexOf("--epochs") + 1, "2");
        Result written = run(first);
        assertEquals(Main.EXIT_OK, written.exitCode(), written.err());

        Result fresh = run(first);
        assertEquals(Main.EXIT_INVALID_INPUT, fresh.exitCode(), fresh.err());
        assertTrue(fresh.lastErrorLine().contains("already contains"), fresh.lastErrorLine());
        assertTrue(fresh.lastErrorLine().contains("Pass --resume"), fresh.lastErrorLine());

        List<String> changed = new ArrayList<>(first);
        changed.set(changed.indexOf(LAYERS), "4,10:tanh,3:softmax");
        changed.add("--resume");
        Result rejected = run(changed);

        assertEquals(Main.EXIT_INVALID_INPUT, rejected.exitCode(), rejected.err());
        assertTrue(rejected.lastErrorLine().contains("it was trained with --layers " + LAYERS),
                rejected.lastErrorLine());
    }

    @Test
    void divergedRunKeepsPreviousModel() throws IOException {
        Path data = writeCsv("regression.csv", ROWS, 3, true);
        Path output = folder.resolve("regression.model");
        NetworkSpec spec = NetworkSpec.parse("4,5:identity,1:identity");
        ModelFile.save(new Model(Initializer.initialize(spec, 1)), output);
        byte[] previous = Files.readAllBytes(output);
        Path checkpoints = folder.resolve("diverged-checkpoints");

        Result result = run(List.of("train", "--train", data.toString(), "--layers", spec.toString(),
                "--epochs", "5", "--batch-size", "20", "--optimizer", "sgd", "--learning-rate", "10",
                "--schedule", "constant", "--partitions", "2", "--output", output.toString(),
                "--checkpoint-dir", checkpoints.toString(), "--checkpoint-every", "1s", "--keep-checkpoints", "1"));

        assertEquals(Main.EXIT_FAILURE, result.exitCode(), result.err());
        assertArrayEquals(previous, Files.readAllBytes(output), "the previous model was changed");
        Checkpoint lastGood = new CheckpointStore(checkpoints.toUri().toString(), new Configuration(), 1)
                .latestValid().orElseThrow().checkpoint();
        assertEquals(-1, lastGood.parameters().firstNonFinite(), "the last checkpoint holds finite parameters");
        String message = result.lastErrorLine();
        assertTrue(message.contains("step " + (lastGood.step() + 1) + ":"), message);
        assertTrue(message.matches(".*(NaN|Infinity).*"), message);
        assertTrue(message.contains("Lower --learning-rate"), message);
    }
}
