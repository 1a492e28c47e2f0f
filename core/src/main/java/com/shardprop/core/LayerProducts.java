package com.shardprop.core;

/**
 * The matrix products of {@link Backprop} for one network, in one {@link Precision}. Backprop
 * owns the algorithm and the element-wise work; an implementation owns only the kernel and the
 * buffers its precision needs. Operands and results are {@code double} row-major blocks, one
 * example per row.
 *
 * <p>Call order: {@link #loadWeights} once per public Backprop call, then per sub-batch
 * {@link #forward} for every layer upwards, then optionally {@link #backward} for every layer
 * downwards. Not thread-safe.
 */
interface LayerProducts {

    /** Takes the weights of θ (layout of {@link Parameters}) for the calls that follow; θ is not modified. */
    void loadWeights(double[] theta);

    /**
     * Computes {@code Z_l = A_{l−1} W_lᵀ} without the bias.
     *
     * @param previous {@code A_{l−1}}, m×fanIn(l) at {@code previousOffset}; not modified
     * @param z        m×width(l), overwritten
     */
    void forward(int l, int m, double[] previous, int previousOffset, double[] z);

    /**
     * Adds {@code dW_l = Δ_lᵀ A_{l−1}} into {@code gradient} and, when {@code propagated} is not
     * null, writes {@code Δ_l W_l} into it.
     *
     * @param error      {@code Δ_l}, m×width(l); not modified
     * @param previous   {@code A_{l−1}}, m×fanIn(l) at offset 0: the block given to
     *                   {@link #forward} for layer l in this sub-batch; not modified
     * @param gradient   flat gradient sum; its {@code W_l} region is added to
     * @param propagated m×fanIn(l), overwritten; null for the first layer
     */
    void backward(int l, int m, double[] error, double[] previous, double[] gradient, double[] propagated);

    Precision precision();

    /** Returns the kernel's name, such as {@code vector}. */
    String kernelName();
}
