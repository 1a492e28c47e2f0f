package com.shardprop.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.shardprop.core.ModelFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local mode through bin/shardprop (Spark in the launcher's JVM, no Spark installation), driven
 * by the scheduling example examples/scheduling/scheduled-train.sh on the committed sample: a
 * dated output folder, the metrics gate, the 'latest' link, and the exit statuses.
 */
class LocalModeIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(4);

    private final Distribution distribution = Distribution.assembled();

    @TempDir
    Path modelRoot;

    @Test
    void scheduledRunPromotesGoodModel() throws IOException {
        // Six epochs reach 0.777 on the held-out sample with the default recipe (three give 0.725).
        ProcessResult result = scheduledRun("2026-01-01", "0.70", 6);

        assertEquals(0, result.exitCode(), result.describe());
        assertEquals(Path.of("2026-01-01"), Files.readSymbolicLink(modelRoot.resolve("latest")));
        Path model = modelRoot.resolve("2026-01-01/model.shardprop");
        double accuracy = FashionMnistSample.testAccuracy(ModelFile.load(model));
        assertTrue(accuracy >= 0.70, "test accuracy " + accuracy + " of " + model);
        assertTrue(Files.readString(modelRoot.resolve("2026-01-01/metrics.json")).contains("\"status\" : \"succeeded\""),
                "metrics file does not record success");
    }

    @Test
    void gateKeepsLatestOnWeakModel() throws IOException {
        Files.createDirectories(modelRoot.resolve("2026-01-01"));
        Files.createSymbolicLink(modelRoot.resolve("latest"), Path.of("2026-01-01"));

        // No MLP reaches 0.999 on the sample, so the gate must reject the run.
        ProcessResult result = scheduledRun("2026-01-02", "0.999", 2);

        assertEquals(3, result.exitCode(), result.describe());
        assertTrue(result.output().contains("gate rejected"), result.describe());
        assertTrue(Files.exists(modelRoot.resolve("2026-01-02/model.shardprop")), "the rejected run wrote no model");
        assertEquals(Path.of("2026-01-01"), Files.readSymbolicLink(modelRoot.resolve("latest")));
    }

    @Test
    void invalidInputExitsWithTwo() {
        Path missing = modelRoot.resolve("no-such-images-idx3-ubyte.gz");
        ProcessResult result = distribution.runLauncher(List.of("train", "--train", missing.toString(),
                "--layers", "784,10:softmax", "--output", modelRoot.resolve("model.shardprop").toString()),
                Map.of("SHARDPROP_JAVA_OPTS", "-Xmx1g"), TIMEOUT);

        assertEquals(2, result.exitCode(), result.describe());
        String[] lines = result.output().strip().split("\\R");
        assertTrue(lines[lines.length - 1].contains(missing.getFileName().toString()),
                "the last line does not name the missing file: " + result.describe());
        assertFalse(Files.exists(modelRoot.resolve("model.shardprop")), "a model was written for invalid input");
    }

    @Test
    void invalidRowFailsWithoutStackTrace() throws IOException {
        // A label outside 0…2 fails inside a Spark task, which Spark logs with a stack trace unless
        // conf/log4j2.properties filters it.
        Path data = modelRoot.resolve("labels.csv");
        Files.writeString(data, "label,a,b\n0,1.0,2.0\n7,1.0,2.0\n");
        ProcessResult result = distribution.runLauncher(List.of("train", "--master", "local[1]", "--train",
                data.toString(), "--layers", "2,3:softmax", "--output", modelRoot.resolve("model.shardprop").toString()),
                Map.of("SHARDPROP_JAVA_OPTS", "-Xmx1g"), TIMEOUT);

        assertEquals(2, result.exitCode(), result.describe());
        String[] lines = result.output().strip().split("\\R");
        assertTrue(lines[lines.length - 1].contains("Invalid label 7.0"), result.describe());
        assertFalse(result.output().contains("\tat "), "a stack trace was printed: " + result.describe());
        assertFalse(Files.exists(modelRoot.resolve("model.shardprop")), "a model was written for invalid input");
    }

    /** Runs the scheduling example in local mode with a small network on the sample. */
    private ProcessResult scheduledRun(String runDate, String minimumAccuracy, int epochs) {
        return Commands.run(List.of(distribution.home().resolve("examples/scheduling/scheduled-train.sh").toString()),
                Commands.workFolder(),
                Commands.environment(
                        "SHARDPROP_HOME", distribution.home().toString(),
                        "DATA", FashionMnistSample.folder().toString(),
                        "MODEL_ROOT", modelRoot.toString(),
                        "RUN_DATE", runDate,
                        "MIN_ACCURACY", minimumAccuracy,
                        "EPOCHS", Integer.toString(epochs),
                        "LAYERS", "784,64:relu,10:softmax",
                        "SPARK_HOME", null,
                        "SHARDPROP_MASTER", "local[2]"),
                TIMEOUT);
    }
}
