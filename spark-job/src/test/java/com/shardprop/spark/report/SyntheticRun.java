package com.shardprop.spark.report;

import com.shardprop.core.EvaluationSum;
import com.shardprop.core.Loss;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Builds run records of a made-up classification run by driving a {@link RunRecorder} with a
 * {@link ManualClock}, the way the trainer does: every step takes {@link #STEP_TIME}, every
 * evaluation {@link #EVALUATION_TIME}.
 */
final class SyntheticRun {

    static final Instant START = Instant.parse("2026-03-01T10:00:00Z");
    static final int CLASSES = 10;
    static final int EPOCHS = 6;
    static final int STEPS_PER_EPOCH = 4;
    static final int BATCH = 250;
    static final Duration STEP_TIME = Duration.ofMillis(500);
    static final Duration EVALUATION_TIME = Duration.ofSeconds(1);
    static final double BASE_LEARNING_RATE = 0.05;

    private SyntheticRun() {}

    static Map<String, String> configuration() {
        Map<String, String> configuration = new LinkedHashMap<>();
        configuration.put("layers", "784,256:relu:0.2,128:relu,10:softmax");
        configuration.put("optimizer", "adam(beta1=0.9, beta2=0.999, eps=1e-8)");
        configuration.put("batch size", Integer.toString(BATCH));
        configuration.put("partitions", "2");
        configuration.put("seed", "42");
        configuration.put("training data", "fashion-mnist-sample/train-images-idx3-ubyte.gz (1000 rows)");
        configuration.put("note", "<b>not markup</b> & \"quoted\"");
        return configuration;
    }

    /** Learning rate of a step: halves every two epochs. */
    static double learningRate(int epoch) {
        return BASE_LEARNING_RATE / (1 << ((epoch - 1) / 2));
    }

    /** Training loss reported for an epoch: decreasing, so the charts have a shape. */
    static double trainingLoss(int epoch) {
        return 2.0 / (1 + epoch);
    }

    /**
     * Runs the listener calls of a successful run, validating every second epoch, and returns the
     * finished record.
     */
    static RunRecord succeeded() {
        ManualClock clock = new ManualClock(START);
        RunRecorder recorder = new RunRecorder(clock, List.of());
        drive(recorder, clock);
        clock.advance(EVALUATION_TIME);
        recorder.onFinish(evaluation(5000, 0.86, 11L), "/models/run-42.model");
        return recorder.record();
    }

    /** Returns the record of a regression run: validation and test metrics carry RMSE, no classes. */
    static RunRecord regression() {
        ManualClock clock = new ManualClock(START);
        RunRecorder recorder = new RunRecorder(clock, List.of());
        recorder.onStart(configuration(), EPOCHS, STEPS_PER_EPOCH);
        for (int epoch = 1; epoch <= EPOCHS; epoch++) {
            clock.advance(STEP_TIME);
            recorder.onStep(epoch, epoch, trainingLoss(epoch), learningRate(epoch), BATCH);
            recorder.onEpoch(epoch, epoch, trainingLoss(epoch), learningRate(epoch), regressionEvaluation(epoch));
        }
        recorder.onFinish(regressionEvaluation(EPOCHS + 1), null);
        return recorder.record();
    }

    /** Returns the record of a run that failed before its first epoch ended. */
    static RunRecord failedAtStart() {
        ManualClock clock = new ManualClock(START);
        RunRecorder recorder = new RunRecorder(clock, List.of());
        recorder.onStart(configuration(), EPOCHS, STEPS_PER_EPOCH);
        clock.advance(STEP_TIME);
        recorder.onFailure(new IllegalStateException("Training diverged at epoch 1, step 1"));
        return recorder.record();
    }

    private static EvaluationMetrics regressionEvaluation(int epoch) {
        EvaluationSum sum = new EvaluationSum(Loss.MEAN_SQUARED_ERROR, 1);
        double error = 1.0 / epoch;
        sum.addBlock(new double[] {error, -error}, new double[] {0, 0}, 2, error * error);
        return EvaluationMetrics.from(sum);
    }

    /** Drives {@code listener} through all epochs with {@code clock}. */
    static void drive(TrainingListener listener, ManualClock clock) {
        listener.onStart(configuration(), EPOCHS, STEPS_PER_EPOCH);
        long step = 0;
        for (int epoch = 1; epoch <= EPOCHS; epoch++) {
            for (int i = 0; i < STEPS_PER_EPOCH; i++) {
                clock.advance(STEP_TIME);
                step++;
                listener.onStep(epoch, step, trainingLoss(epoch) + 0.01 * i, learningRate(epoch), BATCH);
            }
            EvaluationMetrics validation = null;
            if (epoch % 2 == 0) {
                clock.advance(EVALUATION_TIME);
                validation = evaluation(1000, 0.70 + 0.03 * epoch, epoch);
            }
            listener.onEpoch(epoch, step, trainingLoss(epoch), learningRate(epoch), validation);
        }
    }

    /**
     * Returns metrics of {@code examples} made-up predictions, right with probability
     * {@code accuracy}, wrong towards the next class otherwise.
     */
    static EvaluationMetrics evaluation(int examples, double accuracy, long seed) {
        Random random = new Random(seed);
        EvaluationSum sum = new EvaluationSum(Loss.SOFTMAX_CROSS_ENTROPY, CLASSES);
        double[] outputs = new double[examples * CLASSES];
        double[] targets = new double[examples];
        for (int row = 0; row < examples; row++) {
            int label = random.nextInt(CLASSES);
            int predicted = random.nextDouble() < accuracy ? label : (label + 1 + random.nextInt(2)) % CLASSES;
            targets[row] = label;
            outputs[row * CLASSES + predicted] = 1;
        }
        sum.addBlock(outputs, targets, examples, 0.4 * examples);
        return EvaluationMetrics.from(sum);
    }
}
