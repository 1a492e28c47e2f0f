package com.shardprop.core;

/** SGD with optional (Nesterov) momentum, weight decay and clipping, as {@link OptimizerConfig} defines them. */
public final class SgdOptimizer implements Optimizer {

    private static final long serialVersionUID = 1L;

    private final OptimizerConfig config;

    public SgdOptimizer(OptimizerConfig config) {
        if (config.kind() != OptimizerConfig.Kind.SGD) {
            throw new IllegalArgumentException("SgdOptimizer needs an SGD configuration, got " + config.kind());
        }
        this.config = config;
    }

    @Override
    public OptimizerConfig config() {
        return config;
    }

    @Override
    public OptimizerState newState(int parameterCount) {
        return new OptimizerState(OptimizerConfig.Kind.SGD, 0,
                config.momentum() > 0 ? new double[parameterCount] : null, null);
    }

    @Override
    public void update(double[] parameters, double[] meanGradient, double learningRate, OptimizerState state) {
        FlatArrays.requireSameLength(parameters, "parameters", meanGradient, "mean gradient");
        state.requireCompatible(OptimizerConfig.Kind.SGD, parameters.length, config.momentum() > 0, false);
        double scale = config.clipScale(meanGradient);
        double momentum = config.momentum();
        boolean nesterov = config.nesterov();
        double coupledDecay = config.decoupledWeightDecay() ? 0 : config.weightDecay();
        double shrink = config.decoupledWeightDecay() ? 1 - learningRate * config.weightDecay() : 1;
        double[] velocity = state.firstMoment();

        for (int i = 0; i < parameters.length; i++) {
            double theta = parameters[i];
            double g = scale * meanGradient[i] + coupledDecay * theta;
            double step = g;
            if (momentum > 0) {
                double v = momentum * velocity[i] + g;
                velocity[i] = v;
                step = nesterov ? g + momentum * v : v;
            }
            parameters[i] = shrink * theta - learningRate * step;
        }
        state.advance();
    }
}
