package com.shardprop.core.kernel;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import java.util.Arrays;

/**
 * A {@link FloatMatrixKernel} on {@code sgemm} of netlib's Java BLAS ({@code dev.ludovic.netlib:blas},
 * the BLAS that Spark ships). Pure Java, so it needs no native library. In version 3.2.0 the
 * Vector API subclass ({@code VectorBLAS}) does not override {@code sgemm}, so this kernel runs
 * the same scalar Java code with or without {@code jdk.incubator.vector}.
 *
 * <p>BLAS is column-major. A row-major m×n matrix is the column-major n×m matrix of its
 * transpose, so each row-major product {@code C = op(A)·op(B)} is computed as the column-major
 * {@code Cᵀ = op(B)ᵀ·op(A)ᵀ}: the operands swap places and every leading dimension is a
 * row-major row length.
 */
public final class NetlibFloatKernel implements FloatMatrixKernel {

    private final BLAS blas = JavaBLAS.getInstance();

    @Override
    public void multTransB(int m, int n, int k, float[] a, int aOffset, float[] b, int bOffset,
                           float[] c, int cOffset, boolean accumulate) {
        ProductShape.check("multTransB", m, n, k, a.length, aOffset, b.length, bOffset, c.length, cOffset);
        if (handledWithoutBlas(m, n, k, c, cOffset, accumulate)) {
            return;
        }
        // Cᵀ (n×m) = B·Aᵀ: b's column-major view is Bᵀ (k×n), so transpose it; a's is Aᵀ (k×m).
        blas.sgemm("T", "N", n, m, k, 1.0f, b, bOffset, k, a, aOffset, k,
                beta(accumulate), c, cOffset, n);
    }

    @Override
    public void multTransA(int m, int n, int k, float[] a, int aOffset, float[] b, int bOffset,
                           float[] c, int cOffset, boolean accumulate) {
        ProductShape.check("multTransA", m, n, k, a.length, aOffset, b.length, bOffset, c.length, cOffset);
        if (handledWithoutBlas(m, n, k, c, cOffset, accumulate)) {
            return;
        }
        // Cᵀ (n×m) = Bᵀ·A: b's column-major view is Bᵀ (n×k); a's is Aᵀ (m×k), so transpose it.
        blas.sgemm("N", "T", n, m, k, 1.0f, b, bOffset, n, a, aOffset, m,
                beta(accumulate), c, cOffset, n);
    }

    @Override
    public void mult(int m, int n, int k, float[] a, int aOffset, float[] b, int bOffset,
                     float[] c, int cOffset, boolean accumulate) {
        ProductShape.check("mult", m, n, k, a.length, aOffset, b.length, bOffset, c.length, cOffset);
        if (handledWithoutBlas(m, n, k, c, cOffset, accumulate)) {
            return;
        }
        // Cᵀ (n×m) = Bᵀ·Aᵀ: b's column-major view is Bᵀ (n×k); a's is Aᵀ (k×m).
        blas.sgemm("N", "N", n, m, k, 1.0f, b, bOffset, n, a, aOffset, k,
                beta(accumulate), c, cOffset, n);
    }

    @Override
    public String name() {
        return "netlib";
    }

    private static float beta(boolean accumulate) {
        // BLAS reads C only when beta != 0, so overwriting ignores whatever C held (even NaN).
        return accumulate ? 1.0f : 0.0f;
    }

    /**
     * Handles the empty shapes that BLAS would reject (a leading dimension of 0 is invalid even
     * when nothing is read) and returns true when it did.
     */
    private static boolean handledWithoutBlas(int m, int n, int k, float[] c, int cOffset,
                                              boolean accumulate) {
        if (m == 0 || n == 0) {
            return true;
        }
        if (k == 0) {
            if (!accumulate) {
                Arrays.fill(c, cOffset, cOffset + m * n, 0.0f);
            }
            return true;
        }
        return false;
    }
}
