package com.shardprop.core;

import java.io.Serializable;
import java.util.Objects;

/**
 * The weights and biases of a network in one flat buffer, laid out as {@link NetworkSpec}
 * describes (per layer: {@code W} row-major out×in, then {@code b}). {@link #values()} returns
 * the buffer itself, not a copy: optimizers update it in place.
 */
public final class Parameters implements Serializable {

    private static final long serialVersionUID = 1L;

    private final NetworkSpec spec;
    private final double[] values;

    /**
     * Wraps {@code values} without copying.
     *
     * @throws InvalidInputException if the length differs from {@code spec.parameterCount()}
     */
    public Parameters(NetworkSpec spec, double[] values) {
        this.spec = Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(values, "values");
        if (values.length != spec.parameterCount()) {
            throw new InvalidInputException("network " + spec + " has " + spec.parameterCount()
                    + " parameters, got a buffer of " + values.length);
        }
        this.values = values;
    }

    /** Returns all-zero parameters for {@code spec}; use {@link Initializer} for training. */
    public static Parameters zeros(NetworkSpec spec) {
        return new Parameters(spec, new double[spec.parameterCount()]);
    }

    public NetworkSpec spec() {
        return spec;
    }

    /** Returns the flat buffer itself (mutable, shared). */
    public double[] values() {
        return values;
    }

    /** Returns a deep copy. */
    public Parameters copy() {
        return new Parameters(spec, values.clone());
    }

    /** Returns the index of the first NaN or infinite value, or −1 if all are finite. */
    public int firstNonFinite() {
        return FlatArrays.firstNonFinite(values);
    }
}
