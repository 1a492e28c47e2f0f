package com.shardprop.core;

import com.shardprop.core.data.LabeledImages;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReferenceTrainerTest {

    private static final Path SAMPLE = Path.of("src", "test", "resources", "fashion-mnist-sample");
    private static final double[] XOR_FEATURES = {0, 0, 0, 1, 1, 0, 1, 1};
    private static final double[] XOR_TARGETS = {0, 1, 1, 0};

    @Test
    void learnsXor() {
        NetworkSpec spec = NetworkSpec.parse("2,8:tanh,1:sigmoid");
        Parameters parameters = Initializer.initialize(spec, 3);
        ReferenceTrainer trainer = new ReferenceTrainer(spec, 4, OptimizerConfig.adam(),
                LearningRateSchedule.constant(0.05), 3);
        OptimizerState state = trainer.optimizer().newState(spec.parameterCount());
        double[] losses = trainer.train(parameters, state, XOR_FEATURES, XOR_TARGETS, 4, 0, 400);

        assertEquals(400, state.step());
        assertTrue(losses[399] < 0.05, "final mean loss " + losses[399]);
        int[] classes = new Predictor(new Model(parameters)).predictClasses(XOR_FEATURES, 4);
        assertArrayEquals(new int[] {0, 1, 1, 0}, classes);
    }

    @Test
    void sameSeedGivesBitIdenticalParameters() {
        NetworkSpec spec = NetworkSpec.parse("2,6:relu:0.2,2:softmax");
        double[][] results = new double[2][];
        for (int run = 0; run < 2; run++) {
            Parameters parameters = Initializer.initialize(spec, 1);
            ReferenceTrainer trainer = new ReferenceTrainer(spec, 3,
                    OptimizerConfig.builder().momentum(0.9).nesterov(true).build(), LearningRateSchedule.constant(0.1), 9);
            trainer.train(parameters, trainer.optimizer().newState(spec.parameterCount()), XOR_FEATURES, XOR_TARGETS, 4, 0, 5);
            results[run] = parameters.values();
        }
        assertArrayEquals(results[0], results[1], 0);
    }

    @Test
    void stepIsMeanGradientThenOptimizerUpdate() {
        // Oracle semantics: batch rows = order[from..to), ḡ = Σ gradients / count, θ ← optimizer(θ, ḡ, rate(t)).
        NetworkSpec spec = NetworkSpec.parse("2,5:sigmoid:0.3,2:softmax");
        Parameters trained = Initializer.initialize(spec, 2);
        Parameters manual = trained.copy();
        OptimizerConfig config = OptimizerConfig.builder().momentum(0.5).build();
        LearningRateSchedule schedule = LearningRateSchedule.stepDecay(0.2, 0.5, 1);
        ReferenceTrainer trainer = new ReferenceTrainer(spec, 3, config, schedule, 77);
        OptimizerState state = trainer.optimizer().newState(spec.parameterCount());
        trainer.train(trained, state, XOR_FEATURES, XOR_TARGETS, 4, 0, 1);

        Optimizer optimizer = Optimizer.from(config);
        OptimizerState manualState = optimizer.newState(spec.parameterCount());
        int[] order = ReferenceTrainer.epochOrder(77, 0, 4);
        Backprop backprop = new Backprop(spec, 8);
        long step = 0;
        for (int from = 0; from < 4; from += 3, step++) {
            GradientSum sum = new GradientSum(spec.parameterCount());
            backprop.accumulate(manual, XOR_FEATURES, XOR_TARGETS, order, from, Math.min(4, from + 3),
                    ReferenceTrainer.dropoutSeed(77, step), TestData.rowIds(4), sum);
            optimizer.update(manual.values(), sum.meanGradient(), schedule.rate(step), manualState);
        }
        assertEquals(2, state.step());
        assertArrayEquals(manual.values(), trained.values(), 0);
    }

    @Test
    void epochOrderIsSeededPermutation() {
        int[] order = ReferenceTrainer.epochOrder(5, 2, 50);
        assertArrayEquals(order, ReferenceTrainer.epochOrder(5, 2, 50));
        int[] sorted = order.clone();
        Arrays.sort(sorted);
        assertArrayEquals(TestData.identityOrder(50), sorted);
        assertTrue(!Arrays.equals(order, ReferenceTrainer.epochOrder(5, 3, 50)));
    }

    @Test
    void divergenceStopsWithClearError() {
        NetworkSpec spec = NetworkSpec.parse("2,1:identity");
        Parameters parameters = Initializer.initialize(spec, 1);
        ReferenceTrainer trainer = new ReferenceTrainer(spec, 4, OptimizerConfig.sgd(), LearningRateSchedule.constant(1e300), 1);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> trainer.train(parameters,
                trainer.optimizer().newState(spec.parameterCount()), new double[] {1e10, 1e10}, new double[] {0}, 1, 0, 10));
        assertTrue(e.getMessage().contains("training diverged, lower the learning rate or enable clipping"), e.getMessage());
        assertEquals(-1, parameters.firstNonFinite());
    }

    @Test
    void reachesWellAboveChanceOnFashionMnistSample() throws IOException {
        LabeledImages train = LabeledImages.read(SAMPLE.resolve("train-images-idx3-ubyte.gz"),
                SAMPLE.resolve("train-labels-idx1-ubyte.gz"));
        LabeledImages test = LabeledImages.read(SAMPLE.resolve("t10k-images-idx3-ubyte.gz"),
                SAMPLE.resolve("t10k-labels-idx1-ubyte.gz"));
        NetworkSpec spec = NetworkSpec.parse("784,64:relu,10:softmax");
        Parameters parameters = Initializer.initialize(spec, 11);
        ReferenceTrainer trainer = new ReferenceTrainer(spec, 64, OptimizerConfig.adam(),
                LearningRateSchedule.constant(2e-3), 11);
        trainer.train(parameters, trainer.optimizer().newState(spec.parameterCount()), train.pixels(), train.targets(),
                train.rows(), 0, 4);

        EvaluationSum evaluation = new EvaluationSum(spec);
        new Backprop(spec, 256).evaluate(parameters, test.pixels(), test.targets(), test.rows(), evaluation);
        assertEquals(1000, evaluation.count());
        // Chance is 0.10; a small MLP on 4,000 rows reaches roughly 0.8 on held-out rows.
        assertTrue(evaluation.accuracy() > 0.75, "test accuracy " + evaluation.accuracy());
    }
}
