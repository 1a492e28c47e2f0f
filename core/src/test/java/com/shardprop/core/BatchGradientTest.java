package com.shardprop.core;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Properties of gradient sums: batching, sub-batching and splitting the rows never change the result. */
class BatchGradientTest {

    private static final NetworkSpec SPEC = NetworkSpec.parse("6,10:relu:0.3,7:tanh:0.2,4:softmax");
    private static final int ROWS = 23;

    private final SplittableRandom random = new SplittableRandom(7);
    private final Parameters parameters = Initializer.initialize(SPEC, Initializer.HE, 3);
    private final double[] features = TestData.uniform(random, ROWS * SPEC.inputWidth(), 2);
    private final double[] targets = TestData.targets(random, SPEC, ROWS);
    private final long[] rowIds = TestData.rowIds(ROWS);

    @Test
    void batchGradientEqualsSumOfPerExampleGradients() {
        GradientSum batch = TestData.gradient(new Backprop(SPEC, ROWS), parameters, features, targets, ROWS, 5);

        Backprop single = new Backprop(SPEC, 1);
        GradientSum perExample = new GradientSum(SPEC.parameterCount());
        for (int r = 0; r < ROWS; r++) {
            GradientSum one = new GradientSum(SPEC.parameterCount());
            single.accumulate(parameters, features, targets, new int[] {r}, 0, 1, 5, rowIds, one);
            assertEquals(1, one.count());
            perExample.add(one);
        }

        assertEquals(ROWS, batch.count());
        assertEquals(perExample.count(), batch.count());
        assertEquals(perExample.lossSum(), batch.lossSum(), TestData.SUMMATION_TOLERANCE * ROWS);
        assertArrayClose(perExample.values(), batch.values());
    }

    @Test
    void subBatchSizeDoesNotChangeGradient() {
        GradientSum whole = TestData.gradient(new Backprop(SPEC, 64), parameters, features, targets, ROWS, 5);
        GradientSum chunked = TestData.gradient(new Backprop(SPEC, 4), parameters, features, targets, ROWS, 5);
        assertEquals(whole.count(), chunked.count());
        assertEquals(whole.lossSum(), chunked.lossSum(), TestData.SUMMATION_TOLERANCE * ROWS);
        assertArrayClose(whole.values(), chunked.values());
    }

    @Test
    void splitRowsMergeToSameGradient() {
        // Rows in a shuffled order, split into two "partitions" at row 9: masks follow row ids, not positions.
        int[] order = ReferenceTrainer.epochOrder(11, 0, ROWS);
        Backprop backprop = new Backprop(SPEC, 8);
        GradientSum all = new GradientSum(SPEC.parameterCount());
        backprop.accumulate(parameters, features, targets, order, 0, ROWS, 5, rowIds, all);
        GradientSum first = new GradientSum(SPEC.parameterCount());
        GradientSum second = new GradientSum(SPEC.parameterCount());
        backprop.accumulate(parameters, features, targets, order, 9, ROWS, 5, rowIds, second);
        backprop.accumulate(parameters, features, targets, order, 0, 9, 5, rowIds, first);
        first.add(second);
        assertEquals(all.count(), first.count());
        assertEquals(all.lossSum(), first.lossSum(), TestData.SUMMATION_TOLERANCE * ROWS);
        assertArrayClose(all.values(), first.values());
    }

    @Test
    void dropoutSeedChangesGradient() {
        GradientSum a = TestData.gradient(new Backprop(SPEC, ROWS), parameters, features, targets, ROWS, 5);
        GradientSum b = TestData.gradient(new Backprop(SPEC, ROWS), parameters, features, targets, ROWS, 6);
        assertNotEquals(a.lossSum(), b.lossSum());
    }

    @Test
    void meanGradientDividesOnceByCount() {
        GradientSum sum = new GradientSum(new double[] {4, -2}, 4, 10);
        double[] mean = sum.meanGradient();
        assertEquals(1, mean[0], 0);
        assertEquals(-0.5, mean[1], 0);
        assertEquals(2.5, sum.meanLoss(), 0);
    }

    private static void assertArrayClose(double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            int index = i;
            assertEquals(expected[i], actual[i], TestData.SUMMATION_TOLERANCE * (1 + Math.abs(expected[i])) * ROWS,
                    () -> GradientCheckTest.describe(SPEC, index));
        }
    }
}
