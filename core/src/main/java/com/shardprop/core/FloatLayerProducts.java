package com.shardprop.core;

import com.shardprop.core.kernel.FloatMatrixKernel;

/**
 * {@link LayerProducts} in single precision. {@link #loadWeights} narrows θ to {@code float}
 * once per Backprop call, so every sub-batch of a training step reuses the same copy. Each
 * product narrows its activation or error operand, runs on the {@code float} kernel and widens
 * the result back to {@code double} for the element-wise work.
 *
 * <p>Gradient precision: the kernel sums a sub-batch's {@code dW_l} (at most maxBatchRows
 * terms per entry) in {@code float}, and that block is then added to the {@code double}
 * gradient sum. Sums over sub-batches, partitions and the tree aggregation stay in
 * {@code double}, so the float rounding error does not grow with the number of rows.
 */
final class FloatLayerProducts implements LayerProducts {

    private final NetworkSpec spec;
    private final FloatMatrixKernel kernel;
    /** θ narrowed to float; the biases are copied too but unused. */
    private final float[] theta;
    /** {@code A_{l−1}} as narrowed by {@link #forward} for layer l, kept for {@link #backward}; maxBatchRows × fanIn(l). */
    private final float[][] previousRows;
    /** Narrowed {@code Δ_l}, maxBatchRows × maxWidth. */
    private final float[] error;
    /** Float result of a product before widening: maxBatchRows × max(width, fanIn). */
    private final float[] result;
    /** One sub-batch's {@code dW_l}, max over layers of width × fanIn. */
    private final float[] weightGradient;

    FloatLayerProducts(NetworkSpec spec, int maxBatchRows, FloatMatrixKernel kernel) {
        this.spec = spec;
        this.kernel = kernel;
        this.theta = new float[spec.parameterCount()];
        int layers = spec.layerCount();
        this.previousRows = new float[layers][];
        int maxWeights = 0;
        int maxFanIn = 0;
        for (int l = 0; l < layers; l++) {
            previousRows[l] = new float[Math.multiplyExact(maxBatchRows, spec.fanIn(l))];
            maxWeights = Math.max(maxWeights, Math.multiplyExact(spec.layer(l).width(), spec.fanIn(l)));
            maxFanIn = Math.max(maxFanIn, spec.fanIn(l));
        }
        this.error = new float[Math.multiplyExact(maxBatchRows, spec.maxWidth())];
        this.result = new float[Math.multiplyExact(maxBatchRows, Math.max(spec.maxWidth(), maxFanIn))];
        this.weightGradient = new float[maxWeights];
    }

    @Override
    public void loadWeights(double[] values) {
        narrow(values, 0, theta, values.length);
    }

    @Override
    public void forward(int l, int m, double[] previous, int previousOffset, double[] z) {
        int out = spec.layer(l).width();
        int in = spec.fanIn(l);
        float[] a = previousRows[l];
        narrow(previous, previousOffset, a, m * in);
        kernel.multTransB(m, out, in, a, 0, theta, spec.weightOffset(l), result, 0, false);
        widen(result, z, 0, m * out);
    }

    @Override
    public void backward(int l, int m, double[] errorRows, double[] previous, double[] gradient,
                         double[] propagated) {
        int out = spec.layer(l).width();
        int in = spec.fanIn(l);
        narrow(errorRows, 0, error, m * out);

        // dW_l = Δ_lᵀ A_{l−1} summed over this sub-batch in float, then added to the double sum.
        kernel.multTransA(out, in, m, error, 0, previousRows[l], 0, weightGradient, 0, false);
        int offset = spec.weightOffset(l);
        int size = out * in;
        for (int i = 0; i < size; i++) {
            gradient[offset + i] += weightGradient[i];
        }

        if (propagated != null) {
            kernel.mult(m, in, out, error, 0, theta, offset, result, 0, false);
            widen(result, propagated, 0, m * in);
        }
    }

    @Override
    public Precision precision() {
        return Precision.FLOAT;
    }

    @Override
    public String kernelName() {
        return kernel.name();
    }

    private static void narrow(double[] source, int sourceOffset, float[] target, int length) {
        for (int i = 0; i < length; i++) {
            target[i] = (float) source[sourceOffset + i];
        }
    }

    private static void widen(float[] source, double[] target, int targetOffset, int length) {
        for (int i = 0; i < length; i++) {
            target[targetOffset + i] = source[i];
        }
    }
}
