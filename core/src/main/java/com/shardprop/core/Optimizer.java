package com.shardprop.core;

import java.io.Serializable;

/**
 * A first-order update {@code θ ← θ − η · step(ḡ, state)} applied to the mean gradient
 * {@code ḡ = Σ_i ∂L_i/∂θ / m} of one global batch. Callers divide the {@link GradientSum} by its
 * count once, then call {@link #update}; the optimizer receives no sums.
 *
 * <p>Call order: {@link #newState} once per training run (or restore a saved
 * {@link OptimizerState}), then {@link #update} once per step with the same state object.
 */
public interface Optimizer extends Serializable {

    /** Returns the zero state for {@code parameterCount} parameters (step 0, zero moments). */
    OptimizerState newState(int parameterCount);

    /**
     * Applies one update.
     *
     * @param parameters   θ, modified in place
     * @param meanGradient ḡ, same length; not modified
     * @param learningRate η for this step, from the {@link LearningRateSchedule}
     * @param state        moments and step count, modified in place
     */
    void update(double[] parameters, double[] meanGradient, double learningRate, OptimizerState state);

    /** Returns the configuration this optimizer was built from. */
    OptimizerConfig config();

    /** Builds the optimizer {@code config} describes. */
    static Optimizer from(OptimizerConfig config) {
        return switch (config.kind()) {
            case SGD -> new SgdOptimizer(config);
            case ADAM -> new AdamOptimizer(config);
        };
    }
}
