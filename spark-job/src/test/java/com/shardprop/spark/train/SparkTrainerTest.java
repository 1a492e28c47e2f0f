package com.shardprop.spark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.shardprop.core.Initializer;
import com.shardprop.core.LearningRateSchedule;
import com.shardprop.core.NetworkSpec;
import com.shardprop.core.OptimizerConfig;
import com.shardprop.core.OptimizerState;
import com.shardprop.core.Parameters;
import com.shardprop.core.ReferenceTrainer;
import com.shardprop.spark.report.TrainingListener;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The Spark trainer against {@link ReferenceTrainer}, the single-process oracle. Full-batch steps
 * see the same global batch under any partitioning, so their parameters must agree up to
 * floating-point summation order.
 */
class SparkTrainerTest {

    /** Relative tolerance for parameters that differ only in summation order. */
    private static final double RELATIVE_TOLERANCE = 1e-12;

    private static final int ROWS = 20;
    private static final int CLASSES = 3;
    private static final NetworkSpec SPEC = NetworkSpec.parse("5,8:tanh,6:relu,3:softmax");
    private static final NetworkSpec DROPOUT_SPEC = NetworkSpec.parse("5,8:tanh:0.3,6:relu:0.2,3:softmax");
    private static final OptimizerConfig MOMENTUM = OptimizerConfig.builder()
            .kind(OptimizerConfig.Kind.SGD).momentum(0.9).build();
    private static final long SEED = 42;

    private static final double[] FEATURES = randomFeatures(ROWS, 5, 7);
    /** Class labels sorted ascending, so a split at the class boundaries puts one class in each partition. */
    private static final double[] TARGETS = IntStream.range(0, ROWS).mapToDouble(r -> r * CLASSES / ROWS).toArray();

