package com.shardprop.spark.report;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * Shows a single progress line that is rewritten in place with a carriage return (steps, loss,
 * examples per second, ETA) for a person watching a local run in a terminal.
 *
 * <p>The line is cleared before each epoch's log line and at the end of the run, so log output
 * never lands in the middle of it. Redraws are limited to one every {@link #REDRAW_INTERVAL} (and
 * the last step of each epoch) because a terminal cannot keep up with thousands of steps per
 * second. Use it only where {@link #isInteractive} holds; elsewhere {@link ProgressLog} alone is
 * enough.
 */
public final class ConsoleProgress implements TrainingListener {

    /** Minimum time between two redraws of the line. */
    static final Duration REDRAW_INTERVAL = Duration.ofMillis(200);

    private final PrintStream out;
    private final Clock clock;
    private final ProgressTracker progress;
    private Instant lastDrawnAt;
    private int drawnLength;

    /**
     * @param out the terminal stream, normally {@code System.err}, where Spark's console log also goes
     * @param clock source of timestamps ({@code Clock.systemUTC()} outside tests)
     */
    public ConsoleProgress(PrintStream out, Clock clock) {
        this.out = out;
        this.clock = clock;
        this.progress = new ProgressTracker(clock);
    }

    /**
     * Returns whether a progress line makes sense: a terminal is attached
     * ({@code System.console() != null}) and Spark runs in this JVM ({@code local} master). On a
     * cluster the driver's output goes to log files, where carriage returns are noise.
     */
    public static boolean isInteractive(boolean localMaster) {
        return localMaster && System.console() != null;
    }

    @Override
    public void onStart(Map<String, String> configuration, int epochs, long stepsPerEpoch) {
        progress.start(epochs, stepsPerEpoch);
        lastDrawnAt = null;
        drawnLength = 0;
    }

    @Override
    public void onStep(int epoch, long step, double loss, double learningRate, long examples) {
        progress.step(step, examples);
        Instant now = clock.instant();
        boolean epochEnd = progress.stepsPerEpoch() > 0 && step % progress.stepsPerEpoch() == 0;
        if (lastDrawnAt != null && !epochEnd && Duration.between(lastDrawnAt, now).compareTo(REDRAW_INTERVAL) < 0) {
            return;
        }
        Double rate = progress.examplesPerSecond();
        draw(String.format(Locale.ROOT, "epoch %d/%d  step %d/%d  loss %s  %s examples/s  ETA %s",
                epoch, progress.epochs(), step, progress.totalSteps(), HtmlReport.formatNumber(loss),
                rate == null ? "—" : String.format(Locale.ROOT, "%,.0f", rate),
                ProgressTracker.format(progress.eta())));
        lastDrawnAt = now;
    }

    @Override
    public void onEpoch(int epoch, long step, double trainingLoss, double learningRate,
            EvaluationMetrics validation) {
        clear();
        progress.endEpoch();
    }

    @Override
    public void onFinish(EvaluationMetrics test, String modelPath) {
        clear();
    }

    @Override
    public void onFailure(Throwable error) {
        clear();
    }

    /** Rewrites the line, padding with spaces over what a longer previous line left behind. */
    private void draw(String line) {
        StringBuilder text = new StringBuilder("\r").append(line);
        for (int i = line.length(); i < drawnLength; i++) {
            text.append(' ');
        }
        out.print(text);
        out.flush();
        drawnLength = line.length();
    }

    private void clear() {
        if (drawnLength > 0) {
            out.print("\r" + " ".repeat(drawnLength) + "\r");
            out.flush();
            drawnLength = 0;
        }
    }
}
