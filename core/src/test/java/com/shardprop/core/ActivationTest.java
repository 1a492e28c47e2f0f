package com.shardprop.core;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ActivationTest {

    private static final List<Activation> ELEMENT_WISE = List.of(Activation.sigmoid(), Activation.tanh(),
            Activation.relu(), Activation.leakyRelu(0.1), Activation.identity());
    private static final double[] POINTS = {-3.5, -0.7, -1e-3, 2e-3, 0.4, 2.9};

    @Test
    void derivativeMatchesCentralDifference() {
        double h = 1e-6;
        for (Activation activation : ELEMENT_WISE) {
            for (double z : POINTS) {
                double numeric = (activation.apply(z + h) - activation.apply(z - h)) / (2 * h);
                assertEquals(numeric, activation.derivative(z), 1e-8, activation + " at z = " + z);
            }
        }
    }

    @Test
    void fusedRowsMatchScalarFunctions() {
        double[] bias = {0.25, -0.5, 0};
        for (Activation activation : ELEMENT_WISE) {
            double[] values = {-2, 0.1, 3, 0.4, -0.3, -1};
            double[] z = new double[values.length];
            for (int i = 0; i < values.length; i++) {
                z[i] = values[i] + bias[i % 3];
            }
            double[] derivative = new double[values.length];
            activation.activateRows(values, derivative, bias, 0, 2, 3);
            for (int i = 0; i < values.length; i++) {
                assertEquals(activation.apply(z[i]), values[i], 1e-15, activation + " value " + i);
                assertEquals(activation.derivative(z[i]), derivative[i], 1e-15, activation + " derivative " + i);
            }
        }
    }

    @Test
    void knownValues() {
        assertEquals(0.5, Activation.sigmoid().apply(0), 0);
        assertEquals(1, Activation.sigmoid().apply(1e4), 0);
        assertEquals(0, Activation.sigmoid().apply(-1e4), 0);
        assertEquals(-0.3, Activation.leakyRelu(0.1).apply(-3), 1e-15);
        assertEquals(0.1, Activation.leakyRelu(0.1).derivative(0), 0);
        assertEquals(0, Activation.relu().derivative(0), 0);
        assertEquals(1, Activation.relu().derivative(1e-9), 0);
    }

    @Test
    void parseReadsCanonicalText() {
        for (Activation activation : ELEMENT_WISE) {
            assertEquals(activation, Activation.parse(activation.toString(), "test"));
        }
        assertEquals(Activation.leakyRelu(Activation.DEFAULT_LEAKY_SLOPE), Activation.parse("leaky_relu", "test"));
        assertEquals("layer 3: leaky_relu slope must be a number, got 'x'; write for example leaky_relu(0.01)",
                assertThrows(InvalidInputException.class, () -> Activation.parse("leaky_relu(x)", "layer 3")).getMessage());
    }

    @Test
    void softmaxIsNotElementWise() {
        assertThrows(IllegalStateException.class, () -> Activation.softmax().apply(0));
    }
}
