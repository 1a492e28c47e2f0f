package com.shardprop.spark.train;

import java.util.Arrays;
import java.util.PriorityQueue;

/**
 * Splits each global mini-batch of an epoch across the data partitions in proportion to their
 * sizes.
 *
 * <p>An epoch over {@code N} rows with global batch {@code B} has {@code ceil(N / B)} steps; step
 * {@code s} takes global positions {@code [s·B, min((s+1)·B, N))}. Partition {@code p} with
 * {@code n_p} rows owns the global positions of its rows in a fixed merge order: its row
 * {@code i} sits at the fraction {@code (i + 1/2) / n_p} of the epoch, and all rows are sorted by
 * that fraction (ties go to the lower partition index). So after any {@code k} positions over
 * {@code P} partitions, partition {@code p} has contributed {@code k·n_p/N} rows give or take
 * {@code 1 + P/2}, each partition's slices tile its rows exactly once per epoch, and every step's
 * slices add up to the global batch. Empty partitions get empty slices.
 *
 * <p>A slice {@code [start, end)} indexes the partition's rows in its shuffled order for the
 * epoch; the shuffle itself happens on the executor. The plan depends only on the partition
 * sizes and {@code B}, so every epoch has the same slice sizes.
 */
public final class BatchPlanner {

    private final long[] partitionRows;
    private final long rowCount;
    private final long batchSize;

    /**
     * Creates a planner.
     *
     * @param partitionRows rows per partition, each in {@code [0, Integer.MAX_VALUE]}
     * @param batchSize global batch size {@code B ≥ 1}; {@code B ≥ N} is full-batch gradient descent
     */
    public BatchPlanner(long[] partitionRows, long batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be ≥ 1, got " + batchSize);
        }
        long total = 0;
        for (int p = 0; p < partitionRows.length; p++) {
            if (partitionRows[p] < 0 || partitionRows[p] > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("partition " + p + " has " + partitionRows[p]
                        + " rows; expected 0 to " + Integer.MAX_VALUE + " rows per partition");
            }
            total += partitionRows[p];
        }
        if (total == 0) {
            throw new IllegalArgumentException("cannot plan batches over an empty data set");
        }
        this.partitionRows = partitionRows.clone();
        this.rowCount = total;
        this.batchSize = Math.min(batchSize, total);
    }

    /** Returns {@code N}, the rows in one epoch. */
    public long rowCount() {
        return rowCount;
    }

    /** Returns the global batch size, capped at {@code N}. */
    public long batchSize() {
        return batchSize;
    }

    /** Returns {@code ceil(N / B)}. */
    public long stepsPerEpoch() {
        return (rowCount + batchSize - 1) / batchSize;
    }

    /** Returns an iterator over the slices of one epoch's steps, in step order. */
    public Epoch startEpoch() {
        return new Epoch();
    }

    /** The slices of one global batch: partition {@code p} takes its shuffled rows {@code [start[p], end[p])}. */
    public static final class Slices {
        private final int[] start;
        private final int[] end;
        private final long rows;

        Slices(int[] start, int[] end, long rows) {
            this.start = start;
            this.end = end;
            this.rows = rows;
        }

        /** Returns a copy of the first shuffled row index per partition (inclusive). */
        public int[] start() {
            return start.clone();
        }

        /** Returns a copy of the last shuffled row index per partition (exclusive). */
        public int[] end() {
            return end.clone();
        }

        /** Returns the global batch size of this step, the sum of all slice lengths. */
        public long rows() {
            return rows;
        }

        @Override
        public String toString() {
            return "Slices{start=" + Arrays.toString(start) + ", end=" + Arrays.toString(end) + "}";
        }
    }

    /** The steps of one epoch. Not thread-safe. */
    public final class Epoch {
        private final int[] consumed = new int[partitionRows.length];
        private final PriorityQueue<Integer> next = new PriorityQueue<>(Math.max(1, partitionRows.length),
                this::compareNextRow);
        private long remaining = rowCount;

        private Epoch() {
            for (int p = 0; p < partitionRows.length; p++) {
                if (partitionRows[p] > 0) {
                    next.add(p);
                }
            }
        }

        /** Returns whether the epoch has steps left. */
        public boolean hasNext() {
            return remaining > 0;
        }

        /** Returns the next step's slices. */
        public Slices next() {
            if (remaining == 0) {
                throw new IllegalStateException("the epoch has no steps left");
            }
            int[] start = consumed.clone();
            long rows = Math.min(batchSize, remaining);
            if (rows == remaining) {
                // The last step takes every row left, so skip the merge.
                for (int p = 0; p < consumed.length; p++) {
                    consumed[p] = (int) partitionRows[p];
                }
                next.clear();
            } else {
                for (long taken = 0; taken < rows; taken++) {
                    int p = next.poll();
                    consumed[p]++;
                    if (consumed[p] < partitionRows[p]) {
                        next.add(p);
                    }
                }
            }
            remaining -= rows;
            return new Slices(start, consumed.clone(), rows);
        }

        /** Orders partitions by the epoch fraction (consumed + 1/2) / n of their next row, then by index. */
        private int compareNextRow(int p, int q) {
            // (2a_p + 1) / (2 n_p) < (2a_q + 1) / (2 n_q), cross-multiplied; the products stay below 2^63.
            long left = (2L * consumed[p] + 1) * partitionRows[q];
            long right = (2L * consumed[q] + 1) * partitionRows[p];
            int byFraction = Long.compare(left, right);
            return byFraction != 0 ? byFraction : Integer.compare(p, q);
        }
    }
}
