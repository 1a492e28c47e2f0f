package com.shardprop.spark.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.shardprop.core.EvaluationSum;
import com.shardprop.core.Loss;
import org.junit.jupiter.api.Test;

class EvaluationMetricsTest {

    private static final double TOLERANCE = 1e-12;

    @Test
    void classificationMetricsFromSums() {
        // Three classes; rows are (true, predicted): class 2 is never predicted.
        int[][] pairs = {{0, 0}, {0, 0}, {0, 1}, {1, 1}, {1, 0}, {2, 1}};
        EvaluationSum sum = new EvaluationSum(Loss.SOFTMAX_CROSS_ENTROPY, 3);
        double[] outputs = new double[pairs.length * 3];
        double[] targets = new double[pairs.length];
        for (int row = 0; row < pairs.length; row++) {
            targets[row] = pairs[row][0];
            outputs[row * 3 + pairs[row][1]] = 1;
        }
        sum.addBlock(outputs, targets, pairs.length, 3.0);

        EvaluationMetrics metrics = EvaluationMetrics.from(sum);

        assertEquals(6, metrics.examples());
        assertEquals(0.5, metrics.loss(), TOLERANCE);
        assertEquals(3.0 / 6, metrics.accuracy(), TOLERANCE);
        assertNull(metrics.rmse());
        assertArrayEquals(new long[][] {{2, 1, 0}, {1, 1, 0}, {0, 1, 0}}, metrics.confusionMatrix());
        ClassMetrics zero = metrics.classes().get(0);
        assertEquals(2.0 / 3, zero.precision(), TOLERANCE);
        assertEquals(2.0 / 3, zero.recall(), TOLERANCE);
        assertEquals(2.0 / 3, zero.f1(), TOLERANCE);
        assertEquals(3, zero.support());
        ClassMetrics two = metrics.classes().get(2);
        assertNull(two.precision(), "class 2 is never predicted, so its precision is undefined");
        assertEquals(0.0, two.recall(), TOLERANCE);
        assertEquals(1, two.support());
    }

    @Test
    void regressionMetricsFromSums() {
        EvaluationSum sum = new EvaluationSum(Loss.MEAN_SQUARED_ERROR, 1);
        sum.addBlock(new double[] {1, 2}, new double[] {0, 4}, 2, 2.5);

        EvaluationMetrics metrics = EvaluationMetrics.from(sum);

        assertEquals(Math.sqrt((1 + 4) / 2.0), metrics.rmse(), TOLERANCE);
        assertEquals(1.25, metrics.loss(), TOLERANCE);
        assertNull(metrics.accuracy());
        assertNull(metrics.classes());
        assertNull(metrics.confusionMatrix());
    }
}
