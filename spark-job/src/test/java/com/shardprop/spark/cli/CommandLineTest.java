package com.shardprop.spark.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.shardprop.core.InvalidInputException;
import com.shardprop.core.Model;
import com.shardprop.core.ModelFile;
import com.shardprop.core.data.LabeledImages;
import com.shardprop.spark.SparkTestSession;
import com.shardprop.spark.train.TrainingConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.SparkException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The command line end to end on the committed Fashion-MNIST sample (4,000 training and 1,000 test
 * rows). Train writes a model, evaluate prints its metrics and predict writes Parquet. Invalid
 * arguments or input exit with 2 and leave the output path as it was. Main joins the shared test
 * session, so Spark starts once for the whole test JVM.
 */
class CommandLineTest {

    private static final Path SAMPLE = Path.of("..", "core", "src", "test", "resources", "fashion-mnist-sample");
    private static final Path TRAIN = SAMPLE.resolve("train-images-idx3-ubyte.gz");
    private static final Path TEST = SAMPLE.resolve("t10k-images-idx3-ubyte.gz");
    private static final Path TEST_LABELS = SAMPLE.resolve("t10k-labels-idx1-ubyte.gz");
    private static final String LAYERS = "784,32:relu,10:softmax";
    private static final int TEST_ROWS = 1000;
    /** Probabilities are computed in double precision; their sum may differ from 1 by rounding only. */
    private static final double TOLERANCE = 1e-9;

    @TempDir
    static Path folder;

    private static Path model;
    private static CommandResult training;

    private static CommandResult run(String... args) {
        return CommandResult.run(args);
    }

