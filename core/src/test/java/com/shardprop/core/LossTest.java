package com.shardprop.core;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LossTest {

    @Test
    void softmaxLogits1000And0GiveExactLosses() {
        double[] logits = {1000, 0, 1000, 0};
        double[] labels = {1, 0};
        double[] error = new double[4];

        double lossSum = Loss.SOFTMAX_CROSS_ENTROPY.lossAndError(logits, new double[] {1}, 1, 2, error, 0);
        assertEquals(1000, lossSum, 0);
        double lossLabel0 = Loss.SOFTMAX_CROSS_ENTROPY.lossAndError(logits, new double[] {0}, 1, 2, error, 0);
        assertEquals(0, lossLabel0, 0);
        double both = Loss.SOFTMAX_CROSS_ENTROPY.lossAndError(logits, labels, 2, 2, error, 0);
        assertEquals(1000, both, 0);

        double[] probabilities = new double[2];
        Loss.SOFTMAX_CROSS_ENTROPY.outputs(logits, 1, 2, probabilities, 0);
        assertEquals(1, probabilities[0], 0);
        assertEquals(0, probabilities[1], 0);
    }

    @Test
    void softmaxErrorIsProbabilitiesMinusOneHot() {
        double[] logits = {1000, 0};
        double[] error = new double[2];
        Loss.SOFTMAX_CROSS_ENTROPY.lossAndError(logits, new double[] {1}, 1, 2, error, 0);
        assertEquals(1, error[0], 0);
        assertEquals(-1, error[1], 0);
    }

    @Test
    void softmaxStaysFiniteAtLogits1e4() {
        double[] logits = {1e4, -1e4, 0, -1e4, 1e4, 1e4};
        double[] error = new double[6];
        for (int label = 0; label < 3; label++) {
            double loss = Loss.SOFTMAX_CROSS_ENTROPY.lossAndError(logits, new double[] {label, label}, 2, 3, error, 0);
            assertTrue(Double.isFinite(loss), "loss for label " + label + " is " + loss);
            for (double e : error) {
                assertTrue(Double.isFinite(e), "error " + e + " for label " + label);
            }
        }
        // Row 0, label 1: log-sum-exp is 1e4, so the loss is 1e4 − (−1e4) = 2e4.
        double loss = Loss.SOFTMAX_CROSS_ENTROPY.lossAndError(logits, new double[] {1}, 1, 3, error, 0);
        assertEquals(2e4, loss, 0);
        // Row 1 has two tied maxima: each gets probability ½.
        double[] probabilities = new double[6];
        Loss.SOFTMAX_CROSS_ENTROPY.outputs(logits, 2, 3, probabilities, 0);
        assertEquals(0.5, probabilities[4], 0);
        assertEquals(0.5, probabilities[5], 0);
    }

    @Test
    void softmaxMatchesDirectFormulaForModerateLogits() {
        double[] logits = {0.5, -1.25, 2};
        double sum = Math.exp(0.5) + Math.exp(-1.25) + Math.exp(2);
        double[] error = new double[3];
        double loss = Loss.SOFTMAX_CROSS_ENTROPY.lossAndError(logits, new double[] {2}, 1, 3, error, 0);
        assertEquals(-Math.log(Math.exp(2) / sum), loss, 1e-14);
        assertEquals(Math.exp(0.5) / sum, error[0], 1e-15);
        assertEquals(Math.exp(2) / sum - 1, error[2], 1e-15);
    }

    @Test
    void binaryCrossEntropyStableAtExtremeLogits() {
        double[] logits = {1e4, -1e4, 1e4, -1e4};
        double[] targets = {1, 0, 0, 1};
        double[] error = new double[4];
        double loss = Loss.BINARY_CROSS_ENTROPY.lossAndError(logits, targets, 4, 1, error, 0);
        // Correct confident predictions cost 0; wrong ones cost |z| = 1e4 each.
        assertEquals(2e4, loss, 0);
        assertEquals(0, error[0], 0);
        assertEquals(0, error[1], 0);
        assertEquals(1, error[2], 0);
        assertEquals(-1, error[3], 0);
    }

    @Test
    void binaryCrossEntropyMatchesDirectFormula() {
        double z = 0.7;
        double y = 1;
        double[] error = new double[1];
        double loss = Loss.BINARY_CROSS_ENTROPY.lossAndError(new double[] {z}, new double[] {y}, 1, 1, error, 0);
        double p = 1 / (1 + Math.exp(-z));
        assertEquals(-Math.log(p), loss, 1e-15);
        assertEquals(p - 1, error[0], 1e-15);
    }

    @Test
    void meanSquaredErrorUsesHalfSquaredDifference() {
        double[] error = new double[2];
        double loss = Loss.MEAN_SQUARED_ERROR.lossAndError(new double[] {3, -1}, new double[] {1, 1}, 1, 2, error, 0);
        assertEquals(0.5 * (4 + 4), loss, 0);
        assertEquals(2, error[0], 0);
        assertEquals(-2, error[1], 0);
    }

    @Test
    void invalidClassLabelNamesRow() {
        double[] error = new double[4];
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> Loss.SOFTMAX_CROSS_ENTROPY.lossAndError(new double[4], new double[] {0, 2}, 2, 2, error, 10));
        assertEquals("row 11: class label must be an integer in [0, 1], got 2.0; check the label column or the output width",
                e.getMessage());
        assertThrows(InvalidInputException.class,
                () -> Loss.SOFTMAX_CROSS_ENTROPY.lossAndError(new double[2], new double[] {0.5}, 1, 2, error, 0));
        assertThrows(InvalidInputException.class,
                () -> Loss.SOFTMAX_CROSS_ENTROPY.lossAndError(new double[2], new double[] {Double.NaN}, 1, 2, error, 0));
    }

    @Test
    void binaryTargetOutsideUnitIntervalRejected() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> Loss.BINARY_CROSS_ENTROPY.lossAndError(new double[2], new double[] {1, 2}, 1, 2, new double[2], 0));
        assertTrue(e.getMessage().startsWith("row 0, output 1: binary cross-entropy needs a target in [0, 1], got 2.0"),
                e.getMessage());
    }

    @Test
    void networkWithExtremeLogitsHasFiniteGradient() {
        // Identity weights map features [1000, 0] straight to the logits.
        NetworkSpec spec = NetworkSpec.parse("2,2:softmax");
        Parameters parameters = new Parameters(spec, new double[] {1, 0, 0, 1, 0, 0});
        double[] features = {1000, 0, 1e4, -1e4};
        double[] targets = {1, 0};
        GradientSum sum = TestData.gradient(new Backprop(spec, 2), parameters, features, targets, 2, 0);
        assertEquals(1000, sum.lossSum(), 0);
        assertEquals(-1, sum.firstNonFinite());

        double[] outputs = new double[4];
        new Backprop(spec, 2).predict(parameters, features, 2, outputs);
        assertEquals(1, outputs[0], 0);
        assertEquals(0, outputs[1], 0);
    }

    @Test
    void invalidTargetInShuffledBatchNamesBlockRow() {
        NetworkSpec spec = NetworkSpec.parse("2,3:softmax");
        double[] features = new double[8 * 2];
        double[] targets = {0, 1, 2, 0, 1, 7, 2, 0};
        int[] order = {6, 2, 5, 0, 1, 3, 4, 7};
        GradientSum sum = new GradientSum(spec.parameterCount());
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new Backprop(spec, 4)
                .accumulate(Parameters.zeros(spec), features, targets, order, 0, 8, 0, null, sum));
        assertEquals("row 5: class label must be an integer in [0, 2], got 7.0; check the label column or the output width",
                e.getMessage());

        NetworkSpec binary = NetworkSpec.parse("2,2:sigmoid");
        double[] binaryTargets = {0, 1, 1, 0, 0.5, -1};
        InvalidInputException binaryError = assertThrows(InvalidInputException.class, () -> new Backprop(binary, 4)
                .accumulate(Parameters.zeros(binary), new double[6], binaryTargets, new int[] {2, 0, 1}, 0, 3, 0, null,
                        new GradientSum(binary.parameterCount())));
        assertEquals("row 2, output 1: binary cross-entropy needs a target in [0, 1], got -1.0; encode labels as 0 or 1",
                binaryError.getMessage());
    }
}
