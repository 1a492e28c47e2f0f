package com.shardprop.bench.mllib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the comparison at its tiny size on the committed Fashion-MNIST sample and checks that every
 * workload produced its figures for both trainers. It proves the benchmark still runs; it asserts
 * no speed, because timings on a shared machine are noise.
 */
class MllibComparisonSmokeTest {

    private static final Path SAMPLE = Path.of("..", "core", "src", "test", "resources", "fashion-mnist-sample");

    @TempDir
    Path output;

    @Test
    void negativeMllibBudgetIsRejected() {
        PrintStream stderr = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int status;
        try {
            System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
            status = MllibComparison.run("--mllib-accuracy-budget", "-5", "--data", SAMPLE.toString(),
                    "--output", output.toString());
        } finally {
            System.setErr(stderr);
        }
        assertEquals(2, status, "exit status; printed:\n" + printed);
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("--mllib-accuracy-budget must be ≥ 1"),
                "message; printed:\n" + printed);
    }

    @Test
    void tinyRunWritesEveryWorkload() throws Exception {
        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int status;
        try {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            status = MllibComparison.run("--size", "tiny", "--data", SAMPLE.toString(), "--output", output.toString(),
                    "--label", "smoke");
        } finally {
            System.setOut(stdout);
        }
        assertEquals(0, status, "exit status; printed:\n" + printed);

        JsonNode document = new ObjectMapper().readTree(output.resolve("mllib-comparison-smoke.json").toFile());
        assertEquals("2", document.get("machine").get("executor cores").asText());
        JsonNode figures = document.get("figures");
        Set<String> workloadTrainers = new HashSet<>();
        for (JsonNode figure : figures) {
            workloadTrainers.add(figure.get("workload").asText() + "/" + figure.get("trainer").asText());
            if (figure.has("median")) {
                double median = figure.get("median").asDouble();
                assertTrue(Double.isFinite(median), "median of " + figure);
                assertTrue(figure.get("min").asDouble() <= median, "median below min in " + figure);
                assertTrue(median <= figure.get("max").asDouble(), "median above max in " + figure);
                if (isStepPart(figure)) {
                    // Spark reports the parts of a step in whole milliseconds, so a fast part can be 0.
                    assertTrue(median >= 0, "negative median in " + figure);
                } else if (!figure.get("unit").asText().equals("%")) {
                    assertTrue(median > 0, "non-positive median in " + figure);
                }
            } else {
                assertFalse(figure.get("text").asText().isBlank(), "figure without median or text: " + figure);
            }
        }
        for (String workload : List.of(ThroughputWorkload.NAME, TimeToAccuracyWorkload.NAME, GemmWorkload.NAME,
                MemoryWorkload.NAME)) {
            assertTrue(workloadTrainers.contains(workload + "/" + Comparison.SHARDPROP), workload + " Shardprop");
            assertTrue(workloadTrainers.contains(workload + "/" + Comparison.MLLIB), workload + " MLlib");
        }
        assertTrue(workloadTrainers.contains(StepOverheadWorkload.NAME + "/" + Comparison.SHARDPROP));

        // Five parts for each of two models at three partition counts, and the three throughput figures.
        assertEquals(2 * 3 * 5, count(figures, StepOverheadWorkload.NAME));
        assertEquals(3, count(figures, ThroughputWorkload.NAME));
        // Epoch, step rate, compute bound and their ratio at the default batch and at batch 256.
        assertEquals(2 * 4, count(figures, EpochWorkload.NAME));

        List<String> csv = Files.readAllLines(output.resolve("mllib-comparison-smoke.csv"), StandardCharsets.UTF_8);
        assertEquals(figures.size() + 1, csv.size(), "CSV lines: a header and one per figure");
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("| 1 throughput | full batch, one pass | MLlib |"),
                "printed table");
    }

    /** Returns whether the figure is one part (broadcast, compute, …) of a step rather than its total. */
    private static boolean isStepPart(JsonNode figure) {
        return figure.get("workload").asText().equals(StepOverheadWorkload.NAME)
                && !figure.get("measure").asText().endsWith(": total");
    }

    private static int count(JsonNode figures, String workload) {
        int count = 0;
        for (JsonNode figure : figures) {
            if (figure.get("workload").asText().equals(workload)) {
                count++;
            }
        }
        return count;
    }
}
