package com.shardprop.core;

import java.util.SplittableRandom;

/**
 * Random initial weights; biases start at 0. Deterministic for a seed on every JVM: each layer
 * draws from its own stream seeded by {@code Seeds.derive(seed, layer)}, and Gaussian values
 * come from the Box–Muller transform with {@link StrictMath}.
 */
public enum Initializer {

    /** He et al. (2015): {@code W ~ N(0, 2 / fan_in)}, for ReLU-family activations. */
    HE,

    /** Glorot and Bengio (2010): {@code W ~ U(−√(6 / (fan_in + fan_out)), +√(…))}, for sigmoid, tanh and identity. */
    XAVIER;

    /** Returns HE for relu and leaky ReLU, XAVIER otherwise. */
    public static Initializer defaultFor(Activation activation) {
        return switch (activation.kind()) {
            case RELU, LEAKY_RELU -> HE;
            default -> XAVIER;
        };
    }

    /** Returns parameters with every layer initialized by {@code kind}. */
    public static Parameters initialize(NetworkSpec spec, Initializer kind, long seed) {
        Parameters parameters = Parameters.zeros(spec);
        for (int l = 0; l < spec.layerCount(); l++) {
            kind.fillLayer(spec, l, parameters.values(), seed);
        }
        return parameters;
    }

    /** Returns parameters with each layer initialized by the default for its activation. */
    public static Parameters initialize(NetworkSpec spec, long seed) {
        Parameters parameters = Parameters.zeros(spec);
        for (int l = 0; l < spec.layerCount(); l++) {
            defaultFor(spec.layer(l).activation()).fillLayer(spec, l, parameters.values(), seed);
        }
        return parameters;
    }

    /** Writes layer {@code l}'s weights into {@code values}; leaves its biases untouched (0). */
    void fillLayer(NetworkSpec spec, int l, double[] values, long seed) {
        int fanIn = spec.fanIn(l);
        int fanOut = spec.layer(l).width();
        int offset = spec.weightOffset(l);
        int count = fanIn * fanOut;
        SplittableRandom random = new SplittableRandom(Seeds.derive(seed, l));
        if (this == HE) {
            double deviation = StrictMath.sqrt(2.0 / fanIn);
            for (int i = 0; i < count; i++) {
                values[offset + i] = deviation * gaussian(random);
            }
        } else {
            double limit = StrictMath.sqrt(6.0 / (fanIn + fanOut));
            for (int i = 0; i < count; i++) {
                values[offset + i] = limit * (2 * random.nextDouble() - 1);
            }
        }
    }

    /** Returns a standard normal value (one Box–Muller draw; the second value is discarded for simplicity). */
    private static double gaussian(SplittableRandom random) {
        double u1 = 1 - random.nextDouble(); // in (0, 1], so log is finite
        double u2 = random.nextDouble();
        return StrictMath.sqrt(-2 * StrictMath.log(u1)) * StrictMath.cos(2 * StrictMath.PI * u2);
    }
}
