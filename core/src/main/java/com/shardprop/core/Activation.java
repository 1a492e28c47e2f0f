package com.shardprop.core;

import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;

/**
 * An element-wise activation {@code a = g(z)} with its derivative {@code g'(z)}, or softmax,
 * which is allowed only as the output of softmax cross-entropy (its Jacobian is never formed:
 * the fused error {@code S − Y} replaces it).
 *
 * <ul>
 *   <li>{@code sigmoid}: {@code g(z) = 1 / (1 + e^−z)}, {@code g'(z) = a (1 − a)}</li>
 *   <li>{@code tanh}: {@code g'(z) = 1 − a²}</li>
 *   <li>{@code relu}: {@code g(z) = max(z, 0)}, {@code g'(z) = 1} for z &gt; 0, else 0</li>
 *   <li>{@code leaky_relu(s)}: {@code g(z) = z} for z &gt; 0, else {@code s·z}; {@code g'} is 1 or s</li>
 *   <li>{@code identity}: {@code g'(z) = 1}</li>
 * </ul>
 * At the kink {@code z = 0} ReLU and leaky ReLU use the left derivative (0 and s).
 *
 * <p>A plain final class rather than an enum because leaky ReLU carries its slope; instances
 * are immutable and Serializable so they travel inside a {@link NetworkSpec}.
 */
