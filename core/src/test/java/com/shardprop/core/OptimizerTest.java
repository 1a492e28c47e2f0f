package com.shardprop.core;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Optimizer updates against values worked out by hand from the formulas on {@link OptimizerConfig}. */
class OptimizerTest {

    private static final double TOLERANCE = 1e-15;
    private static final double[] GRADIENT = {0.5, 0.25};

    private static double[] run(OptimizerConfig config, double learningRate, double[]... gradients) {
        Optimizer optimizer = Optimizer.from(config);
        double[] theta = {1, -2};
        OptimizerState state = optimizer.newState(theta.length);
        for (double[] gradient : gradients) {
            optimizer.update(theta, gradient, learningRate, state);
        }
        assertEquals(gradients.length, state.step());
        return theta;
    }

    @Test
    void sgdStepsAgainstGradient() {
        assertArrayEquals(new double[] {0.95, -2.025}, run(OptimizerConfig.sgd(), 0.1, GRADIENT), TOLERANCE);
    }

    @Test
    void momentumAccumulatesVelocity() {
        OptimizerConfig config = OptimizerConfig.builder().momentum(0.9).build();
        // v1 = g = (0.5, 0.25); v2 = 0.9 v1 + g = (0.95, 0.475); θ2 = θ − 0.1 (v1 + v2).
        assertArrayEquals(new double[] {1 - 0.05 - 0.095, -2 - 0.025 - 0.0475},
                run(config, 0.1, GRADIENT, GRADIENT), TOLERANCE);
    }

    @Test
    void nesterovLooksAhead() {
        OptimizerConfig config = OptimizerConfig.builder().momentum(0.9).nesterov(true).build();
        // v1 = g; step = g + 0.9 v1 = (0.95, 0.475).
        assertArrayEquals(new double[] {1 - 0.095, -2 - 0.0475}, run(config, 0.1, GRADIENT), TOLERANCE);
    }

    @Test
    void coupledWeightDecayAddsL2Gradient() {
        OptimizerConfig config = OptimizerConfig.builder().weightDecay(0.1).build();
        // g + λθ = (0.5 + 0.1, 0.25 − 0.2) = (0.6, 0.05).
        assertArrayEquals(new double[] {1 - 0.06, -2 - 0.005}, run(config, 0.1, GRADIENT), TOLERANCE);
    }

    @Test
    void decoupledWeightDecayShrinksParameters() {
        OptimizerConfig config = OptimizerConfig.builder().momentum(0.5).weightDecay(0.1).decoupledWeightDecay(true).build();
        // θ1 = θ (1 − 0.1·0.1) − 0.1 g = (0.99 − 0.05, −1.98 − 0.025); momentum never sees λθ.
        assertArrayEquals(new double[] {0.94, -2.005}, run(config, 0.1, GRADIENT), TOLERANCE);
        // Second step: v2 = 0.5 g + g = 1.5 g; θ2 = 0.99 θ1 − 0.1·1.5 g.
        assertArrayEquals(new double[] {0.99 * 0.94 - 0.075, 0.99 * -2.005 - 0.0375},
                run(config, 0.1, GRADIENT, GRADIENT), TOLERANCE);
    }

    @Test
    void clippingScalesToGlobalNorm() {
        OptimizerConfig config = OptimizerConfig.builder().clipNorm(1).build();
        // ‖(3, 4)‖ = 5 → scaled to (0.6, 0.8).
        assertArrayEquals(new double[] {1 - 0.6, -2 - 0.8}, run(config, 1, new double[] {3, 4}), TOLERANCE);
        OptimizerConfig loose = OptimizerConfig.builder().clipNorm(10).build();
        assertArrayEquals(new double[] {1 - 3, -2 - 4}, run(loose, 1, new double[] {3, 4}), TOLERANCE);
    }

