package com.shardprop.spark.data;

import java.util.Arrays;

/**
 * Packs parsed rows into one {@link DataBlock}, growing its arrays geometrically. Rows are written
 * in place through {@link #nextRow()} so that no per-row array is allocated.
 */
final class BlockBuilder {

    private final int featureWidth;
    private final int targetWidth;
    private double[] features;
    private double[] targets;
    private int rows;
    private int sourceWidth;

    BlockBuilder(int featureWidth, int targetWidth) {
        this.featureWidth = featureWidth;
        this.targetWidth = targetWidth;
        this.features = new double[featureWidth * 16];
        this.targets = new double[targetWidth * 16];
    }

    /**
     * Appends a zero row and returns its index; write its values through {@link #features()} at
     * {@code index × featureWidth} and {@link #targets()} at {@code index × targetWidth}.
     */
    int nextRow() {
        if ((long) (rows + 1) * featureWidth > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("a partition holds more than " + rows + " rows of " + featureWidth
                    + " features, more than one Java array can hold; read with more partitions");
        }
        if ((rows + 1) * featureWidth > features.length || (rows + 1) * targetWidth > targets.length) {
            int capacity = Math.max(rows * 2, 16);
            features = Arrays.copyOf(features, (int) Math.min((long) capacity * featureWidth, Integer.MAX_VALUE - 8));
            targets = Arrays.copyOf(targets, capacity * targetWidth);
        }
        return rows++;
    }

    double[] features() {
        return features;
    }

    double[] targets() {
        return targets;
    }

    /** Records the width of a row as read, before padding. */
    void noteSourceWidth(int width) {
        sourceWidth = Math.max(sourceWidth, width);
    }

    DataBlock build() {
        return new DataBlock(rows, featureWidth, targetWidth, sourceWidth,
                Arrays.copyOf(features, rows * featureWidth), Arrays.copyOf(targets, rows * targetWidth));
    }
}
