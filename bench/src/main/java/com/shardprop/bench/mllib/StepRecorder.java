package com.shardprop.bench.mllib;

import com.shardprop.spark.report.EvaluationMetrics;
import com.shardprop.spark.report.TrainingListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A {@link TrainingListener} that records when each step and epoch of a Shardprop run ended, the
 * test accuracy after each epoch, and optionally the driver heap.
 *
 * <p>Training time excludes evaluation: the evaluation of epoch e runs between the last step of
 * epoch e and {@code onEpoch(e)}, and {@link #trainingSeconds(int)} subtracts it.
 *
 * <p>A run stops early when the stop condition accepts an epoch or the step limit is reached:
 * {@code onEpoch} or {@code onStep} then throws {@link StopTraining}, which leaves
 * {@code SparkTrainer.train} (listener exceptions propagate to the trainer by contract) after the
 * step's broadcast was released; {@link ShardpropRuns} catches it.
 */
final class StepRecorder implements TrainingListener {

    /** Thrown from {@code onEpoch} to end a run once the benchmark has what it needs. */
    static final class StopTraining extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StopTraining() {
            super("benchmark stop condition met", null, false, false);
        }
    }

    /** What the recorder saw at the end of one epoch. */
    static final class EpochEnd {
        final int epoch;
        final double trainingSeconds;
        final double accuracy;

        EpochEnd(int epoch, double trainingSeconds, double accuracy) {
            this.epoch = epoch;
            this.trainingSeconds = trainingSeconds;
            this.accuracy = accuracy;
        }
    }

    private final Predicate<EpochEnd> stopAfterEpoch;
    private final long stopAfterSteps;
    private final int heapInterval;
    private long startNanos;
    private long evaluationNanos;
    private long lastStepNanos;
    private final List<Long> stepNanos = new ArrayList<>();
    private final List<Long> stepMillis = new ArrayList<>();
    private final List<Integer> lastStepOfEpoch = new ArrayList<>();
    private final List<EpochEnd> epochs = new ArrayList<>();
    private final List<Long> heapAfterGc = new ArrayList<>();
    private long peakHeapBytes;

    private StepRecorder(Predicate<EpochEnd> stopAfterEpoch, long stopAfterSteps, int heapInterval) {
        this.stopAfterEpoch = stopAfterEpoch;
        this.stopAfterSteps = stopAfterSteps;
        this.heapInterval = heapInterval;
    }

    /** Creates a recorder that lets a run train all its epochs. */
    static StepRecorder untilEnd() {
        return new StepRecorder(epoch -> false, Long.MAX_VALUE, 0);
    }

    /** Creates a recorder that stops a run after the first epoch that {@code stopAfter} accepts. */
    static StepRecorder untilEpoch(Predicate<EpochEnd> stopAfter) {
        return new StepRecorder(stopAfter, Long.MAX_VALUE, 0);
    }

    /**
     * Creates a recorder that stops a run after {@code steps} steps.
     *
     * @param heapInterval steps between a full GC and a heap reading, or 0 for no heap recording
     */
    static StepRecorder untilStep(long steps, int heapInterval) {
        return new StepRecorder(epoch -> false, steps, heapInterval);
    }

    @Override
    public void onStart(Map<String, String> configuration, int epochs, long stepsPerEpoch) {
        startNanos = System.nanoTime();
        lastStepNanos = startNanos;
    }

    @Override
    public void onStep(int epoch, long step, double loss, double learningRate, long examples) {
        lastStepNanos = System.nanoTime();
        stepNanos.add(lastStepNanos);
        stepMillis.add(System.currentTimeMillis());
        if (heapInterval > 0) {
            Runtime runtime = Runtime.getRuntime();
            peakHeapBytes = Math.max(peakHeapBytes, runtime.totalMemory() - runtime.freeMemory());
            if (step % heapInterval == 0) {
                // A full collection leaves only live objects, so the reading shows retained memory.
                System.gc();
                heapAfterGc.add(runtime.totalMemory() - runtime.freeMemory());
            }
        }
        if (step >= stopAfterSteps) {
            throw new StopTraining();
        }
    }

    @Override
    public void onEpoch(int epoch, long step, double trainingLoss, double learningRate, EvaluationMetrics validation) {
        long now = System.nanoTime();
        lastStepOfEpoch.add(stepNanos.size() - 1);
        double trainingSeconds = (lastStepNanos - startNanos - evaluationNanos) / 1e9;
        evaluationNanos += now - lastStepNanos;
        double accuracy = validation == null || validation.accuracy() == null ? Double.NaN : validation.accuracy();
        EpochEnd end = new EpochEnd(epoch, trainingSeconds, accuracy);
        epochs.add(end);
        if (stopAfterEpoch.test(end)) {
            throw new StopTraining();
        }
    }

    /** Returns the epoch ends recorded so far, in order. */
    List<EpochEnd> epochs() {
        return List.copyOf(epochs);
    }

    /** Returns the seconds between consecutive steps, from step {@code first} (from 1) on; evaluation time falls between epochs. */
    List<Double> stepSeconds(int first) {
        List<Double> seconds = new ArrayList<>();
        for (int i = Math.max(first, 2) - 1; i < stepNanos.size(); i++) {
            seconds.add((stepNanos.get(i) - stepNanos.get(i - 1)) / 1e9);
        }
        return seconds;
    }

    /** Returns the wall-clock time in milliseconds when step {@code step} (from 1) ended. */
    long stepEndMillis(int step) {
        return stepMillis.get(step - 1);
    }

    int steps() {
        return stepNanos.size();
    }

    /**
     * Returns the training seconds of each epoch from epoch 2 on: from the last step of the
     * previous epoch to the last step of this one, with no evaluation configured in between.
     */
    List<Double> epochSeconds() {
        List<Double> seconds = new ArrayList<>();
        for (int e = 1; e < lastStepOfEpoch.size(); e++) {
            seconds.add((stepNanos.get(lastStepOfEpoch.get(e)) - stepNanos.get(lastStepOfEpoch.get(e - 1))) / 1e9);
        }
        return seconds;
    }

    /** Returns the heap in use after each full GC, one reading every {@code heapInterval} steps. */
    List<Long> heapAfterGc() {
        return List.copyOf(heapAfterGc);
    }

    /** Returns the largest heap in use seen at the end of any step. */
    long peakHeapBytes() {
        return peakHeapBytes;
    }
}