    private static String[] trainArguments(Path output, String layers, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--train", TRAIN.toString(), "--test", TEST.toString(),
                "--layers", layers, "--epochs", "3", "--batch-size", "250", "--learning-rate", "0.003",
                "--partitions", "2", "--seed", "5", "--output", output.toString()));
        for (int i = 0; i + 1 < extra.length; i += 2) {
            // picocli rejects an option given twice, so an extra option replaces the base value.
            int index = args.indexOf(extra[i]);
            if (index >= 0) {
                args.subList(index, index + 2).clear();
            }
        }
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    @BeforeAll
    static void trainOnce() {
        SparkTestSession.get();
        model = folder.resolve("models").resolve("sample.model");
        training = run(trainArguments(model, LAYERS));
    }

    private static double recordedTestAccuracy() throws IOException {
        return Double.parseDouble(ModelFile.load(model).metadata().get("test-accuracy"));
    }

    @Test
    void trainWritesModelWithMetadata() throws IOException {
        assertEquals(Main.EXIT_OK, training.exitCode(), training.describe());
        Model saved = ModelFile.load(model);

        assertEquals(LAYERS, saved.spec().toString());
        assertEquals("5", saved.metadata().get("seed"));
        assertEquals("3", saved.metadata().get("epochs-trained"));
        assertTrue(saved.metadata().get("data").contains("4000 rows"), saved.metadata().toString());
        assertTrue(saved.metadata().get("optimizer").startsWith("adam"), saved.metadata().toString());
        assertEquals("1000", saved.metadata().get("test-rows"));
        assertEquals(TrainingConfig.DEFAULT_PRECISION_NAME, saved.metadata().get("precision"));
        assertEquals("auto", saved.metadata().get("kernel"));
        // Three epochs of a small MLP on 4,000 rows score well above the 0.10 of chance.
        assertTrue(recordedTestAccuracy() > 0.70, "test accuracy " + recordedTestAccuracy());
        assertTrue(training.out().contains(String.format(Locale.ROOT, "accuracy %.4f", recordedTestAccuracy())),
                training.describe());
        try (Stream<Path> files = Files.list(model.getParent())) {
            assertEquals(List.of(model), files.collect(Collectors.toList()), "temporary files left next to the model");
        }
    }

    @Test
    void evaluatePrintsMetricsTable() throws IOException {
        CommandResult result = run("evaluate", "--model", model.toString(), "--test", TEST.toString());

        assertEquals(Main.EXIT_OK, result.exitCode(), result.describe());
        assertTrue(result.out().contains(String.format(Locale.ROOT, "Accuracy  %.4f", recordedTestAccuracy())),
                result.describe());
        assertTrue(result.out().contains("class  precision    recall        f1   support"), result.describe());
        String[] lines = result.out().split("\\R");
        int header = Arrays.asList(lines).indexOf(Arrays.stream(lines).filter(line -> line.startsWith("true "))
                .findFirst().orElseThrow());
        long total = 0;
        for (int row = 0; row < 10; row++) {
            String[] cells = lines[header + 1 + row].trim().split("\\s+");
            assertEquals(Integer.toString(row), cells[0], "confusion matrix row label");
            assertEquals(11, cells.length, "confusion matrix row " + row + ": " + lines[header + 1 + row]);
            for (int column = 1; column < cells.length; column++) {
                total += Long.parseLong(cells[column]);
            }
        }
        assertEquals(TEST_ROWS, total, "confusion matrix total");
    }

    @Test
    void predictWritesParquetPredictions() throws IOException {
        Path output = folder.resolve("predictions").resolve("run");
        CommandResult result = run("predict", "--model", model.toString(), "--input", TEST.toString(), "--keep-label",
                "--partitions", "3", "--output", output.toString());

        assertEquals(Main.EXIT_OK, result.exitCode(), result.describe());
        List<Row> rows = SparkTestSession.get().read().parquet(output.toString())
                .select("row_id", "label", "prediction", "probability").orderBy("row_id").collectAsList();
        assertEquals(TEST_ROWS, rows.size());
        int[] labels = LabeledImages.read(TEST, TEST_LABELS).labels();
        long correct = 0;
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            assertEquals(i, row.getLong(0), "row ids are the input positions 0…n−1");
            assertEquals(labels[i], row.getDouble(1), "label of row " + i);
            List<Double> probability = row.getList(3);
            assertEquals(10, probability.size());
            int argmax = 0;
            double sum = 0;
            for (int k = 0; k < probability.size(); k++) {
                sum += probability.get(k);
                if (probability.get(k) > probability.get(argmax)) {
                    argmax = k;
                }
            }
            assertEquals(1.0, sum, TOLERANCE, "probabilities of row " + i);
            assertEquals(argmax, row.getInt(2), "prediction of row " + i);
            if (row.getInt(2) == labels[i]) {
                correct++;
            }
        }
        assertEquals(recordedTestAccuracy(), (double) correct / TEST_ROWS, TOLERANCE,
                "accuracy of the written predictions");
        try (Stream<Path> files = Files.list(output.getParent())) {
            assertEquals(List.of(output), files.collect(Collectors.toList()), "temporary folders left behind");
        }
    }

    @Test
    void predictWithoutLabelsOmitsLabelColumn() {
        Path output = folder.resolve("unlabelled-predictions");
        CommandResult result = run("predict", "--model", model.toString(), "--input", TEST.toString(), "--output",
                output.toString());

        assertEquals(Main.EXIT_OK, result.exitCode(), result.describe());
        Dataset<Row> predictions = SparkTestSession.get().read().parquet(output.toString());
        assertEquals(List.of("row_id", "prediction", "probability"), Arrays.asList(predictions.columns()));
        assertEquals(TEST_ROWS, predictions.count());
    }

    static Stream<Arguments> invalidOptions() {
        return Stream.of(
                Arguments.of("--epochs", "0", "--epochs must be ≥ 1, got 0"),
                Arguments.of("--epochs", "abc", "'abc' is not an int"),
                Arguments.of("--epochs", "1", "--warmup-epochs 1.0 must be shorter than --epochs 1"),
                Arguments.of("--batch-size", "-1", "--batch-size must be ≥ 1, or 0 for full batch, got -1"),
                Arguments.of("--optimizer", "rmsprop", "--optimizer must be sgd, adam or adamw, got 'rmsprop'"),
                Arguments.of("--momentum", "0.5", "momentum"),
                Arguments.of("--schedule", "linear", "linear"),
                Arguments.of("--early-stopping-patience", "2", "--validation"),
                Arguments.of("--kernel", "openblas", "[ejml, netlib, vector]"),
                Arguments.of("--precision", "half", "--precision"),
                Arguments.of("--master", "foo://bar", "--master 'foo://bar' is not a Spark master URL. Fix: use local,"),
                Arguments.of("--no-such-option", "1", "--no-such-option"));
    }

    @ParameterizedTest
    @MethodSource("invalidOptions")
    void invalidOptionExitsTwo(String option, String value, String named) {
        Path output = folder.resolve("invalid-options").resolve("model");
        CommandResult result = run(trainArguments(output, LAYERS, option, value));

        assertEquals(Main.EXIT_INVALID_INPUT, result.exitCode(), result.describe());
        assertTrue(result.lastErrorLine().startsWith("shardprop: error: "), result.describe());
        assertTrue(result.lastErrorLine().contains(named), result.describe());
        assertFalse(Files.exists(output), "a model was written");
    }

    @Test
    void fractionalWarmupFitsOneEpoch() {
        // 4000 rows in batches of 250 give 16 steps, so the warm-up takes 8 of them.
        Path output = folder.resolve("fractional-warmup").resolve("model");
        CommandResult result = run(trainArguments(output, LAYERS, "--epochs", "1", "--warmup-epochs", "0.5"));

        assertEquals(Main.EXIT_OK, result.exitCode(), result.describe());
        assertTrue(Files.exists(output), "no model was written");
    }

    @Test
    void invalidLayersExitTwo() {
        Path output = folder.resolve("invalid-layers").resolve("model");
        CommandResult result = run(trainArguments(output, "784,10:nosuch"));

        assertEquals(Main.EXIT_INVALID_INPUT, result.exitCode(), result.describe());
        assertTrue(result.lastErrorLine().contains("nosuch"), result.describe());
        assertFalse(Files.exists(output), "a model was written");

        CommandResult zeroWidth = run(trainArguments(output, "784,0:relu,10:softmax"));
        assertEquals(Main.EXIT_INVALID_INPUT, zeroWidth.exitCode(), zeroWidth.describe());
        assertTrue(zeroWidth.lastErrorLine().contains("--layers '784,0:relu,10:softmax': layer 1: width must be ≥ 1,"
                + " got 0. Fix: correct --layers"), zeroWidth.describe());
    }

    @Test
    void badLabelsKeepPreviousModel() throws IOException {
        Path output = folder.resolve("bad-labels").resolve("model");
        Files.createDirectories(output.getParent());
        Files.copy(model, output);
        byte[] previous = Files.readAllBytes(output);

        // The sample has 10 classes, so labels 5…9 do not fit a 5-class output layer.
        CommandResult result = run(trainArguments(output, "784,32:relu,5:softmax"));

        assertEquals(Main.EXIT_INVALID_INPUT, result.exitCode(), result.describe());
        assertTrue(result.lastErrorLine().contains("Invalid label"), result.describe());
        assertTrue(result.lastErrorLine().contains("train-labels-idx1-ubyte.gz"), result.describe());
        assertArrayEquals(previous, Files.readAllBytes(output), "the previous model was changed");
        try (Stream<Path> files = Files.list(output.getParent())) {
            assertEquals(List.of(output), files.collect(Collectors.toList()), "temporary files left behind");
        }
    }

    @Test
    void outputUnderFileExitsTwo() throws IOException {
        Path file = Files.writeString(folder.resolve("plain.txt"), "not a folder");
        Path output = file.resolve("model");
        CommandResult result = run(trainArguments(output, LAYERS));

        assertEquals(Main.EXIT_INVALID_INPUT, result.exitCode(), result.describe());
        assertTrue(result.lastErrorLine().contains("--output"), result.describe());
        assertTrue(result.lastErrorLine().contains("plain.txt is a file"), result.describe());
    }

    @Test
    void wrongInputWidthExitsTwo() {
        Path output = folder.resolve("wrong-width").resolve("model");
        CommandResult result = run(trainArguments(output, "100,10:softmax"));

        assertEquals(Main.EXIT_INVALID_INPUT, result.exitCode(), result.describe());
        assertTrue(result.lastErrorLine().contains("784"), result.describe());
        assertFalse(Files.exists(output), "a model was written");
    }

    @Test
    void standardizeRejectedWhenScoring() {
        Path output = folder.resolve("standardized-predictions");
        List<CommandResult> results = List.of(
                run("evaluate", "--model", model.toString(), "--test", TEST.toString(), "--standardize"),
                run("predict", "--model", model.toString(), "--input", TEST.toString(), "--output",
                        output.toString(), "--no-standardize"));

        for (CommandResult result : results) {
            assertEquals(Main.EXIT_INVALID_INPUT, result.exitCode(), result.describe());
            assertTrue(result.lastErrorLine().contains("--standardize is an option of train only"),
                    result.describe());
            assertTrue(result.lastErrorLine().contains("Fix: remove --standardize"), result.describe());
        }
        assertFalse(Files.exists(output), "predictions were written");
    }

    @Test
    void missingModelExitsTwo() {
        Path missing = folder.resolve("no-such.model");
        CommandResult result = run("evaluate", "--model", missing.toString(), "--test", TEST.toString());

        assertEquals(Main.EXIT_INVALID_INPUT, result.exitCode(), result.describe());
        assertTrue(result.lastErrorLine().contains(missing.toString()), result.describe());
    }

    @Test
    void corruptModelExitsTwo() throws IOException {
        Path corrupt = folder.resolve("corrupt.model");
        Files.write(corrupt, new byte[] {1, 2, 3, 4});
        CommandResult result = run("evaluate", "--model", corrupt.toString(), "--test", TEST.toString());

        assertEquals(Main.EXIT_INVALID_INPUT, result.exitCode(), result.describe());
        assertTrue(result.lastErrorLine().contains(corrupt.toString()), result.describe());
    }

    @Test
    void missingCommandExitsTwo() {
        CommandResult result = run();

        assertEquals(Main.EXIT_INVALID_INPUT, result.exitCode(), result.describe());
        assertTrue(result.lastErrorLine().contains("Missing command"), result.describe());
    }

    @Test
    void exitCodeFollowsCauseChain() {
        SparkException wrapped = new SparkException("Job aborted", new InvalidInputException("bad row 7"));

        assertEquals(Main.EXIT_INVALID_INPUT, Main.exitCode(new RuntimeException(wrapped)));
        assertEquals("bad row 7", Main.message(new RuntimeException(wrapped)));
        assertEquals(Main.EXIT_FAILURE, Main.exitCode(new IllegalStateException("disk full")));
        assertEquals("disk full", Main.message(new IllegalStateException("disk full")));
    }
}
