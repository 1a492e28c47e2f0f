package com.shardprop.spark.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.shardprop.spark.SparkTestSession;
import com.shardprop.spark.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code shardprop train} on the committed Fashion-MNIST sample with {@code --metrics-out}
 * and {@code --report-out}, and checks both files and the Spark job descriptions of the run.
 */
class TrainReportOutputsTest {

    private static final Path SAMPLE = Path.of("..", "core", "src", "test", "resources", "fashion-mnist-sample");
    private static final String LAYERS = "784,32:relu,10:softmax";
    private static final int EPOCHS = 2;
    private static final int BATCH = 500;
    private static final int TRAINING_ROWS = 4000;
    private static final int TEST_ROWS = 1000;
    /** The local property that {@code SparkContext.setJobDescription} sets (SparkContext.SPARK_JOB_DESCRIPTION). */
    private static final String JOB_DESCRIPTION = "spark.job.description";

    @TempDir
    static Path folder;

    private static int exitCode;
    private static String errors;
    private static List<String> jobDescriptions;
    private static JsonNode metrics;
    private static Path model;
    private static Path report;

    @BeforeAll
    static void train() throws Exception {
        SparkContext context = SparkTestSession.get().sparkContext();
        List<String> descriptions = Collections.synchronizedList(new ArrayList<>());
        SparkListener recorder = new SparkListener() {
            @Override
            public void onJobStart(SparkListenerJobStart jobStart) {
                descriptions.add(String.valueOf(jobStart.properties().getProperty(JOB_DESCRIPTION)));
            }
        };
        context.addSparkListener(recorder);

        model = folder.resolve("fashion.model");
        report = folder.resolve("reports/report.html");
        Path metricsFile = folder.resolve("reports/metrics.json");
        String images = "-images-idx3-ubyte.gz";
        StringWriter err = new StringWriter();
        try {
            exitCode = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err),
                    "train",
                    "--train", SAMPLE.resolve("train" + images).toString(),
                    "--validation", SAMPLE.resolve("t10k" + images).toString(),
                    "--test", SAMPLE.resolve("t10k" + images).toString(),
                    "--layers", LAYERS,
                    "--epochs", Integer.toString(EPOCHS),
                    "--batch-size", Integer.toString(BATCH),
                    "--learning-rate", "0.01",
                    "--partitions", "2",
                    "--seed", "7",
                    "--output", model.toString(),
                    "--metrics-out", metricsFile.toString(),
                    "--report-out", report.toString(),
                    "--log-every", "5");
        } finally {
            // Job events reach listeners asynchronously; drain the bus before reading them.
            context.listenerBus().waitUntilEmpty();
            context.removeSparkListener(recorder);
        }
        errors = err.toString();
        jobDescriptions = List.copyOf(descriptions);
        metrics = Files.exists(metricsFile) ? new ObjectMapper().readTree(metricsFile.toFile()) : null;
    }

    @Test
    void trainingSucceeds() {
        assertEquals(Main.EXIT_OK, exitCode, errors);
        assertTrue(Files.exists(model), "model file");
    }

    @Test
    void metricsDescribeRun() {
        assertNotNull(metrics, "metrics file was not written");
        assertEquals("succeeded", metrics.get("status").asText());
        assertEquals(model.toString(), metrics.get("model_path").asText());
        assertEquals(LAYERS, metrics.get("configuration").get("layers").asText());

        JsonNode history = metrics.get("history");
        assertEquals(EPOCHS, history.size());
        long stepsPerEpoch = TRAINING_ROWS / BATCH;
        for (int i = 0; i < EPOCHS; i++) {
            JsonNode epoch = history.get(i);
            assertEquals(i + 1, epoch.get("epoch").asInt());
            assertEquals((i + 1) * stepsPerEpoch, epoch.get("step").asLong());
            assertTrue(epoch.get("validation_accuracy").isNumber(), "validated every epoch");
            assertTrue(epoch.get("examples_per_second").asDouble() > 0, "throughput");
        }
        assertTrue(history.get(1).get("training_loss").asDouble() < history.get(0).get("training_loss").asDouble(),
                "training loss falls from epoch 1 to epoch 2");
    }

    @Test
    void testMetricsShowLearning() {
        assertNotNull(metrics, "metrics file was not written");
        JsonNode test = metrics.get("test");
        assertEquals(TEST_ROWS, test.get("examples").asLong());
        // Chance is 0.10. This run (seed 7, 16 steps) reached 0.736; the bound leaves room for
        // summation-order differences between matrix kernels.
        assertTrue(test.get("accuracy").asDouble() > 0.65, "test accuracy " + test.get("accuracy"));
        assertEquals(10, test.get("classes").size());

        long cells = 0;
        for (JsonNode row : test.get("confusion_matrix")) {
            for (JsonNode count : row) {
                cells += count.asLong();
            }
        }
        assertEquals(TEST_ROWS, cells, "confusion matrix counts every test example once");
    }

    @Test
    void reportEmbedsSameRecord() throws IOException {
        assertNotNull(metrics, "metrics file was not written");
        Document page = Jsoup.parse(report.toFile());
        Element data = page.getElementById("run-data");

        assertNotNull(data, "#run-data");
        assertEquals(metrics, new ObjectMapper().readTree(data.data()));
        assertTrue(page.select("#configuration th").eachText().contains("layers"), "configuration table");
        assertEquals(10, page.select("#class-metrics tbody tr").size());
    }

    @Test
    void everySparkJobHasDescription() {
        assertTrue(!jobDescriptions.isEmpty(), "no Spark job was recorded");
        for (String description : jobDescriptions) {
            assertTrue(description.startsWith("shardprop train "), "job without a Shardprop description: "
                    + description + " (all: " + jobDescriptions + ")");
        }
        assertTrue(jobDescriptions.contains(JobDescriptions.trainingStep(2, EPOCHS, 16, 16)), "last step");
        assertTrue(jobDescriptions.contains(JobDescriptions.evaluation(2, EPOCHS, "validation")), "validation");
    }
}
