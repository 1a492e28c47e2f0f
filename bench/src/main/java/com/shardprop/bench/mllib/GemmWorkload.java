package com.shardprop.bench.mllib;

import com.shardprop.core.InvalidInputException;
import com.shardprop.core.kernel.MatrixKernel;
import com.shardprop.core.kernel.MatrixKernels;
import dev.ludovic.netlib.blas.BLAS;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Plain matrix-multiply rates on one thread of the driver JVM, measured in the same run as the
 * rates inside a training step ({@link ThroughputWorkload}). One call runs the three products of
 * the first layer for one 256-row sub-batch (Backprop's sub-batch size in Spark tasks):
 * {@code Z = A_prev Wᵀ}, {@code dW = Δᵀ A_prev} and {@code Δ W}, with A_prev 256×784, W 256×784
 * and Δ 256×256, which is {@code 3 · 2·256·256·784} floating-point operations. It runs on each of
 * Shardprop's kernels ({@link MatrixKernels#names()}; training uses {@link MatrixKernels#fastest()})
 * and on the netlib-java BLAS that MLlib calls ({@code BLAS.getInstance()}).
 */
final class GemmWorkload {

    static final String NAME = "4 GEMM efficiency";
    private static final int ROWS = 256;
    private static final int OUT = 256;
    private static final int IN = 784;
    private static final String SHAPE = "forward + both backward products, layer 784→256, 256 rows, one thread";

    private GemmWorkload() {
    }

    static void run(Comparison comparison) {
        int samples = comparison.sizes.runs;
        double seconds = comparison.sizes.gemmSampleSeconds;
        Random random = new Random(7);
        double[] input = randomMatrix(ROWS * IN, random);
        double[] weights = randomMatrix(OUT * IN, random);
        double[] error = randomMatrix(ROWS * OUT, random);
        double[] output = new double[ROWS * OUT];
        double[] weightGradient = new double[OUT * IN];
        double[] inputError = new double[ROWS * IN];
        double flops = 3 * 2.0 * ROWS * OUT * IN;

        String stepKernel = MatrixKernels.fastest().name();
        for (String name : MatrixKernels.names()) {
            MatrixKernel kernel;
            try {
                kernel = MatrixKernels.byName(name);
            } catch (InvalidInputException unavailable) {
                comparison.add(Figure.text(NAME, "plain GEMM, kernel " + name, Comparison.SHARDPROP, "GFLOP/s/core",
                        "unavailable", unavailable.getMessage()));
                continue;
            }
            Runnable layer = () -> {
                kernel.multTransB(ROWS, OUT, IN, input, 0, weights, 0, output, 0, false);
                kernel.multTransA(OUT, IN, ROWS, error, 0, input, 0, weightGradient, 0, false);
                kernel.mult(ROWS, IN, OUT, error, 0, weights, 0, inputError, 0, false);
            };
            comparison.add(Figure.measured(NAME, "plain GEMM, kernel " + name, Comparison.SHARDPROP, "GFLOP/s/core",
                    rates(layer, flops, samples, seconds),
                    (name.equals(stepKernel) ? "the training step's kernel; " : "") + SHAPE));
        }

        // netlib-java is column-major: a row-major m×n matrix is its n×m transpose, so each
        // row-major product C = X·Y runs as Cᵀ = Yᵀ·Xᵀ.
        BLAS blas = BLAS.getInstance();
        Runnable layer = () -> {
            blas.dgemm("T", "N", OUT, ROWS, IN, 1.0, weights, IN, input, IN, 0.0, output, OUT);
            blas.dgemm("N", "T", IN, OUT, ROWS, 1.0, input, IN, error, OUT, 0.0, weightGradient, IN);
            blas.dgemm("N", "N", IN, ROWS, OUT, 1.0, weights, IN, error, OUT, 0.0, inputError, IN);
        };
        comparison.add(Figure.measured(NAME, "plain GEMM, netlib-java dgemm", Comparison.MLLIB, "GFLOP/s/core",
                rates(layer, flops, samples, seconds), blas.getClass().getSimpleName() + "; " + SHAPE));
    }

    /**
     * Returns one GFLOP/s figure per sample of {@code seconds}, after a warm-up three times as long
     * that lets the JIT compile the product.
     */
    static List<Double> rates(Runnable product, double flops, int samples, double seconds) {
        repeat(product, 3 * seconds);
        List<Double> rates = new ArrayList<>();
        for (int sample = 0; sample < samples; sample++) {
            long start = System.nanoTime();
            long calls = repeat(product, seconds);
            rates.add(flops * calls / (System.nanoTime() - start));
        }
        return rates;
    }

    /** Runs {@code product} until {@code seconds} have passed; returns the number of calls. */
    private static long repeat(Runnable product, double seconds) {
        long calls = 0;
        long start = System.nanoTime();
        do {
            product.run();
            calls++;
        } while (System.nanoTime() - start < seconds * 1e9);
        return calls;
    }

    private static double[] randomMatrix(int size, Random random) {
        double[] values = new double[size];
        for (int i = 0; i < size; i++) {
            values[i] = random.nextGaussian();
        }
        return values;
    }
}
