package com.shardprop.core;

import java.io.Serializable;
import java.util.Objects;

/**
 * One dense layer of a {@link NetworkSpec}: its width (number of units), activation and
 * inverted-dropout rate applied to its outputs during training. Immutable. {@link NetworkSpec}
 * validates it, because its messages name the layer's position.
 */
public final class LayerSpec implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int width;
    private final Activation activation;
    private final double dropoutRate;

    /**
     * @param dropoutRate probability of zeroing each output unit during training, in [0, 1);
     *                    0 turns dropout off; must be 0 for the output layer
     */
    public LayerSpec(int width, Activation activation, double dropoutRate) {
        this.width = width;
        this.activation = Objects.requireNonNull(activation, "activation");
        this.dropoutRate = dropoutRate;
    }

    public LayerSpec(int width, Activation activation) {
        this(width, activation, 0);
    }

    public int width() {
        return width;
    }

    public Activation activation() {
        return activation;
    }

    public double dropoutRate() {
        return dropoutRate;
    }

    /** Returns the token of the specification string, {@code WIDTH:ACTIVATION[:DROPOUT_RATE]}. */
    @Override
    public String toString() {
        return width + ":" + activation + (dropoutRate > 0 ? ":" + dropoutRate : "");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LayerSpec that
                && width == that.width
                && activation.equals(that.activation)
                && Double.compare(dropoutRate, that.dropoutRate) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(width, activation, dropoutRate);
    }
}
