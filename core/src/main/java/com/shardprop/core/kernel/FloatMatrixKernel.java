package com.shardprop.core.kernel;

/**
 * The {@code float} counterpart of {@link MatrixKernel}, for training in single precision: the
 * three dense matrix products of a layer's forward and backward pass, on row-major
 * {@code float} arrays addressed by offset, so that a layer's weights can be read in place
 * from a flat parameter buffer.
 *
 * <p>Every product writes {@code C} (m×n, row-major, at {@code c[cOffset]}). With
 * {@code accumulate == false} the previous contents of that region are ignored and overwritten;
 * with {@code accumulate == true} the product is added to them. Operands are never modified.
 * Any of m, n, k may be 0: then nothing is read, and C is zeroed unless accumulating.
 *
 * <p>Implementations may keep scratch buffers and are therefore not thread-safe: use one
 * instance per thread. The results of all implementations agree with {@link EjmlFloatKernel} up
 * to floating-point summation order.
 */
public interface FloatMatrixKernel {

    /**
     * Computes {@code C = A·Bᵀ} (or {@code C += A·Bᵀ}), the forward product {@code Z = A_prev Wᵀ}.
     *
     * @param a m×k, row-major
     * @param b n×k, row-major (so {@code Bᵀ} is k×n)
     * @param c m×n, row-major, written
     */
    void multTransB(int m, int n, int k,
                    float[] a, int aOffset,
                    float[] b, int bOffset,
                    float[] c, int cOffset,
                    boolean accumulate);

    /**
     * Computes {@code C = Aᵀ·B} (or {@code C += Aᵀ·B}), the weight gradient {@code dW = Δᵀ A_prev}.
     *
     * @param a k×m, row-major (so {@code Aᵀ} is m×k)
     * @param b k×n, row-major
     * @param c m×n, row-major, written
     */
    void multTransA(int m, int n, int k,
                    float[] a, int aOffset,
                    float[] b, int bOffset,
                    float[] c, int cOffset,
                    boolean accumulate);

    /**
     * Computes {@code C = A·B} (or {@code C += A·B}), the error propagation {@code Δ W}.
     *
     * @param a m×k, row-major
     * @param b k×n, row-major
     * @param c m×n, row-major, written
     */
    void mult(int m, int n, int k,
              float[] a, int aOffset,
              float[] b, int bOffset,
              float[] c, int cOffset,
              boolean accumulate);

    /** Returns the short name used in logs and by the {@code --kernel} option, such as {@code ejml}. */
    String name();
}
