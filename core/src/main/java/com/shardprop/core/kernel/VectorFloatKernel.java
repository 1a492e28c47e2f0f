package com.shardprop.core.kernel;

/**
 * A {@link FloatMatrixKernel} on a cache- and register-blocked product written with the Java Vector
 * API ({@code jdk.incubator.vector}). The JVM must run with
 * {@code --add-modules=jdk.incubator.vector}; {@link MatrixKernels} creates this class only
 * when that module is present, so the rest of core loads without it.
 */
public final class VectorFloatKernel implements FloatMatrixKernel {

    private final VectorFloatProduct product = new VectorFloatProduct();

    @Override
    public void multTransB(int m, int n, int k, float[] a, int aOffset, float[] b, int bOffset,
                           float[] c, int cOffset, boolean accumulate) {
        ProductShape.check("multTransB", m, n, k, a.length, aOffset, b.length, bOffset, c.length, cOffset);
        // op(A) = A (m×k, row-major); op(B) = Bᵀ with B n×k row-major: Bᵀ(p, j) = b[j·k + p].
        product.multiply(m, n, k, a, aOffset, k, 1, b, bOffset, 1, k, c, cOffset, accumulate);
    }

    @Override
    public void multTransA(int m, int n, int k, float[] a, int aOffset, float[] b, int bOffset,
                           float[] c, int cOffset, boolean accumulate) {
        ProductShape.check("multTransA", m, n, k, a.length, aOffset, b.length, bOffset, c.length, cOffset);
        // op(A) = Aᵀ with A k×m row-major: Aᵀ(i, p) = a[p·m + i]; op(B) = B (k×n, row-major).
        product.multiply(m, n, k, a, aOffset, 1, m, b, bOffset, n, 1, c, cOffset, accumulate);
    }

    @Override
    public void mult(int m, int n, int k, float[] a, int aOffset, float[] b, int bOffset,
                     float[] c, int cOffset, boolean accumulate) {
        ProductShape.check("mult", m, n, k, a.length, aOffset, b.length, bOffset, c.length, cOffset);
        product.multiply(m, n, k, a, aOffset, k, 1, b, bOffset, n, 1, c, cOffset, accumulate);
    }

    @Override
    public String name() {
        return "vector";
    }
}
