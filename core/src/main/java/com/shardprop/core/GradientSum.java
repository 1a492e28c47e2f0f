package com.shardprop.core;

import java.io.Serializable;

/**
 * The sum of per-example gradients {@code Σ_i ∂L_i/∂θ} over a set of examples, with the example
 * count and the loss sum {@code Σ_i L_i}. Never a mean: sums from any partition of the data
 * merge by {@link #add}, and the caller divides once by the total {@link #count()} (see
 * {@link #meanGradient()}), so partitions of unequal size weigh correctly.
 *
 * <p>Layout of {@link #values()} is that of {@link Parameters}. Mutable; not thread-safe.
 */
public final class GradientSum implements Serializable {

    private static final long serialVersionUID = 1L;

    private final double[] values;
    private long count;
    private double lossSum;

    /** Creates a zero sum over no examples. */
    public GradientSum(int parameterCount) {
        if (parameterCount < 0) {
            throw new IllegalArgumentException("parameter count must be ≥ 0, got " + parameterCount);
        }
        this.values = new double[parameterCount];
    }

    /** Creates a sum from its parts; {@code values} is wrapped, not copied. */
    public GradientSum(double[] values, long count, double lossSum) {
        if (count < 0) {
            throw new IllegalArgumentException("example count must be ≥ 0, got " + count);
        }
        this.values = values;
        this.count = count;
        this.lossSum = lossSum;
    }

    /** Returns the summed gradient buffer itself (mutable, shared). */
    public double[] values() {
        return values;
    }

    /** Returns the number of examples summed. */
    public long count() {
        return count;
    }

    /** Returns {@code Σ_i L_i} over the examples summed. */
    public double lossSum() {
        return lossSum;
    }

    /** Adds {@code other} into this sum (values, count and loss) and returns this. {@code other} is not modified. */
    public GradientSum add(GradientSum other) {
        FlatArrays.requireSameLength(values, "this gradient sum", other.values, "the added gradient sum");
        double[] source = other.values;
        for (int i = 0; i < values.length; i++) {
            values[i] += source[i];
        }
        count += other.count;
        lossSum += other.lossSum;
        return this;
    }

    /** Records {@code examples} more examples with total loss {@code loss}; the values are added separately. */
    void addExamples(long examples, double loss) {
        count += examples;
        lossSum += loss;
    }

    /** Resets to a zero sum over no examples, keeping the buffer. */
    public void clear() {
        java.util.Arrays.fill(values, 0);
        count = 0;
        lossSum = 0;
    }

    /**
     * Returns a new array {@code Σ ∂L/∂θ / count}, the gradient optimizers take.
     *
     * @throws IllegalStateException if no example was summed
     */
    public double[] meanGradient() {
        if (count == 0) {
            throw new IllegalStateException("cannot average a gradient sum over 0 examples");
        }
        double[] mean = new double[values.length];
        double inverse = 1.0 / count;
        for (int i = 0; i < values.length; i++) {
            mean[i] = values[i] * inverse;
        }
        return mean;
    }

    /** Returns {@code lossSum / count}, or NaN over no examples. */
    public double meanLoss() {
        return count == 0 ? Double.NaN : lossSum / count;
    }

    /** Returns the index of the first NaN or infinite gradient value, or −1 if all are finite. */
    public int firstNonFinite() {
        return FlatArrays.firstNonFinite(values);
    }
}
