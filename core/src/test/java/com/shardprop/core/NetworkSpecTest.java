package com.shardprop.core;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetworkSpecTest {

    @Test
    void parseReadsLayersAndLoss() {
        NetworkSpec spec = NetworkSpec.parse("784,256:relu:0.2,128:leaky_relu(0.05),10:softmax");
        assertEquals(784, spec.inputWidth());
        assertEquals(10, spec.outputWidth());
        assertEquals(3, spec.layerCount());
        assertEquals(new LayerSpec(256, Activation.relu(), 0.2), spec.layers().get(0));
        assertEquals(0.05, spec.layer(1).activation().slope(), 0);
        assertEquals(Loss.SOFTMAX_CROSS_ENTROPY, spec.loss());
        assertEquals(1, spec.targetWidth());
        assertTrue(spec.hasDropout());
        assertEquals(784 * 256 + 256 + 256 * 128 + 128 + 128 * 10 + 10, spec.parameterCount());
    }

    @Test
    void layoutPlacesWeightsThenBiasPerLayer() {
        NetworkSpec spec = NetworkSpec.parse("3,4:tanh,2:identity");
        assertEquals(0, spec.weightOffset(0));
        assertEquals(12, spec.biasOffset(0));
        assertEquals(16, spec.weightOffset(1));
        assertEquals(24, spec.biasOffset(1));
        assertEquals(26, spec.parameterCount());
        assertEquals(Loss.MEAN_SQUARED_ERROR, spec.loss());
        assertEquals(2, spec.targetWidth());
    }

    @Test
    void canonicalTextRoundTrips() {
        String text = "10,8:relu:0.5,6:leaky_relu(0.2),3:sigmoid";
        NetworkSpec spec = NetworkSpec.parse(text);
        assertEquals(text, spec.toString());
        assertEquals(spec, NetworkSpec.parse(spec.toString()));
        assertEquals("4,5:relu,2:softmax", NetworkSpec.parse(" 4 , 5 , 2:SOFTMAX ").toString());
    }

    @Test
    void sigmoidOutputSelectsBinaryCrossEntropy() {
        NetworkSpec spec = NetworkSpec.parse("4,3:sigmoid");
        assertEquals(Loss.BINARY_CROSS_ENTROPY, spec.loss());
        assertEquals(3, spec.targetWidth());
        assertFalse(spec.hasDropout());
    }

    @Test
    void zeroWidthNamesLayer() {
        assertEquals("layer 2: width must be ≥ 1, got 0",
                assertThrows(InvalidInputException.class, () -> NetworkSpec.parse("4,3:relu,0:tanh,2:softmax")).getMessage());
        assertEquals("input width must be ≥ 1, got 0",
                assertThrows(InvalidInputException.class, () -> NetworkSpec.parse("0,2:softmax")).getMessage());
        assertEquals("layer 1: width must be ≥ 1, got -3",
                assertThrows(InvalidInputException.class,
                        () -> NetworkSpec.of(2, new LayerSpec(-3, Activation.relu()), new LayerSpec(2, Activation.softmax())))
                        .getMessage());
    }

    @Test
    void invalidSpecificationsExplainFix() {
        assertEquals("layer 2 (output): the output layer needs an activation, which selects the loss: "
                        + "write 10:softmax, 10:sigmoid or 10:identity",
                message("784,128,10"));
        assertEquals("layer 1: softmax is only allowed on the output layer; "
                        + "use relu, tanh, sigmoid, leaky_relu or identity for hidden layers",
                message("4,8:softmax,2:softmax"));
        assertEquals("layer 2 (output): output activation must be softmax (cross-entropy), sigmoid (binary cross-entropy) "
                + "or identity (mean squared error), got relu", message("4,8:tanh,2:relu"));
        assertEquals("layer 1: dropout rate must be in [0, 1), got 1.0", message("4,8:relu:1,2:softmax"));
        assertEquals("layer 2 (output): dropout is only for hidden layers, got rate 0.5 on the output layer; remove it",
                message("4,8:relu,2:softmax:0.5"));
        assertEquals("layer 1: unknown activation 'swish'; expected one of sigmoid, tanh, relu, leaky_relu(SLOPE), "
                + "identity, softmax", message("4,8:swish,2:softmax"));
        assertEquals("layer 1: leaky_relu slope must be in [0, 1), got 2.0; write for example leaky_relu(0.01)",
                message("4,8:leaky_relu(2),2:softmax"));
        assertEquals("layer 1 (output): softmax needs width ≥ 2 (one unit per class), got 1; for two classes with one "
                + "output use sigmoid", message("4,1:softmax"));
        assertEquals("input width must be an integer, got 'abc' in 'abc,2:softmax'", message("abc,2:softmax"));
        assertTrue(message("").startsWith("network specification is empty"));
        assertTrue(message("784").startsWith("network specification '784' has no layers"));
    }

    @Test
    void layersListIsUnmodifiable() {
        List<LayerSpec> layers = NetworkSpec.parse("2,2:softmax").layers();
        assertThrows(UnsupportedOperationException.class, () -> layers.add(new LayerSpec(1, Activation.relu())));
    }

    private static String message(String text) {
        return assertThrows(InvalidInputException.class, () -> NetworkSpec.parse(text)).getMessage();
    }
}
