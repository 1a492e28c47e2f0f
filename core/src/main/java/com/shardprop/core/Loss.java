package com.shardprop.core;

/**
 * An output activation paired with its loss. The pairing makes the output-layer error
 * {@code Δ_L = ∂L/∂Z_L} equal to {@code Ŷ − Y} in every case, so it is computed fused from the
 * logits {@code Z_L} and never through an explicit Jacobian.
 *
 * <p>Conventions, per example (one row), summed over the batch by the callers:
 * <ul>
 *   <li>{@link #SOFTMAX_CROSS_ENTROPY}: target is the class index c (stored as a double);
 *       {@code L = −log s_c = logsumexp(z) − z_c}; error {@code s − onehot(c)}.</li>
 *   <li>{@link #BINARY_CROSS_ENTROPY}: one independent sigmoid per output (binary when the
 *       output width is 1, multi-label otherwise); targets in [0, 1];
 *       {@code L = Σ_k [max(z_k, 0) − z_k y_k + log(1 + e^−|z_k|)]}, the stable form of
 *       {@code −Σ_k [y_k log σ(z_k) + (1 − y_k) log(1 − σ(z_k))]}; error {@code σ(z) − y}.</li>
 *   <li>{@link #MEAN_SQUARED_ERROR}: identity output; {@code L = ½ Σ_k (ŷ_k − y_k)²} with the
 *       factor ½, so that the error is exactly {@code ŷ − y}. The "mean" is the caller's
 *       division of the summed loss by the example count.</li>
 * </ul>
 */
public enum Loss {

    SOFTMAX_CROSS_ENTROPY("softmax") {
        @Override
        double lossAndError(double[] logits, double[] targets, int rows, int width, double[] error, int firstRow) {
            double lossSum = 0;
            for (int r = 0; r < rows; r++) {
                int base = r * width;
                int label = classIndex(targets[r], width, firstRow + r);

                // Error row = S; L = log Σ exp(z) − z_c, never the log of a probability.
                lossSum += softmaxRow(logits, base, width, error, base) - logits[base + label];

                // Δ = S − Y
                error[base + label] -= 1;
            }
            return lossSum;
        }

        @Override
        void outputs(double[] logits, int rows, int width, double[] outputs, int outputOffset) {
            for (int r = 0; r < rows; r++) {
                int base = r * width;
                softmaxRow(logits, base, width, outputs, outputOffset + base);
            }
        }
    },

    BINARY_CROSS_ENTROPY("sigmoid") {
        @Override
        double lossAndError(double[] logits, double[] targets, int rows, int width, double[] error, int firstRow) {
            double lossSum = 0;
            int n = rows * width;
            for (int i = 0; i < n; i++) {
                double z = logits[i];
                double y = targets[i];
                if (!(y >= 0 && y <= 1)) {
                    throw invalidTarget(y, firstRow + i / width, i % width);
                }
                // −[y log σ(z) + (1−y) log(1−σ(z))] rewritten so that no exp() overflows.
                lossSum += Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
                error[i] = Activation.sigmoid(z) - y;
            }
            return lossSum;
        }

        @Override
        void outputs(double[] logits, int rows, int width, double[] outputs, int outputOffset) {
            int n = rows * width;
            for (int i = 0; i < n; i++) {
                outputs[outputOffset + i] = Activation.sigmoid(logits[i]);
            }
        }
    },

    MEAN_SQUARED_ERROR("identity") {
        @Override
        double lossAndError(double[] logits, double[] targets, int rows, int width, double[] error, int firstRow) {
            double lossSum = 0;
            int n = rows * width;
            for (int i = 0; i < n; i++) {
                double y = targets[i];
                if (!Double.isFinite(y)) {
                    throw invalidTarget(y, firstRow + i / width, i % width);
                }
                double difference = logits[i] - y;
                lossSum += 0.5 * difference * difference;
                error[i] = difference;
            }
            return lossSum;
        }

        @Override
        void outputs(double[] logits, int rows, int width, double[] outputs, int outputOffset) {
            System.arraycopy(logits, 0, outputs, outputOffset, rows * width);
        }
    };

    private final String outputActivation;

    Loss(String outputActivation) {
        this.outputActivation = outputActivation;
    }

