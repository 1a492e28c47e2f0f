package com.shardprop.core;

import java.util.Locale;

/**
 * The floating-point type of the matrix products in {@link Backprop}.
 *
 * <ul>
 *   <li>{@link #DOUBLE}: every value is a {@code double}; the reference, and what the gradient
 *       checks prove.</li>
 *   <li>{@link #FLOAT}: the layer products read {@code float} copies of the weights and
 *       activations and accumulate in {@code float}. Element-wise work (activations, loss,
 *       dropout, bias) stays in {@code double}, and each sub-batch's weight gradient is added
 *       into the {@code double} {@link GradientSum}, so sums over many sub-batches and
 *       partitions lose no more precision than in double.</li>
 * </ul>
 */
public enum Precision {
    DOUBLE,
    FLOAT;

    /**
     * Parses {@code double} or {@code float} (case-insensitive), for the {@code --precision} option.
     *
     * @throws InvalidInputException for any other text
     */
    public static Precision parse(String text) {
        String name = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        switch (name) {
            case "double":
                return DOUBLE;
            case "float":
                return FLOAT;
            default:
                throw new InvalidInputException("Unknown precision '" + text
                        + "'; expected double or float (option --precision).");
        }
    }

    /** Returns the name that {@link #parse} reads: {@code double} or {@code float}. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
