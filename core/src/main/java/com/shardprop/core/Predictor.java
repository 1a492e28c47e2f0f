package com.shardprop.core;

/**
 * Prediction with a {@link Model}: applies the model's feature scaling to a copy of the input,
 * then the forward pass without dropout. Outputs are class probabilities for softmax, per-output
 * probabilities for sigmoid and values for identity. Not thread-safe (it owns a {@link Backprop}).
 */
public final class Predictor {

    private static final int DEFAULT_BATCH_ROWS = 256;

    private final Model model;
    private final Backprop backprop;

    public Predictor(Model model) {
        this.model = model;
        this.backprop = new Backprop(model.spec(), DEFAULT_BATCH_ROWS);
    }

    public Model model() {
        return model;
    }

    /**
     * Returns the outputs for one example.
     *
     * @param features inputWidth raw (unscaled) values; not modified
     */
    public double[] predict(double[] features) {
        double[] outputs = new double[model.spec().outputWidth()];
        predict(features, 1, outputs);
        return outputs;
    }

    /**
     * Writes the outputs for a batch.
     *
     * @param features rows × inputWidth raw values, row-major; not modified
     * @param outputs  rows × outputWidth; written
     */
    public void predict(double[] features, int rows, double[] outputs) {
        NetworkSpec spec = model.spec();
        long needed = (long) rows * spec.inputWidth();
        if (features.length < needed) {
            throw new InvalidInputException("prediction input needs " + rows + " rows of " + spec.inputWidth()
                    + " features (" + needed + " values), got " + features.length + " values");
        }
        if (outputs.length < (long) rows * spec.outputWidth()) {
            throw new IllegalArgumentException("output buffer needs " + (long) rows * spec.outputWidth()
                    + " values, got " + outputs.length);
        }
        double[] input = features;
        if (model.featureScaling() != null) {
            input = java.util.Arrays.copyOf(features, (int) needed);
            model.featureScaling().apply(input, rows);
        }
        backprop.predict(model.parameters(), input, rows, outputs);
    }

    /** Returns the predicted class of one example: argmax for softmax, 0 or 1 for a single sigmoid output. */
    public int predictClass(double[] features) {
        return predictClasses(features, 1)[0];
    }

    /**
     * Returns the predicted class per row: the argmax of the softmax probabilities, or for one
     * sigmoid output 1 when the probability is ≥ 0.5.
     *
     * @throws IllegalStateException for identity output or multi-label sigmoid, which have no single class
     */
    public int[] predictClasses(double[] features, int rows) {
        NetworkSpec spec = model.spec();
        int width = spec.outputWidth();
        boolean binary = spec.loss() == Loss.BINARY_CROSS_ENTROPY && width == 1;
        if (spec.loss() != Loss.SOFTMAX_CROSS_ENTROPY && !binary) {
            throw new IllegalStateException("network " + spec + " has no single predicted class; use predict for its outputs");
        }
        double[] outputs = new double[rows * width];
        predict(features, rows, outputs);
        int[] classes = new int[rows];
        for (int r = 0; r < rows; r++) {
            if (binary) {
                classes[r] = outputs[r] >= 0.5 ? 1 : 0;
                continue;
            }
            int best = 0;
            for (int k = 1; k < width; k++) {
                if (outputs[r * width + k] > outputs[r * width + best]) {
                    best = k;
                }
            }
            classes[r] = best;
        }
        return classes;
    }
}
