package com.shardprop.spark.report;

import com.shardprop.core.InvalidInputException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkContext;
import picocli.CommandLine.Option;

/**
 * Command-line options for progress output, the metrics JSON and the HTML report, as a picocli
 * {@code @Mixin} of the {@code train} command; {@link #listener} turns them into the listener the
 * trainer calls.
 */
public final class ReportOptions {

    /** Default of {@code --log-every}. */
    public static final int DEFAULT_LOG_EVERY = 100;

    @Option(names = "--metrics-out", paramLabel = "PATH",
            description = "Write the run's configuration, per-epoch history and test metrics as JSON to PATH"
                    + " (any Hadoop file system path; written to a temporary name, then renamed). Default: none.")
    String metricsPath;

    @Option(names = "--report-out", paramLabel = "PATH",
            description = "Write a self-contained HTML report with charts of the run to PATH"
                    + " (any Hadoop file system path; opens without network access). Default: none.")
    String reportPath;

    @Option(names = "--log-every", paramLabel = "STEPS", defaultValue = "" + DEFAULT_LOG_EVERY,
            description = "Log a DEBUG progress line every STEPS optimizer steps; 0 turns these lines off."
                    + " Default: ${DEFAULT-VALUE}.")
    int logEvery = DEFAULT_LOG_EVERY;

    public String metricsPath() {
        return metricsPath;
    }

    public String reportPath() {
        return reportPath;
    }

    public int logEvery() {
        return logEvery;
    }

    /**
     * Builds the run's listener: progress log lines, the in-place progress line when
     * {@link ConsoleProgress#isInteractive} holds, and the metrics and report writers when their
     * paths are set. Checks the options first, so that a bad path fails before training starts.
     *
     * @throws InvalidInputException when {@code --log-every} is negative or an output path has an
     *     unknown scheme or names a folder
     */
    public TrainingListener listener(SparkContext sparkContext) {
        return listener(sparkContext.hadoopConfiguration(), sparkContext.isLocal(), Clock.systemUTC());
    }

    TrainingListener listener(Configuration hadoopConfiguration, boolean localMaster, Clock clock) {
        if (logEvery < 0) {
            throw new InvalidInputException("--log-every must be 0 (off) or a positive number of steps, but was "
                    + logEvery + ".");
        }
        checkOutputPath("--metrics-out", metricsPath, hadoopConfiguration);
        checkOutputPath("--report-out", reportPath, hadoopConfiguration);

        List<TrainingListener> listeners = new ArrayList<>();
        // The console line goes first, so that it is cleared before the epoch's log line is written.
        if (ConsoleProgress.isInteractive(localMaster)) {
            listeners.add(new ConsoleProgress(System.err, clock));
        }
        listeners.add(new ProgressLog(logEvery, clock));
        if (metricsPath != null || reportPath != null) {
            listeners.add(new RunRecorder(clock, List.of(new RunOutputs(metricsPath, reportPath, hadoopConfiguration))));
        }
        return TrainingListener.of(listeners);
    }

    private static void checkOutputPath(String option, String path, Configuration hadoopConfiguration) {
        if (path == null) {
            return;
        }
        if (path.isBlank()) {
            throw new InvalidInputException(option + " needs a file path, but was empty.");
        }
        AtomicHadoopFile.checkFileTarget(option, path, "run.json", hadoopConfiguration);
    }
}
