package com.shardprop.spark.data;

import com.shardprop.core.FeatureScaling;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;

/**
 * Fits per-column standardization statistics over distributed blocks. Each block contributes its count, mean and sum of squared deviations
 * {@code M2}; partial results merge with the pairwise update of Chan, Golub and LeVeque (1979):
 * {@code δ = μ_b − μ_a}, {@code μ = μ_a + δ·n_b/n}, {@code M2 = M2_a + M2_b + δ²·n_a·n_b/n}. Unlike
 * raw sums of squares this loses no precision when a column's mean is large against its spread.
 * The population σ = √(M2/n) is used. A constant column (σ = 0) is only centred, because
 * {@link FeatureScaling} stores σ = 1 for it, so it becomes all zeros.
 */
final class FeatureStatistics {

    private FeatureStatistics() {
    }

    /**
     * Fits μ and σ of every column. The accumulator is {@code [n, μ_0 … μ_{w−1}, M2_0 … M2_{w−1}]},
     * a plain {@code double[]} so that no extra class crosses the wire.
     */
    static FeatureScaling fit(JavaRDD<DataBlock> blocks, int width) {
        double[] zero = new double[1 + 2 * width];
        // collect() returns the per-block moments in partition order, and the driver merges them
        // in that order. treeAggregate would merge in task-completion order, so μ and σ, and with
        // them the whole model, could differ in the last bit between two runs of the same data.
        List<double[]> perBlock = TrainingDataLoader.surfaceInputErrors(
                () -> blocks.map(block -> blockMoments(block, width)).collect());
        double[] total = zero;
        for (double[] moments : perBlock) {
            total = merge(total, moments);
        }
        double n = total[0];
        double[] mean = new double[width];
        double[] deviation = new double[width];
        for (int j = 0; j < width; j++) {
            mean[j] = total[1 + j];
            deviation[j] = Math.sqrt(Math.max(0, total[1 + width + j] / n));
        }
        return new FeatureScaling(mean, deviation);
    }

    /** Returns {@code [n, μ, M2]} of one block, with two passes over its rows. */
    private static double[] blockMoments(DataBlock block, int width) {
        double[] moments = new double[1 + 2 * width];
        int rows = block.rows();
        moments[0] = rows;
        if (rows == 0) {
            return moments;
        }
        double[] x = block.features();
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < width; j++) {
                moments[1 + j] += x[r * width + j];
            }
        }
        for (int j = 0; j < width; j++) {
            moments[1 + j] /= rows;
        }
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < width; j++) {
                double deviation = x[r * width + j] - moments[1 + j];
                moments[1 + width + j] += deviation * deviation;
            }
        }
        return moments;
    }

    /** Merges moments {@code b} into {@code a} (modified) and returns {@code a}. */
    static double[] merge(double[] a, double[] b) {
        double na = a[0];
        double nb = b[0];
        if (nb == 0) {
            return a;
        }
        if (na == 0) {
            System.arraycopy(b, 0, a, 0, a.length);
            return a;
        }
        double n = na + nb;
        int width = (a.length - 1) / 2;
        for (int j = 0; j < width; j++) {
            double delta = b[1 + j] - a[1 + j];
            a[1 + j] += delta * nb / n;
            a[1 + width + j] += b[1 + width + j] + delta * delta * na * nb / n;
        }
        a[0] = n;
        return a;
    }

    /** Returns a standardized copy of a block; the cached input block is left unchanged. */
    static DataBlock scaled(DataBlock block, FeatureScaling scaling) {
        double[] features = block.features().clone();
        scaling.apply(features, block.rows());
        return new DataBlock(block.rows(), block.featureWidth(), block.targetWidth(), block.sourceWidth(), features,
                block.targets());
    }
}
