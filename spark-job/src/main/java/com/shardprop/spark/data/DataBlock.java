package com.shardprop.spark.data;

import java.io.Serializable;

/**
 * The training rows of one partition, packed dense and row-major: {@code features} is
 * {@code rows × featureWidth} (one example per row) and {@code targets} is {@code rows × targetWidth}
 * (the class index for softmax, else one value per output; width 0 for prediction input without
 * labels). Blocks are immutable by convention: cached blocks are shared by every training step, so
 * no caller may modify the arrays.
 *
 * <p>{@code sourceWidth} is the widest row as read, before padding to {@code featureWidth}: the
 * column count for dense formats and the largest feature index for LIBSVM. The loader compares it
 * with the model's input width.
 */
public final class DataBlock implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int rows;
    private final int featureWidth;
    private final int targetWidth;
    private final int sourceWidth;
    private final double[] features;
    private final double[] targets;

    /**
     * Creates a block over the given arrays without copying them.
     *
     * @throws IllegalArgumentException if an array length does not match the dimensions
     */
    public DataBlock(int rows, int featureWidth, int targetWidth, int sourceWidth, double[] features, double[] targets) {
        if (features.length != (long) rows * featureWidth || targets.length != (long) rows * targetWidth) {
            throw new IllegalArgumentException("expected " + rows + "×" + featureWidth + " features and " + rows + "×"
                    + targetWidth + " targets, got arrays of " + features.length + " and " + targets.length);
        }
        this.rows = rows;
        this.featureWidth = featureWidth;
        this.targetWidth = targetWidth;
        this.sourceWidth = sourceWidth;
        this.features = features;
        this.targets = targets;
    }

    /** Returns a block of zero rows, the content of an empty partition. */
    public static DataBlock empty(int featureWidth, int targetWidth) {
        return new DataBlock(0, featureWidth, targetWidth, 0, new double[0], new double[0]);
    }

    public int rows() {
        return rows;
    }

    public int featureWidth() {
        return featureWidth;
    }

    public int targetWidth() {
        return targetWidth;
    }

    /** Returns the widest row as read before zero padding (0 for an empty block). */
    public int sourceWidth() {
        return sourceWidth;
    }

    /** Returns the features, {@code rows × featureWidth} row-major; shared, not copied: do not modify. */
    public double[] features() {
        return features;
    }

    /** Returns the targets, {@code rows × targetWidth} row-major; shared, not copied: do not modify. */
    public double[] targets() {
        return targets;
    }

    @Override
    public String toString() {
        return "DataBlock[" + rows + " rows × " + featureWidth + " features, " + targetWidth + " targets]";
    }
}
