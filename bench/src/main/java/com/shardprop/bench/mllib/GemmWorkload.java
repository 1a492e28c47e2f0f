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
 * rates inside a training step ({@link ThroughputWorkload}): each of Shardprop's kernels
 * ({@link MatrixKernels#names()}; the training step uses {@link MatrixKernels#fastest()}) on the
 * forward product of the first layer for one sub-batch, {@code Z = A_prev Wᵀ} with A_prev 256×784
 * and W 256×784, and the same product through the netlib-java BLAS that MLlib calls
 * ({@code BLAS.getInstance()}).
 */
final class GemmWorkload {

    static final String NAME = "4 GEMM efficiency";
    private static final int ROWS = 256;
    private static final int OUT = 256;
    private static final int IN = 784;

    private GemmWorkload() {
    }

    static void run(Comparison comparison) {
        int samples = comparison.sizes.runs;
        double seconds = comparison.sizes.gemmSampleSeconds;
        Random random = new Random(7);
        double[] a = randomMatrix(ROWS * IN, random);
        double[] w = randomMatrix(OUT * IN, random);
        double[] z = new double[ROWS * OUT];
        double flops = 2.0 * ROWS * OUT * IN;
        String shape = ROWS + "×" + IN + " · (" + OUT + "×" + IN + ")ᵀ, one thread";

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
            Runnable product = () -> kernel.multTransB(ROWS, OUT, IN, a, 0, w, 0, z, 0, false);
            comparison.add(Figure.measured(NAME, "plain GEMM, kernel " + name, Comparison.SHARDPROP, "GFLOP/s/core",
                    rates(product, flops, samples, seconds), (name.equals(stepKernel) ? "the training step's kernel; " : "")
                            + shape));
        }

        BLAS blas = BLAS.getInstance();
        // Column-major view of the same product: Zᵀ (OUT×ROWS) = W (OUT×IN, stored as IN×OUT col-major)ᵀ · A_prevᵀ.
        Runnable netlib = () -> blas.dgemm("T", "N", OUT, ROWS, IN, 1.0, w, IN, a, IN, 0.0, z, OUT);
        comparison.add(Figure.measured(NAME, "plain GEMM, netlib-java dgemm", Comparison.MLLIB, "GFLOP/s/core",
                rates(netlib, flops, samples, seconds), blas.getClass().getSimpleName() + ", " + shape));
    }

    /**
     * Returns one GFLOP/s figure per sample of {@code seconds}, after a warm-up three times as long
     * that lets the JIT compile the product.
     */
    private static List<Double> rates(Runnable product, double flops, int samples, double seconds) {
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
