package com.shardprop.core;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class DropoutTest {

    @Test
    void dropFractionMatchesRate() {
        int dropped = 0;
        int total = 0;
        for (long row = 0; row < 200; row++) {
            long key = Dropout.rowKey(17, row, 0);
            for (int unit = 0; unit < 500; unit++) {
                total++;
                if (!Dropout.keeps(key, unit, 0.3)) {
                    dropped++;
                }
            }
        }
        // 100,000 Bernoulli(0.3) draws: standard deviation of the fraction is about 0.0015.
        assertEquals(0.3, (double) dropped / total, 0.006);
    }

    @Test
    void maskDependsOnSeedRowAndLayer() {
        long key = Dropout.rowKey(1, 2, 0);
        assertEquals(key, Dropout.rowKey(1, 2, 0));
        assertNotEquals(key, Dropout.rowKey(1, 3, 0));
        assertNotEquals(key, Dropout.rowKey(1, 2, 1));
        assertNotEquals(key, Dropout.rowKey(2, 2, 0));
    }

    @Test
    void inferenceIgnoresDropout() {
        NetworkSpec withDropout = NetworkSpec.parse("5,16:relu:0.5,3:softmax");
        NetworkSpec without = NetworkSpec.parse("5,16:relu,3:softmax");
        double[] theta = Initializer.initialize(withDropout, 4).values();
        double[] features = TestData.uniform(new SplittableRandom(1), 4 * 5, 1);
        double[] a = new double[12];
        double[] b = new double[12];
        new Backprop(withDropout, 4).predict(new Parameters(withDropout, theta), features, 4, a);
        new Backprop(without, 4).predict(new Parameters(without, theta.clone()), features, 4, b);
        assertArrayEquals(b, a, 0);
    }

    @Test
    void trainingLossDiffersFromInferenceWithDropout() {
        NetworkSpec spec = NetworkSpec.parse("5,16:relu:0.5,3:softmax");
        Parameters parameters = Initializer.initialize(spec, 4);
        SplittableRandom random = new SplittableRandom(2);
        double[] features = TestData.uniform(random, 8 * 5, 1);
        double[] targets = TestData.targets(random, spec, 8);
        GradientSum training = TestData.gradient(new Backprop(spec, 8), parameters, features, targets, 8, 9);
        EvaluationSum evaluation = new EvaluationSum(spec);
        new Backprop(spec, 8).evaluate(parameters, features, targets, 8, evaluation);
        assertNotEquals(evaluation.lossSum(), training.lossSum());
    }
}
