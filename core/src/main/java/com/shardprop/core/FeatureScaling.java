package com.shardprop.core;

import java.io.Serializable;

/**
 * Per-column standardization {@code x' = (x − μ) / σ}, fitted on training data and stored in
 * the model so that prediction applies the same transform. A column with σ = 0 (constant in
 * the training data) is only centred: its σ is stored as 1.
 */
public final class FeatureScaling implements Serializable {

    private static final long serialVersionUID = 1L;

    private final double[] mean;
    private final double[] standardDeviation;

    /**
     * @param mean              μ per column; copied
     * @param standardDeviation σ per column, ≥ 0 and finite; 0 is replaced by 1; copied
     * @throws InvalidInputException for unequal lengths or non-finite values
     */
    public FeatureScaling(double[] mean, double[] standardDeviation) {
        if (mean.length != standardDeviation.length) {
            throw new InvalidInputException("feature scaling needs one mean and one standard deviation per column, got "
                    + mean.length + " means and " + standardDeviation.length + " standard deviations");
        }
        this.mean = mean.clone();
        this.standardDeviation = standardDeviation.clone();
        for (int j = 0; j < mean.length; j++) {
            if (!Double.isFinite(mean[j]) || !(standardDeviation[j] >= 0 && Double.isFinite(standardDeviation[j]))) {
                throw new InvalidInputException("feature scaling column " + j + ": mean must be finite and standard deviation "
                        + "≥ 0 and finite, got mean " + mean[j] + " and standard deviation " + standardDeviation[j]);
            }
            if (standardDeviation[j] == 0) {
                this.standardDeviation[j] = 1;
            }
        }
    }

    /**
     * Fits μ and the population σ of each column of {@code features} (rows × width,
     * row-major), using Welford's update so that large offsets lose no precision.
     */
    public static FeatureScaling fit(double[] features, int rows, int width) {
        if (rows < 1) {
            throw new InvalidInputException("cannot fit feature scaling on 0 rows");
        }
        double[] mean = new double[width];
        double[] squares = new double[width];
        for (int r = 0; r < rows; r++) {
            int base = r * width;
            for (int j = 0; j < width; j++) {
                double x = features[base + j];
                double delta = x - mean[j];
                mean[j] += delta / (r + 1);
                squares[j] += delta * (x - mean[j]);
            }
        }
        double[] deviation = new double[width];
        for (int j = 0; j < width; j++) {
            deviation[j] = Math.sqrt(squares[j] / rows);
        }
        return new FeatureScaling(mean, deviation);
    }

    /** Returns the number of columns. */
    public int width() {
        return mean.length;
    }

    /** Returns a copy of μ. */
    public double[] mean() {
        return mean.clone();
    }

    /** Returns a copy of σ (with 1 where the fitted σ was 0). */
    public double[] standardDeviation() {
        return standardDeviation.clone();
    }

    /**
     * Standardizes {@code rows} rows in place.
     *
     * @param features rows × width, row-major; modified
     */
    public void apply(double[] features, int rows) {
        int width = mean.length;
        if ((long) rows * width > features.length) {
            throw new IllegalArgumentException(rows + " rows of width " + width + " need " + (long) rows * width
                    + " values, the buffer has " + features.length);
        }
        for (int r = 0, index = 0; r < rows; r++) {
            for (int j = 0; j < width; j++, index++) {
                features[index] = (features[index] - mean[j]) / standardDeviation[j];
            }
        }
    }
}
