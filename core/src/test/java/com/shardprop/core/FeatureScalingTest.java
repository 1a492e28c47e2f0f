package com.shardprop.core;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FeatureScalingTest {

    @Test
    void fitStandardizesColumns() {
        // Column 0: 1, 3 → μ 2, σ 1.  Column 1: constant 5 → σ stored as 1, only centred.
        double[] features = {1, 5, 3, 5};
        FeatureScaling scaling = FeatureScaling.fit(features, 2, 2);
        assertArrayEquals(new double[] {2, 5}, scaling.mean(), 1e-15);
        assertArrayEquals(new double[] {1, 1}, scaling.standardDeviation(), 1e-15);
        scaling.apply(features, 2);
        assertArrayEquals(new double[] {-1, 0, 1, 0}, features, 1e-15);
    }

    @Test
    void fitKeepsPrecisionWithLargeOffset() {
        double[] features = {1e9 + 1, 1e9 + 3, 1e9 + 5};
        FeatureScaling scaling = FeatureScaling.fit(features, 3, 1);
        assertArrayEquals(new double[] {Math.sqrt(8.0 / 3)}, scaling.standardDeviation(), 1e-6);
    }

    @Test
    void invalidValuesRejected() {
        assertThrows(InvalidInputException.class, () -> new FeatureScaling(new double[] {0}, new double[] {-1}));
        assertThrows(InvalidInputException.class, () -> new FeatureScaling(new double[] {Double.NaN}, new double[] {1}));
        assertThrows(InvalidInputException.class, () -> new FeatureScaling(new double[2], new double[1]));
    }
}
