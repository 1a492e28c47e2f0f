package com.shardprop.core;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvaluationSumTest {

    @Test
    void softmaxMetricsFromConfusionMatrix() {
        // True classes 0, 0, 1, 2, 2; predicted 0, 1, 1, 2, 0.
        double[] outputs = {
            0.8, 0.1, 0.1,
            0.2, 0.7, 0.1,
            0.1, 0.6, 0.3,
            0.1, 0.2, 0.7,
            0.5, 0.2, 0.3,
        };
        double[] targets = {0, 0, 1, 2, 2};
        EvaluationSum first = new EvaluationSum(Loss.SOFTMAX_CROSS_ENTROPY, 3);
        first.addBlock(java.util.Arrays.copyOf(outputs, 6), new double[] {0, 0}, 2, 1.5);
        EvaluationSum second = new EvaluationSum(Loss.SOFTMAX_CROSS_ENTROPY, 3);
        second.addBlock(java.util.Arrays.copyOfRange(outputs, 6, 15), new double[] {1, 2, 2}, 3, 2.5);
        EvaluationSum sum = first.add(second);

        assertEquals(5, sum.count());
        assertEquals(0.8, sum.meanLoss(), 1e-15);
        assertEquals(0.6, sum.accuracy(), 1e-15);
        assertArrayEquals(new long[] {1, 1, 0}, sum.confusionMatrix()[0]);
        assertArrayEquals(new long[] {0, 1, 0}, sum.confusionMatrix()[1]);
        assertArrayEquals(new long[] {1, 0, 1}, sum.confusionMatrix()[2]);
        // Class 0: TP 1, FP 1, FN 1.  Class 1: TP 1, FP 1, FN 0.  Class 2: TP 1, FP 0, FN 1.
        assertEquals(0.5, sum.precision(0), 1e-15);
        assertEquals(0.5, sum.recall(0), 1e-15);
        assertEquals(0.5, sum.f1(0), 1e-15);
        assertEquals(0.5, sum.precision(1), 1e-15);
        assertEquals(1.0, sum.recall(1), 1e-15);
        assertEquals(2.0 / 3, sum.f1(1), 1e-15);
        assertEquals(1.0, sum.precision(2), 1e-15);
        assertEquals(0.5, sum.recall(2), 1e-15);
        assertEquals(targets.length, sum.decisions());
        assertThrows(IllegalStateException.class, sum::rmse);
    }

    @Test
    void sigmoidCountsEachOutputDecision() {
        EvaluationSum sum = new EvaluationSum(Loss.BINARY_CROSS_ENTROPY, 2);
        sum.addBlock(new double[] {0.9, 0.2, 0.4, 0.5}, new double[] {1, 0, 1, 1}, 2, 0);
        assertEquals(4, sum.decisions());
        assertEquals(0.75, sum.accuracy(), 0);
        assertEquals(1, sum.confusion(1, 0));
        assertEquals(2.0 / 3, sum.recall(1), 1e-15);
        assertEquals(1.0, sum.precision(1), 0);
    }

    @Test
    void regressionReportsRmse() {
        EvaluationSum sum = new EvaluationSum(Loss.MEAN_SQUARED_ERROR, 2);
        sum.addBlock(new double[] {1, 2, 3, 4}, new double[] {1, 0, 3, 6}, 2, 4);
        assertEquals(Math.sqrt(8.0 / 4), sum.rmse(), 1e-15);
        assertTrue(Double.isNaN(sum.accuracy()));
    }

    @Test
    void mismatchedMergeRejected() {
        EvaluationSum a = new EvaluationSum(Loss.SOFTMAX_CROSS_ENTROPY, 3);
        assertThrows(IllegalArgumentException.class, () -> a.add(new EvaluationSum(Loss.SOFTMAX_CROSS_ENTROPY, 4)));
    }

    @Test
    void fromCountsRebuildsMetrics() {
        EvaluationSum original = new EvaluationSum(Loss.SOFTMAX_CROSS_ENTROPY, 3);
        original.addBlock(new double[] {0.8, 0.1, 0.1, 0.2, 0.7, 0.1, 0.5, 0.2, 0.3}, new double[] {0, 0, 2}, 3, 2.25);
        EvaluationSum rebuilt = EvaluationSum.fromCounts(Loss.SOFTMAX_CROSS_ENTROPY, 3, original.count(),
                original.lossSum(), original.confusionMatrix(), 0, 0);
        assertEquals(original.accuracy(), rebuilt.accuracy(), 0);
        assertEquals(original.meanLoss(), rebuilt.meanLoss(), 0);
        assertEquals(original.decisions(), rebuilt.decisions());
        assertEquals(original.recall(0), rebuilt.recall(0), 0);
        assertThrows(InvalidInputException.class, () -> EvaluationSum.fromCounts(Loss.SOFTMAX_CROSS_ENTROPY, 3, 1, 0,
                new long[2][2], 0, 0));
    }
}