    /** Returns the name of the output activation that selects this loss: softmax, sigmoid or identity. */
    public String outputActivation() {
        return outputActivation;
    }

    /** Returns the loss selected by an output activation, or throws for a hidden-only activation. */
    public static Loss forOutput(Activation activation, String where) {
        switch (activation.kind()) {
            case SOFTMAX:
                return SOFTMAX_CROSS_ENTROPY;
            case SIGMOID:
                return BINARY_CROSS_ENTROPY;
            case IDENTITY:
                return MEAN_SQUARED_ERROR;
            default:
                throw new InvalidInputException(where + ": output activation must be softmax (cross-entropy), "
                        + "sigmoid (binary cross-entropy) or identity (mean squared error), got " + activation);
        }
    }

    /** Returns the number of target values per example: 1 (the class index) for softmax, else the output width. */
    public int targetWidth(int outputWidth) {
        return this == SOFTMAX_CROSS_ENTROPY ? 1 : outputWidth;
    }

    /**
     * Computes the summed loss of a block and the output error {@code Δ_L = Ŷ − Y}.
     *
     * @param logits   m×n output pre-activations {@code Z_L}; not modified
     * @param targets  m×targetWidth; not modified
     * @param error    m×n, written with {@code Δ_L}
     * @param firstRow index of the block's first row, for error messages
     * @return {@code Σ_rows L}
     * @throws InvalidInputException for a target outside the loss's domain
     */
    abstract double lossAndError(double[] logits, double[] targets, int rows, int width, double[] error, int firstRow);

    /**
     * Writes the network outputs for logits: softmax probabilities, sigmoid probabilities or the
     * identity values.
     *
     * @param logits  m×n, not modified
     * @param outputs written at {@code outputOffset}, m×n
     */
    abstract void outputs(double[] logits, int rows, int width, double[] outputs, int outputOffset);

    /**
     * Writes the softmax of one row of logits and returns its log-sum-exp {@code log Σ_k e^{z_k}}.
     * The largest logit is subtracted first, so every exp() is ≤ 1 and none overflows.
     *
     * @param probabilities written at {@code probabilitiesOffset}, width values
     */
    private static double softmaxRow(double[] logits, int logitsOffset, int width, double[] probabilities,
                                     int probabilitiesOffset) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < width; k++) {
            max = Math.max(max, logits[logitsOffset + k]);
        }
        double sum = 0;
        for (int k = 0; k < width; k++) {
            double e = Math.exp(logits[logitsOffset + k] - max);
            probabilities[probabilitiesOffset + k] = e;
            sum += e;
        }
        double inverse = 1 / sum;
        for (int k = 0; k < width; k++) {
            probabilities[probabilitiesOffset + k] *= inverse;
        }
        return max + Math.log(sum);
    }

    /**
     * Checks the targets of one example.
     *
     * @param targets     contains the row's targetWidth values at {@code offset}; not modified
     * @param outputWidth the network's output width (the class count for softmax)
     * @param row         the row's index in its block, for the message
     * @throws InvalidInputException naming the row (and output) for a target outside the loss's domain
     */
    public void checkTargetRow(double[] targets, int offset, int outputWidth, int row) {
        if (this == SOFTMAX_CROSS_ENTROPY) {
            classIndex(targets[offset], outputWidth, row);
            return;
        }
        for (int k = 0; k < outputWidth; k++) {
            double y = targets[offset + k];
            boolean valid = this == BINARY_CROSS_ENTROPY ? y >= 0 && y <= 1 : Double.isFinite(y);
            if (!valid) {
                throw invalidTarget(y, row, k);
            }
        }
    }

    InvalidInputException invalidTarget(double value, int row, int output) {
        String expected = this == BINARY_CROSS_ENTROPY
                ? "binary cross-entropy needs a target in [0, 1], got " + value + "; encode labels as 0 or 1"
                : "regression target must be finite, got " + value + "; remove or fix the row";
        return new InvalidInputException("row " + row + ", output " + output + ": " + expected);
    }

    private static int classIndex(double target, int classCount, int row) {
        int label = (int) target;
        if (label != target || label < 0 || label >= classCount) {
            throw new InvalidInputException("row " + row + ": class label must be an integer in [0, "
                    + (classCount - 1) + "], got " + target + "; check the label column or the output width");
        }
        return label;
    }
}