public final class Activation implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The activation functions. */
    public enum Kind { SIGMOID, TANH, RELU, LEAKY_RELU, IDENTITY, SOFTMAX }

    /** The slope used by {@code leaky_relu} when the specification gives none. */
    public static final double DEFAULT_LEAKY_SLOPE = 0.01;

    private final Kind kind;
    /** Slope of leaky ReLU for z ≤ 0; 0 for every other kind. */
    private final double slope;

    private Activation(Kind kind, double slope) {
        this.kind = kind;
        this.slope = slope;
    }

    public static Activation sigmoid() {
        return new Activation(Kind.SIGMOID, 0);
    }

    public static Activation tanh() {
        return new Activation(Kind.TANH, 0);
    }

    public static Activation relu() {
        return new Activation(Kind.RELU, 0);
    }

    /** Leaky ReLU with {@code g(z) = slope·z} for z ≤ 0; the slope must be finite and in [0, 1). */
    public static Activation leakyRelu(double slope) {
        if (!(slope >= 0 && slope < 1)) {
            throw new InvalidInputException(
                    "leaky_relu slope must be in [0, 1), got " + slope + "; write for example leaky_relu(0.01)");
        }
        return new Activation(Kind.LEAKY_RELU, slope);
    }

    public static Activation identity() {
        return new Activation(Kind.IDENTITY, 0);
    }

    /** Softmax, valid only as the output activation (it selects softmax cross-entropy). */
    public static Activation softmax() {
        return new Activation(Kind.SOFTMAX, 0);
    }

    /**
     * Parses {@code sigmoid}, {@code tanh}, {@code relu}, {@code leaky_relu},
     * {@code leaky_relu(SLOPE)}, {@code identity} or {@code softmax} (case-insensitive).
     *
     * @param where names the location for error messages, such as "layer 2"
     * @throws InvalidInputException for an unknown name or an invalid slope
     */
    public static Activation parse(String text, String where) {
        String name = text.trim().toLowerCase(Locale.ROOT);
        switch (name) {
            case "sigmoid":
                return sigmoid();
            case "tanh":
                return tanh();
            case "relu":
                return relu();
            case "leaky_relu":
                return leakyRelu(DEFAULT_LEAKY_SLOPE);
            case "identity":
            case "linear":
                return identity();
            case "softmax":
                return softmax();
            default:
                break;
        }
        if (name.startsWith("leaky_relu(") && name.endsWith(")")) {
            String slopeText = name.substring("leaky_relu(".length(), name.length() - 1).trim();
            double slope;
            try {
                slope = Double.parseDouble(slopeText);
            } catch (NumberFormatException e) {
                throw new InvalidInputException(where + ": leaky_relu slope must be a number, got '" + slopeText
                        + "'; write for example leaky_relu(0.01)", e);
            }
            try {
                return leakyRelu(slope);
            } catch (InvalidInputException e) {
                throw new InvalidInputException(where + ": " + e.getMessage(), e);
            }
        }
        throw new InvalidInputException(where + ": unknown activation '" + text
                + "'; expected one of sigmoid, tanh, relu, leaky_relu(SLOPE), identity, softmax");
    }

    public Kind kind() {
        return kind;
    }

    /** Returns the leaky ReLU slope, or 0 for other kinds. */
    public double slope() {
        return slope;
    }

    /** Returns {@code g(z)} for one value; softmax is not element-wise and is rejected. */
    public double apply(double z) {
        switch (kind) {
            case SIGMOID:
                return sigmoid(z);
            case TANH:
                return Math.tanh(z);
            case RELU:
                return z > 0 ? z : 0;
            case LEAKY_RELU:
                return z > 0 ? z : slope * z;
            case IDENTITY:
                return z;
            default:
                throw new IllegalStateException("softmax is not element-wise; the loss computes it");
        }
    }

    /** Returns {@code g'(z)} for one value; softmax is not element-wise and is rejected. */
    public double derivative(double z) {
        switch (kind) {
            case SIGMOID: {
                double a = sigmoid(z);
                return a * (1 - a);
            }
            case TANH: {
                double a = Math.tanh(z);
                return 1 - a * a;
            }
            case RELU:
                return z > 0 ? 1 : 0;
            case LEAKY_RELU:
                return z > 0 ? 1 : slope;
            case IDENTITY:
                return 1;
            default:
                throw new IllegalStateException("softmax is not element-wise; the loss computes it");
        }
    }

    /**
     * Applies {@code A = g(Z + 1 bᵀ)} in place over a row-major block, and, when
     * {@code derivative != null}, writes {@code D = g'(Z + 1 bᵀ)} alongside. One fused loop per
     * kind, with no allocation, so that the JIT compiles a tight loop without a per-element switch.
     *
     * @param values      m×n: on entry {@code Z = A_prev Wᵀ} (without bias); on exit {@code A}. Modified.
     * @param derivative  m×n, written with {@code g'}; null at inference
     * @param bias        holds {@code b} (n values) at {@code biasOffset}; not modified
     */
    public void activateRows(double[] values, double[] derivative, double[] bias, int biasOffset, int rows, int width) {
        boolean keep = derivative != null;
        int index = 0;
        switch (kind) {
            case SIGMOID:
                for (int r = 0; r < rows; r++) {
                    for (int j = 0; j < width; j++, index++) {
                        double a = sigmoid(values[index] + bias[biasOffset + j]);
                        values[index] = a;
                        if (keep) {
                            derivative[index] = a * (1 - a);
                        }
                    }
                }
                break;
            case TANH:
                for (int r = 0; r < rows; r++) {
                    for (int j = 0; j < width; j++, index++) {
                        double a = Math.tanh(values[index] + bias[biasOffset + j]);
                        values[index] = a;
                        if (keep) {
                            derivative[index] = 1 - a * a;
                        }
                    }
                }
                break;
            case RELU:
                for (int r = 0; r < rows; r++) {
                    for (int j = 0; j < width; j++, index++) {
                        double z = values[index] + bias[biasOffset + j];
                        boolean positive = z > 0;
                        values[index] = positive ? z : 0;
                        if (keep) {
                            derivative[index] = positive ? 1 : 0;
                        }
                    }
                }
                break;
            case LEAKY_RELU:
                for (int r = 0; r < rows; r++) {
                    for (int j = 0; j < width; j++, index++) {
                        double z = values[index] + bias[biasOffset + j];
                        boolean positive = z > 0;
                        values[index] = positive ? z : slope * z;
                        if (keep) {
                            derivative[index] = positive ? 1 : slope;
                        }
                    }
                }
                break;
            case IDENTITY:
                for (int r = 0; r < rows; r++) {
                    for (int j = 0; j < width; j++, index++) {
                        values[index] += bias[biasOffset + j];
                        if (keep) {
                            derivative[index] = 1;
                        }
                    }
                }
                break;
            default:
                throw new IllegalStateException("softmax is applied by the loss, not as a hidden activation");
        }
    }

    /** Returns the logistic function, evaluated without overflow for large |z|. */
    static double sigmoid(double z) {
        if (z >= 0) {
            return 1 / (1 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1 + e);
    }

    /** Returns the canonical text that {@link #parse} reads back, such as {@code leaky_relu(0.01)}. */
    @Override
    public String toString() {
        if (kind == Kind.LEAKY_RELU) {
            return "leaky_relu(" + slope + ")";
        }
        return kind.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Activation that
                && kind == that.kind
                && Double.compare(slope, that.slope) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, slope);
    }
}
