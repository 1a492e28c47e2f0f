package com.shardprop.core;

import java.util.SplittableRandom;

/** Seeded random inputs and the tolerances shared by the core tests. */
final class TestData {

    /** Tolerance for results that must agree up to floating-point summation order in double. */
    static final double SUMMATION_TOLERANCE = 1e-12;

    /**
     * Tolerance of a single-precision result against the double one, relative to the largest
     * magnitude of the double result: float's unit roundoff 6e-8 grown by sums of up to a few
     * hundred terms.
     */
    static final double FLOAT_TOLERANCE = 1e-4;

    private TestData() {
    }

    /** Returns {@code count} values uniform in [−scale, scale). */
    static double[] uniform(SplittableRandom random, int count, double scale) {
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            values[i] = scale * (2 * random.nextDouble() - 1);
        }
        return values;
    }

    /** Returns targets valid for the loss of {@code spec}: class indices, 0/1 labels, or values in [−1, 1). */
    static double[] targets(SplittableRandom random, NetworkSpec spec, int rows) {
        double[] targets = new double[rows * spec.targetWidth()];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = switch (spec.loss()) {
                case SOFTMAX_CROSS_ENTROPY -> random.nextInt(spec.outputWidth());
                case BINARY_CROSS_ENTROPY -> random.nextInt(2);
                case MEAN_SQUARED_ERROR -> 2 * random.nextDouble() - 1;
            };
        }
        return targets;
    }

    /** Returns 0, 1, …, n−1. */
    static int[] identityOrder(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }

    /** Returns 0, 1, …, n−1 as row ids. */
    static long[] rowIds(int n) {
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i;
        }
        return ids;
    }

    /** Returns the gradient sum of all rows in one call. */
    static GradientSum gradient(Backprop backprop, Parameters parameters, double[] features, double[] targets, int rows,
                                long dropoutSeed) {
        GradientSum sum = new GradientSum(parameters.spec().parameterCount());
        backprop.accumulate(parameters, features, targets, identityOrder(rows), 0, rows, dropoutSeed, rowIds(rows), sum);
        return sum;
    }
}
