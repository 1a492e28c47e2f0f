package com.shardprop.spark.report;

import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a run's progress through SLF4J: the resolved configuration at start (INFO), one summary per
 * epoch (INFO), one line every {@code logEvery} steps (DEBUG) and the result (INFO). A failed
 * run's summary is INFO too, because the trainer rethrows the error and the command reports it.
 */
public final class ProgressLog implements TrainingListener {

    private static final Logger LOG = LoggerFactory.getLogger(ProgressLog.class);

    private final long logEvery;
    private final ProgressTracker progress;

    /**
     * @param logEvery steps between DEBUG lines; 0 turns them off
     * @param clock source of timestamps ({@code Clock.systemUTC()} outside tests)
     */
    public ProgressLog(long logEvery, Clock clock) {
        if (logEvery < 0) {
            throw new IllegalArgumentException("logEvery must be 0 (off) or a positive step count, but was "
                    + logEvery);
        }
        this.logEvery = logEvery;
        this.progress = new ProgressTracker(clock);
    }

    @Override
    public void onStart(Map<String, String> configuration, int epochs, long stepsPerEpoch) {
        progress.start(epochs, stepsPerEpoch);
        StringJoiner lines = new StringJoiner(System.lineSeparator() + "  ", "", "");
        lines.add(String.format(Locale.ROOT, "Starting training: %d epochs of %d steps (%d steps at most)",
                epochs, stepsPerEpoch, progress.totalSteps()));
        configuration.forEach((key, value) -> lines.add(key + " = " + value));
        LOG.info("{}", lines);
    }

    @Override
    public void onStep(int epoch, long step, double loss, double learningRate, long examples) {
        progress.step(step, examples);
        if (logEvery > 0 && step % logEvery == 0 && LOG.isDebugEnabled()) {
            LOG.debug("Step {}/{} (epoch {}/{}): loss {}, learning rate {}, {} examples/s, elapsed {}, ETA {}",
                    step, progress.totalSteps(), epoch, progress.epochs(), number(loss), number(learningRate),
                    rate(progress.examplesPerSecond()), ProgressTracker.format(progress.elapsed()),
                    ProgressTracker.format(progress.eta()));
        }
    }

    @Override
    public void onEpoch(int epoch, long step, double trainingLoss, double learningRate,
            EvaluationMetrics validation) {
        LOG.info("Epoch {}/{} step {}/{}: training loss {}{}, learning rate {}, {} examples/s, elapsed {}, ETA {}",
                epoch, progress.epochs(), step, progress.totalSteps(), number(trainingLoss),
                validation == null ? "" : ", " + metricsText("validation", validation), number(learningRate), rate(progress.examplesPerSecond()),
                ProgressTracker.format(progress.elapsed()), ProgressTracker.format(progress.eta()));
        progress.endEpoch();
    }

    @Override
    public void onFinish(EvaluationMetrics test, String modelPath) {
        String testText = test == null ? "no test set" : metricsText("test", test);
        LOG.info("Training finished in {} after {} steps: {}; model {}",
                ProgressTracker.format(progress.started() ? progress.elapsed() : null), progress.currentStep(),
                testText, modelPath == null ? "not saved" : "written to " + modelPath);
    }

    @Override
    public void onFailure(Throwable error) {
        if (!progress.started()) {
            LOG.info("Training failed before it started: {}", error.toString());
            return;
        }
        LOG.info("Training failed after {} at step {}: {}", ProgressTracker.format(progress.elapsed()),
                progress.currentStep(), error.toString());
    }

    /** Returns "validation loss L, validation accuracy A %" and the like, leaving out absent values. */
    private static String metricsText(String dataSet, EvaluationMetrics metrics) {
        StringJoiner parts = new StringJoiner(", ");
        if (metrics.loss() != null) {
            parts.add(dataSet + " loss " + number(metrics.loss()));
        }
        if (metrics.accuracy() != null) {
            parts.add(String.format(Locale.ROOT, "%s accuracy %.2f %%", dataSet, 100 * metrics.accuracy()));
        }
        if (metrics.rmse() != null) {
            parts.add(dataSet + " RMSE " + number(metrics.rmse()));
        }
        return parts.toString();
    }

    private static String number(double value) {
        return HtmlReport.formatNumber(value);
    }

    private static String rate(Double examplesPerSecond) {
        return examplesPerSecond == null ? "unknown" : String.format(Locale.ROOT, "%,.0f", examplesPerSecond);
    }
}