    @Test
    void adamFirstStepIsLearningRateTimesSign() {
        // m̂ = g and v̂ = g² after bias correction, so the step is g / (|g| + ε).
        double[] theta = run(OptimizerConfig.adam(), 0.1, GRADIENT);
        assertArrayEquals(new double[] {1 - 0.1 * 0.5 / (0.5 + 1e-8), -2 - 0.1 * 0.25 / (0.25 + 1e-8)}, theta, TOLERANCE);
    }

    @Test
    void adamSecondStepUsesBiasCorrectedMoments() {
        double[] theta = run(OptimizerConfig.adam(), 0.1, new double[] {0.5, 0}, new double[] {-0.25, 0});
        // m2 = 0.9·0.05 + 0.1·(−0.25) = 0.02;  v2 = 0.999·0.00025 + 0.001·0.0625 = 0.00031225
        // m̂ = 0.02 / (1 − 0.9²) = 0.02 / 0.19;  v̂ = 0.00031225 / (1 − 0.999²) = 0.00031225 / 0.001999
        double first = 1 - 0.1 * 0.5 / (0.5 + 1e-8);
        double step = (0.02 / 0.19) / (Math.sqrt(0.00031225 / 0.001999) + 1e-8);
        assertEquals(first - 0.1 * step, theta[0], 1e-14);
        assertEquals(-2, theta[1], 0);
    }

    @Test
    void adamWDecaysOutsideMoments() {
        OptimizerConfig adamW = OptimizerConfig.builder().kind(OptimizerConfig.Kind.ADAM)
                .weightDecay(0.1).decoupledWeightDecay(true).build();
        double[] theta = run(adamW, 0.1, GRADIENT);
        assertEquals(0.99 - 0.1 * 0.5 / (0.5 + 1e-8), theta[0], TOLERANCE);

        OptimizerConfig adamL2 = OptimizerConfig.builder().kind(OptimizerConfig.Kind.ADAM).weightDecay(0.1).build();
        // Coupled: g + λθ = 0.6 enters the moments, so the first step is again ≈ η·sign.
        assertEquals(1 - 0.1 * 0.6 / (0.6 + 1e-8), run(adamL2, 0.1, GRADIENT)[0], TOLERANCE);
    }

    @Test
    void stateFromOtherOptimizerRejected() {
        Optimizer adam = Optimizer.from(OptimizerConfig.adam());
        OptimizerState sgdState = Optimizer.from(OptimizerConfig.sgd()).newState(2);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> adam.update(new double[2], new double[2], 0.1, sgdState));
        assertEquals("optimizer state is for SGD but the optimizer is ADAM; start with a fresh state or use the same optimizer",
                e.getMessage());
    }

    @Test
    void invalidSettingsRejectedWithValue() {
        assertEquals("momentum must be in [0, 1), got 1.5", assertThrows(InvalidInputException.class,
                () -> OptimizerConfig.builder().momentum(1.5).build()).getMessage());
        assertThrows(InvalidInputException.class, () -> OptimizerConfig.builder().nesterov(true).build());
        assertThrows(InvalidInputException.class, () -> OptimizerConfig.builder().weightDecay(-1).build());
        assertThrows(InvalidInputException.class, () -> OptimizerConfig.builder().clipNorm(Double.NaN).build());
        assertThrows(InvalidInputException.class,
                () -> OptimizerConfig.builder().kind(OptimizerConfig.Kind.ADAM).betas(0.9, 1).build());
        assertThrows(InvalidInputException.class,
                () -> OptimizerConfig.builder().kind(OptimizerConfig.Kind.ADAM).momentum(0.9).build());
    }

    @Test
    void stateCopyIsIndependent() {
        Optimizer sgd = Optimizer.from(OptimizerConfig.builder().momentum(0.9).build());
        OptimizerState state = sgd.newState(2);
        OptimizerState copy = state.copy();
        sgd.update(new double[2], GRADIENT, 0.1, state);
        assertEquals(0, copy.step());
        assertArrayEquals(new double[2], copy.firstMoment(), 0);
    }
}
