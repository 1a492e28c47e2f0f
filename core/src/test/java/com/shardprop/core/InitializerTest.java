package com.shardprop.core;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InitializerTest {

    private static final NetworkSpec SPEC = NetworkSpec.parse("400,300:relu,50:tanh,10:softmax");

    @Test
    void sameSeedGivesSameParameters() {
        assertArrayEquals(Initializer.initialize(SPEC, 42).values(), Initializer.initialize(SPEC, 42).values(), 0);
        assertFalse(java.util.Arrays.equals(Initializer.initialize(SPEC, 42).values(),
                Initializer.initialize(SPEC, 43).values()));
    }

    @Test
    void heHasVarianceTwoOverFanIn() {
        double[] values = Initializer.initialize(SPEC, Initializer.HE, 1).values();
        int count = 300 * 400;
        double sum = 0;
        double squares = 0;
        for (int i = 0; i < count; i++) {
            sum += values[i];
            squares += values[i] * values[i];
        }
        double variance = squares / count - (sum / count) * (sum / count);
        // 120,000 draws: the sample variance is within a few percent of 2/400 = 0.005.
        assertEquals(0.005, variance, 0.005 * 0.03);
        assertEquals(0, sum / count, 0.001);
    }

    @Test
    void xavierStaysWithinLimit() {
        double[] values = Initializer.initialize(SPEC, Initializer.XAVIER, 1).values();
        double limit = Math.sqrt(6.0 / (400 + 300));
        double max = 0;
        for (int i = 0; i < 300 * 400; i++) {
            max = Math.max(max, Math.abs(values[i]));
        }
        assertTrue(max <= limit, "max |w| " + max + " exceeds " + limit);
        assertTrue(max > 0.99 * limit, "max |w| " + max + " should approach " + limit);
    }

    @Test
    void biasesStartAtZero() {
        double[] values = Initializer.initialize(SPEC, 5).values();
        for (int l = 0; l < SPEC.layerCount(); l++) {
            for (int j = 0; j < SPEC.layer(l).width(); j++) {
                assertEquals(0, values[SPEC.biasOffset(l) + j], 0);
            }
        }
    }

    @Test
    void defaultDependsOnActivation() {
        assertEquals(Initializer.HE, Initializer.defaultFor(Activation.relu()));
        assertEquals(Initializer.HE, Initializer.defaultFor(Activation.leakyRelu(0.1)));
        assertEquals(Initializer.XAVIER, Initializer.defaultFor(Activation.tanh()));
        assertEquals(Initializer.XAVIER, Initializer.defaultFor(Activation.softmax()));
    }
}
