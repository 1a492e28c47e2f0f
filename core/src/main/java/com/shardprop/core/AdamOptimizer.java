package com.shardprop.core;

/** Adam, or AdamW with decoupled weight decay, with optional clipping, as {@link OptimizerConfig} defines them. */
public final class AdamOptimizer implements Optimizer {

    private static final long serialVersionUID = 1L;

    private final OptimizerConfig config;

    public AdamOptimizer(OptimizerConfig config) {
        if (config.kind() != OptimizerConfig.Kind.ADAM) {
            throw new IllegalArgumentException("AdamOptimizer needs an Adam configuration, got " + config.kind());
        }
        this.config = config;
    }

    @Override
    public OptimizerConfig config() {
        return config;
    }

    @Override
    public OptimizerState newState(int parameterCount) {
        return new OptimizerState(OptimizerConfig.Kind.ADAM, 0, new double[parameterCount], new double[parameterCount]);
    }

    @Override
    public void update(double[] parameters, double[] meanGradient, double learningRate, OptimizerState state) {
        FlatArrays.requireSameLength(parameters, "parameters", meanGradient, "mean gradient");
        state.requireCompatible(OptimizerConfig.Kind.ADAM, parameters.length, true, true);
        double scale = config.clipScale(meanGradient);
        double beta1 = config.beta1();
        double beta2 = config.beta2();
        double epsilon = config.epsilon();
        double coupledDecay = config.decoupledWeightDecay() ? 0 : config.weightDecay();
        double shrink = config.decoupledWeightDecay() ? 1 - learningRate * config.weightDecay() : 1;
        double[] m = state.firstMoment();
        double[] v = state.secondMoment();

        // Bias corrections 1 − βᵗ for the 1-based update count t.
        long t = state.step() + 1;
        double correction1 = 1 - Math.pow(beta1, t);
        double correction2 = 1 - Math.pow(beta2, t);

        for (int i = 0; i < parameters.length; i++) {
            double theta = parameters[i];
            double g = scale * meanGradient[i] + coupledDecay * theta;
            double first = beta1 * m[i] + (1 - beta1) * g;
            double second = beta2 * v[i] + (1 - beta2) * g * g;
            m[i] = first;
            v[i] = second;
            double step = (first / correction1) / (Math.sqrt(second / correction2) + epsilon);
            parameters[i] = shrink * theta - learningRate * step;
        }
        state.advance();
    }
}
