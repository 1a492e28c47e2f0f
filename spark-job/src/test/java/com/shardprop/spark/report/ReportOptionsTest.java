package com.shardprop.spark.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.shardprop.core.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class ReportOptionsTest {

    @TempDir
    Path folder;

    /** A command that only carries the mixin, as the train command does. */
    @Command(name = "train")
    static final class TrainCommand {
        @Mixin
        ReportOptions report = new ReportOptions();
    }

    @Test
    void optionsParse() {
        ReportOptions options = parse("--metrics-out", "m.json", "--report-out", "r.html", "--log-every", "7");

        assertEquals("m.json", options.metricsPath());
        assertEquals("r.html", options.reportPath());
        assertEquals(7, options.logEvery());
    }

    @Test
    void logEveryHasDefault() {
        assertEquals(ReportOptions.DEFAULT_LOG_EVERY, parse().logEvery());
    }

    @Test
    void negativeLogEveryIsRejected() {
        ReportOptions options = parse("--log-every", "-1");

        InvalidInputException error = assertThrows(InvalidInputException.class,
                () -> options.listener(new Configuration(), true, new ManualClock(SyntheticRun.START)));
        assertTrue(error.getMessage().contains("--log-every"), error.getMessage());
    }

    @Test
    void folderAsOutputIsRejected() {
        ReportOptions options = parse("--metrics-out", folder.toString());

        InvalidInputException error = assertThrows(InvalidInputException.class,
                () -> options.listener(new Configuration(), true, new ManualClock(SyntheticRun.START)));
        assertTrue(error.getMessage().contains("is a folder"), error.getMessage());
    }

    @Test
    void outputUnderFileIsRejected() throws IOException {
        Path file = Files.writeString(folder.resolve("plain.txt"), "not a folder");
        ReportOptions options = parse("--report-out", file.resolve("run/report.html").toString());

        InvalidInputException error = assertThrows(InvalidInputException.class,
                () -> options.listener(new Configuration(), true, new ManualClock(SyntheticRun.START)));
        assertTrue(error.getMessage().contains("--report-out"), error.getMessage());
        assertTrue(error.getMessage().contains("plain.txt is a file"), error.getMessage());
    }

    @Test
    void listenerWritesBothFiles() throws IOException {
        Path metrics = folder.resolve("out/metrics.json");
        Path report = folder.resolve("out/report.html");
        ReportOptions options = parse("--metrics-out", metrics.toString(), "--report-out", report.toString());
        ManualClock clock = new ManualClock(SyntheticRun.START);
        TrainingListener listener = options.listener(new Configuration(), false, clock);

        SyntheticRun.drive(listener, clock);
        listener.onFinish(SyntheticRun.evaluation(200, 0.8, 3), "model.bin");

        try (InputStream in = Files.newInputStream(metrics)) {
            RunRecord record = MetricsJson.read(in);
            assertEquals(RunStatus.SUCCEEDED, record.status());
            assertEquals(SyntheticRun.EPOCHS, record.history().size());
            assertEquals("model.bin", record.modelPath());
        }
        assertTrue(Files.readString(report).contains("id=\"run-data\""), "the report was written");
    }

    @Test
    void failedRunStillWritesMetrics() throws IOException {
        Path metrics = folder.resolve("metrics.json");
        ReportOptions options = parse("--metrics-out", metrics.toString());
        ManualClock clock = new ManualClock(SyntheticRun.START);
        TrainingListener listener = options.listener(new Configuration(), false, clock);

        listener.onStart(SyntheticRun.configuration(), 2, 2);
        listener.onFailure(new InvalidInputException("row 7: label 12 is outside [0, 10)"));

        try (InputStream in = Files.newInputStream(metrics)) {
            RunRecord record = MetricsJson.read(in);
            assertEquals(RunStatus.FAILED, record.status());
            assertEquals("row 7: label 12 is outside [0, 10)", record.failure());
        }
    }

    private static ReportOptions parse(String... arguments) {
        TrainCommand command = new TrainCommand();
        new CommandLine(command).parseArgs(arguments);
        return command.report;
    }
}
