package com.shardprop.spark.train;

import com.shardprop.core.EvaluationSum;
import com.shardprop.core.GradientSum;

/**
 * Merge functions for tree aggregation, in which null is the empty sum. Aggregating from a null
 * zero value keeps a parameter-sized zero buffer out of every task closure.
 */
final class Sums {

    private Sums() {
    }

    /** Returns {@code left + right}, reusing {@code left}'s buffer; either may be null. */
    static GradientSum mergeGradients(GradientSum left, GradientSum right) {
        if (left == null) {
            return right;
        }
        return right == null ? left : left.add(right);
    }

    /** Returns {@code left + right}, reusing {@code left}; either may be null. */
    static EvaluationSum mergeEvaluations(EvaluationSum left, EvaluationSum right) {
        if (left == null) {
            return right;
        }
        return right == null ? left : left.add(right);
    }

    /**
     * Returns the default {@code treeAggregate} depth for {@code partitions} partitions: the
     * smallest depth at which each level merges at most 8 results, so the driver receives at most
     * about 8 parameter-sized sums per step. One partition to 8 give depth 1 (no shuffle).
     */
    static int defaultAggregationDepth(int partitions) {
        int depth = 1;
        long reach = 8;
        while (reach < partitions) {
            depth++;
            reach *= 8;
        }
        return depth;
    }
}
