package com.shardprop.spark.report;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Elapsed time, throughput and estimated time to completion of a run, from step and epoch
 * events. Shared by the listeners that show progress and the one that records the run.
 *
 * <p>The estimate assumes the remaining steps take as long on average as the steps so far
 * (evaluation time included, since it is spread over the elapsed time): ETA = elapsed / s ·
 * (S − s) after s of S steps. Early stopping can end the run before the estimate.
 */
final class ProgressTracker {

    private final Clock clock;
    private int epochs;
    private long stepsPerEpoch;
    private Instant startedAt;
    private Instant epochStartedAt;
    private Instant lastStepAt;
    private long step;
    private long epochExamples;

    ProgressTracker(Clock clock) {
        this.clock = clock;
    }

    /** Starts the clock of a run with {@code epochs × stepsPerEpoch} steps. */
    void start(int epochs, long stepsPerEpoch) {
        this.epochs = epochs;
        this.stepsPerEpoch = stepsPerEpoch;
        this.startedAt = clock.instant();
        this.epochStartedAt = startedAt;
        this.lastStepAt = null;
        this.step = 0;
        this.epochExamples = 0;
    }

    /** Records that {@code step} (counted from 1 over the run) processed {@code examples}. */
    void step(long step, long examples) {
        this.step = step;
        this.epochExamples += examples;
        this.lastStepAt = clock.instant();
    }

    /** Starts the next epoch's clock and counters; call after reading the ended epoch's figures. */
    void endEpoch() {
        epochStartedAt = clock.instant();
        lastStepAt = null;
        epochExamples = 0;
    }

    boolean started() {
        return startedAt != null;
    }

    Instant startedAt() {
        return startedAt;
    }

    int epochs() {
        return epochs;
    }

    long stepsPerEpoch() {
        return stepsPerEpoch;
    }

    long totalSteps() {
        return (long) epochs * stepsPerEpoch;
    }

    long currentStep() {
        return step;
    }

    Duration elapsed() {
        return Duration.between(startedAt, clock.instant());
    }

    /** Seconds since the current epoch started. */
    double epochSeconds() {
        return seconds(Duration.between(epochStartedAt, clock.instant()));
    }

    /**
     * Training examples per second in the current epoch, from its start to its last step, or null
     * before the epoch's first step.
     */
    Double examplesPerSecond() {
        if (lastStepAt == null || epochExamples == 0) {
            return null;
        }
        double trainingSeconds = seconds(Duration.between(epochStartedAt, lastStepAt));
        return trainingSeconds > 0 ? epochExamples / trainingSeconds : null;
    }

    /** Estimated time to the last step, or null before the first step. */
    Duration eta() {
        if (step <= 0) {
            return null;
        }
        long remaining = Math.max(0, totalSteps() - step);
        return elapsed().dividedBy(step).multipliedBy(remaining);
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }

    /** Formats a duration for people: {@code 42.0 s}, {@code 3 min 05 s}, {@code 2 h 07 min}. */
    static String format(Duration duration) {
        if (duration == null) {
            return "unknown";
        }
        long seconds = duration.toSeconds();
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
        }
        return seconds < 3600
                ? String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60)
                : String.format(Locale.ROOT, "%d h %02d min", seconds / 3600, seconds / 60 % 60);
    }
}