    private static double[] randomFeatures(int rows, int width, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] features = new double[rows * width];
        for (int i = 0; i < features.length; i++) {
            features[i] = random.nextDouble(-2, 2);
        }
        return features;
    }

    private static double[] referenceSteps(NetworkSpec spec, OptimizerConfig optimizer, Parameters initial, int steps) {
        ReferenceTrainer reference = new ReferenceTrainer(spec, ROWS, optimizer, LearningRateSchedule.constant(0.1),
                SEED);
        Parameters parameters = initial.copy();
        OptimizerState state = reference.optimizer().newState(spec.parameterCount());
        reference.train(parameters, state, FEATURES, TARGETS, ROWS, 0, steps);
        return parameters.values();
    }

    private static TrainingResult sparkSteps(OptimizerConfig optimizer, Parameters initial, long[] sizes, int steps) {
        TrainingConfig config = TrainingConfig.builder().epochs(steps).batchSize(0).seed(SEED)
                .optimizer(optimizer).learningRate(0.1).build();
        return new SparkTrainer(config, TrainingListener.NONE)
                .train(TestBlocks.partitioned(FEATURES, 5, TARGETS, 1, sizes), sizes, null, initial);
    }

    private static void assertClose(double[] expected, double[] actual, String where) {
        assertEquals(expected.length, actual.length, where + ": parameter count");
        for (int i = 0; i < expected.length; i++) {
            double scale = Math.max(1, Math.abs(expected[i]));
            assertEquals(expected[i], actual[i], RELATIVE_TOLERANCE * scale, where + ": parameter " + i);
        }
    }

    @Test
    void oneStepMatchesReferenceOnOnePartition() {
        Parameters initial = Initializer.initialize(SPEC, 3);
        double[] expected = referenceSteps(SPEC, MOMENTUM, initial, 1);
        assertClose(expected, sparkSteps(MOMENTUM, initial, new long[] {ROWS}, 1).parameters().values(), "1 partition");
    }

    @Test
    void oneStepMatchesReferenceOnUnequalPartitions() {
        Parameters initial = Initializer.initialize(SPEC, 3);
        double[] expected = referenceSteps(SPEC, MOMENTUM, initial, 1);
        double[] actual = sparkSteps(MOMENTUM, initial, new long[] {1, 4, 5, 10}, 1).parameters().values();
        assertClose(expected, actual, "partitions of 1/4/5/10 rows");
    }

    @Test
    void oneStepMatchesReferenceWithOneClassPerPartition() {
        Parameters initial = Initializer.initialize(SPEC, 3);
        double[] expected = referenceSteps(SPEC, MOMENTUM, initial, 1);
        // TARGETS is sorted: rows 0–6 are class 0, 7–13 class 1, 14–19 class 2.
        double[] actual = sparkSteps(MOMENTUM, initial, new long[] {7, 7, 6}, 1).parameters().values();
        assertClose(expected, actual, "one class per partition");
    }

    @Test
    void adamStepsWithDropoutMatchReference() {
        Parameters initial = Initializer.initialize(DROPOUT_SPEC, 5);
        double[] expected = referenceSteps(DROPOUT_SPEC, OptimizerConfig.adam(), initial, 3);
        TrainingConfig config = TrainingConfig.builder().epochs(3).batchSize(0).seed(SEED)
                .optimizer(OptimizerConfig.adam()).learningRate(0.1).build();
        long[] sizes = {6, 0, 9, 5};
        double[] actual = new SparkTrainer(config, TrainingListener.NONE)
                .train(TestBlocks.partitioned(FEATURES, 5, TARGETS, 1, sizes), sizes, null, initial)
                .parameters().values();
        assertClose(expected, actual, "3 Adam steps with dropout on 4 partitions");
    }

    @Test
    void threeRowsOnEightPartitionsMatchOnePartition() {
        double[] features = {0.5, -1, 2, 0.1, -0.3, 1.5, 1, 1, -2, 0.7, 0.2, -0.4, 0, 0, 3};
        double[] targets = {2, 0, 1};
        Parameters initial = Initializer.initialize(SPEC, 9);
        TrainingConfig config = TrainingConfig.builder().epochs(4).batchSize(0).seed(SEED).optimizer(MOMENTUM)
                .learningRate(0.1).build();
        long[] one = {3};
        long[] eight = {0, 1, 0, 0, 1, 0, 1, 0};
        double[] single = new SparkTrainer(config, TrainingListener.NONE)
                .train(TestBlocks.partitioned(features, 5, targets, 1, one), one, null, initial)
                .parameters().values();
        double[] spread = new SparkTrainer(config, TrainingListener.NONE)
                .train(TestBlocks.partitioned(features, 5, targets, 1, eight), eight, null, initial)
                .parameters().values();
        assertClose(single, spread, "3 rows on 8 partitions");
    }

    @Test
    void miniBatchEpochVisitsEveryRowOnce() {
        Parameters initial = Initializer.initialize(SPEC, 3);
        long[] sizes = {1, 4, 5, 10};
        TrainingConfig config = TrainingConfig.builder().epochs(2).batchSize(6).seed(SEED).optimizer(MOMENTUM)
                .learningRate(0.05).build();
        long[] examples = new long[1];
        long[] steps = new long[1];
        TrainingListener counter = new TrainingListener() {
            @Override
            public void onStep(int epoch, long step, double loss, double learningRate, long batchExamples) {
                examples[0] += batchExamples;
                steps[0] = step;
            }
        };
        TrainingResult result = new SparkTrainer(config, counter)
                .train(TestBlocks.partitioned(FEATURES, 5, TARGETS, 1, sizes), sizes, null, initial);
        assertEquals(8, steps[0], "2 epochs of ceil(20 / 6) steps");
        assertEquals(2 * ROWS, examples[0], "examples over 2 epochs");
        assertEquals(8, result.steps());
    }

    @Test
    void divergenceStopsWithTheStep() {
        Parameters initial = Initializer.initialize(SPEC, 3);
        TrainingConfig config = TrainingConfig.builder().epochs(50).batchSize(0).seed(SEED)
                .optimizer(OptimizerConfig.sgd()).learningRate(1e300).build();
        long[] sizes = {10, 10};
        TrainingDivergedException error = assertThrows(TrainingDivergedException.class,
                () -> new SparkTrainer(config, TrainingListener.NONE)
                        .train(TestBlocks.partitioned(FEATURES, 5, TARGETS, 1, sizes), sizes, null, initial));
        assertTrue(error.getMessage().contains("step "), error.getMessage());
        assertTrue(error.getMessage().contains("--learning-rate"), error.getMessage());
    }
}
