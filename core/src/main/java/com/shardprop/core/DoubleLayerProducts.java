package com.shardprop.core;

import com.shardprop.core.kernel.MatrixKernel;

/** {@link LayerProducts} in double precision: the kernel reads θ and the activations in place. */
final class DoubleLayerProducts implements LayerProducts {

    private final NetworkSpec spec;
    private final MatrixKernel kernel;
    private double[] theta;

    DoubleLayerProducts(NetworkSpec spec, MatrixKernel kernel) {
        this.spec = spec;
        this.kernel = kernel;
    }

    @Override
    public void loadWeights(double[] theta) {
        this.theta = theta;
    }

    @Override
    public void forward(int l, int m, double[] previous, int previousOffset, double[] z) {
        kernel.multTransB(m, spec.layer(l).width(), spec.fanIn(l), previous, previousOffset,
                theta, spec.weightOffset(l), z, 0, false);
    }

    @Override
    public void backward(int l, int m, double[] error, double[] previous, double[] gradient, double[] propagated) {
        int out = spec.layer(l).width();
        int in = spec.fanIn(l);
        kernel.multTransA(out, in, m, error, 0, previous, 0, gradient, spec.weightOffset(l), true);
        if (propagated != null) {
            kernel.mult(m, in, out, error, 0, theta, spec.weightOffset(l), propagated, 0, false);
        }
    }

    @Override
    public Precision precision() {
        return Precision.DOUBLE;
    }

    @Override
    public String kernelName() {
        return kernel.name();
    }
}
