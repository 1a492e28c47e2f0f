package com.shardprop.core;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * An immutable, validated multilayer perceptron: the input width and the dense layers in
 * order, the last being the output layer whose activation selects the {@link Loss}.
 *
 * <p>Layers are numbered from 1 in messages and the text form ("layer 2" is the second layer
 * after the input); {@link #layers()} and the offset methods index them from 0.
 *
 * <p>Parameter layout in flat buffers ({@link Parameters}, {@link GradientSum}): for each
 * layer in order, its weights {@code W} row-major (out×in, so row j contains the incoming weights
 * of unit j) followed by its biases {@code b} (out values).
 *
 * <p>Text form: {@code 784,256:relu:0.2,128:relu,10:softmax}. The first token is the input
 * width; each later token is {@code WIDTH[:ACTIVATION[:DROPOUT_RATE]]}. A hidden layer without
 * activation uses relu; the output layer must name softmax, sigmoid or identity.
 */
public final class NetworkSpec implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Largest flat buffer a Java array can hold on common JVMs. */
    static final int MAX_PARAMETERS = Integer.MAX_VALUE - 8;

    private final int inputWidth;
    // An array, not a List, so that Kryo needs no registration for a JDK list class.
    private final LayerSpec[] layers;
    private final Loss loss;
    private final int parameterCount;
    private final int[] weightOffsets;

    /**
     * Builds and validates a specification.
     *
     * @throws InvalidInputException naming the layer, the expected and the found value
     */
    public NetworkSpec(int inputWidth, List<LayerSpec> layers) {
        if (inputWidth < 1) {
            throw new InvalidInputException("input width must be ≥ 1, got " + inputWidth);
        }
        if (layers == null || layers.isEmpty()) {
            throw new InvalidInputException("a network needs at least an output layer after the input width, "
                    + "for example 784,10:softmax");
        }
        this.inputWidth = inputWidth;
        this.layers = layers.toArray(new LayerSpec[0]);
        this.weightOffsets = new int[this.layers.length];

        long offset = 0;
        int previousWidth = inputWidth;
        for (int i = 0; i < this.layers.length; i++) {
            LayerSpec layer = this.layers[i];
            boolean output = i == this.layers.length - 1;
            validateLayer(layer, i + 1, output);
            weightOffsets[i] = (int) Math.min(offset, MAX_PARAMETERS);
            offset += (long) layer.width() * previousWidth + layer.width();
            if (offset > MAX_PARAMETERS) {
                throw new InvalidInputException("layer " + (i + 1) + ": the network needs more than " + MAX_PARAMETERS
                        + " parameters, the most a flat double[] can hold; use narrower layers");
            }
            previousWidth = layer.width();
        }
        this.parameterCount = (int) offset;
        LayerSpec last = this.layers[this.layers.length - 1];
        this.loss = Loss.forOutput(last.activation(), "layer " + this.layers.length + " (output)");
    }

    private static void validateLayer(LayerSpec layer, int number, boolean output) {
        String where = "layer " + number + (output ? " (output)" : "");
        if (layer == null) {
            throw new InvalidInputException(where + ": missing layer");
        }
        if (layer.width() < 1) {
            throw new InvalidInputException(where + ": width must be ≥ 1, got " + layer.width());
        }
        double rate = layer.dropoutRate();
        if (!(rate >= 0 && rate < 1)) {
            throw new InvalidInputException(where + ": dropout rate must be in [0, 1), got " + rate);
        }
        if (output && rate != 0) {
            throw new InvalidInputException(where + ": dropout is only for hidden layers, got rate " + rate
                    + " on the output layer; remove it");
        }
        Activation.Kind kind = layer.activation().kind();
        if (!output && kind == Activation.Kind.SOFTMAX) {
            throw new InvalidInputException(where + ": softmax is only allowed on the output layer; "
                    + "use relu, tanh, sigmoid, leaky_relu or identity for hidden layers");
        }
        if (output && kind == Activation.Kind.SOFTMAX && layer.width() < 2) {
            throw new InvalidInputException(where + ": softmax needs width ≥ 2 (one unit per class), got "
                    + layer.width() + "; for two classes with one output use sigmoid");
        }
    }

    /** Builds a specification from the input width and the layers in order. */
    public static NetworkSpec of(int inputWidth, LayerSpec... layers) {
        return new NetworkSpec(inputWidth, Arrays.asList(layers));
    }

    /**
     * Parses the text form, such as {@code 784,256:relu:0.2,128:relu,10:softmax}.
     *
     * @throws InvalidInputException naming the token and layer that is invalid
     */
    public static NetworkSpec parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidInputException("network specification is empty; expected for example "
                    + "784,256:relu,10:softmax (input width, then WIDTH[:ACTIVATION[:DROPOUT_RATE]] per layer)");
        }
        String[] tokens = text.split(",", -1);
        int inputWidth = parseInt(tokens[0].trim(), "input width", text);
        if (tokens.length < 2) {
            throw new InvalidInputException("network specification '" + text + "' has no layers after the input width; "
                    + "add an output layer such as 10:softmax");
        }
        LayerSpec[] layers = new LayerSpec[tokens.length - 1];
        for (int i = 1; i < tokens.length; i++) {
            boolean output = i == tokens.length - 1;
            String where = "layer " + i + (output ? " (output)" : "");
            String[] parts = tokens[i].trim().split(":", -1);
            if (parts.length > 3) {
                throw new InvalidInputException(where + ": expected WIDTH[:ACTIVATION[:DROPOUT_RATE]], got '"
                        + tokens[i].trim() + "'");
            }
            int width = parseInt(parts[0].trim(), where + " width", text);
            Activation activation;
            if (parts.length >= 2 && !parts[1].isBlank()) {
                activation = Activation.parse(parts[1], where);
            } else if (output) {
                throw new InvalidInputException(where + ": the output layer needs an activation, which selects the loss: "
                        + "write " + width + ":softmax, " + width + ":sigmoid or " + width + ":identity");
            } else {
                activation = Activation.relu();
            }
            double rate = 0;
            if (parts.length == 3) {
                try {
                    rate = Double.parseDouble(parts[2].trim());
                } catch (NumberFormatException e) {
                    throw new InvalidInputException(where + ": dropout rate must be a number in [0, 1), got '"
                            + parts[2].trim() + "'", e);
                }
            }
            layers[i - 1] = new LayerSpec(width, activation, rate);
        }
        return new NetworkSpec(inputWidth, Arrays.asList(layers));
    }

    private static int parseInt(String token, String what, String text) {
        try {
            return Integer.parseInt(token);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(what + " must be an integer, got '" + token + "' in '" + text + "'", e);
        }
    }

    public int inputWidth() {
        return inputWidth;
    }

    public int outputWidth() {
        return layers[layers.length - 1].width();
    }

    /** Returns the layers after the input, the output layer last (an unmodifiable list). */
    public List<LayerSpec> layers() {
        return List.of(layers);
    }

    /** Returns the number of layers after the input. */
    public int layerCount() {
        return layers.length;
    }

    /** Returns layer {@code index} (0-based; the output layer is {@code layerCount() − 1}). */
    public LayerSpec layer(int index) {
        return layers[index];
    }

    /** Returns the width of the input to layer {@code index}: the input width or the previous layer's width. */
    public int fanIn(int index) {
        return index == 0 ? inputWidth : layers[index - 1].width();
    }

    public Loss loss() {
        return loss;
    }

    /** Returns the length of the flat parameter buffer: Σ_l (out_l·in_l + out_l). */
    public int parameterCount() {
        return parameterCount;
    }

    /** Returns the number of target values per example: 1 (the class index) for softmax, else the output width. */
    public int targetWidth() {
        return loss.targetWidth(outputWidth());
    }

    /** Returns true if any hidden layer has a dropout rate above 0. */
    public boolean hasDropout() {
        for (LayerSpec layer : layers) {
            if (layer.dropoutRate() > 0) {
                return true;
            }
        }
        return false;
    }

    /** Returns the offset of layer {@code index}'s weights {@code W} (out×in, row-major) in the flat buffer. */
    public int weightOffset(int index) {
        return weightOffsets[index];
    }

    /** Returns the offset of layer {@code index}'s biases {@code b} (out values) in the flat buffer. */
    public int biasOffset(int index) {
        return weightOffsets[index] + layers[index].width() * fanIn(index);
    }

    /** Returns the widest layer, input included: the row length work buffers must hold. */
    public int maxWidth() {
        int max = inputWidth;
        for (LayerSpec layer : layers) {
            max = Math.max(max, layer.width());
        }
        return max;
    }

    /** Returns the canonical text form, which {@link #parse} reads back to an equal specification. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder().append(inputWidth);
        for (LayerSpec layer : layers) {
            text.append(',').append(layer);
        }
        return text.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NetworkSpec that
                && inputWidth == that.inputWidth
                && Arrays.equals(layers, that.layers);
    }

    @Override
    public int hashCode() {
        return 31 * inputWidth + Arrays.hashCode(layers);
    }
}
