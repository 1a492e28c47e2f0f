package com.shardprop.core.kernel;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The reference {@link MatrixKernel} on EJML's row-major dense products. EJML matrices cannot
 * view an array at an offset, so each operand is copied into a reused scratch matrix first;
 * the copies cost O(size) against the product's O(m·n·k).
 */
public final class EjmlKernel implements MatrixKernel {

    private final DMatrixRMaj left = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj right = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj product = new DMatrixRMaj(1, 1);

    @Override
    public void multTransB(int m, int n, int k, double[] a, int aOffset, double[] b, int bOffset,
                           double[] c, int cOffset, boolean accumulate) {
        load(left, m, k, a, aOffset);
        load(right, n, k, b, bOffset);
        product.reshape(m, n);
        CommonOps_DDRM.multTransB(left, right, product);
        store(product, c, cOffset, accumulate);
    }

    @Override
    public void multTransA(int m, int n, int k, double[] a, int aOffset, double[] b, int bOffset,
                           double[] c, int cOffset, boolean accumulate) {
        load(left, k, m, a, aOffset);
        load(right, k, n, b, bOffset);
        product.reshape(m, n);
        CommonOps_DDRM.multTransA(left, right, product);
        store(product, c, cOffset, accumulate);
    }

    @Override
    public void mult(int m, int n, int k, double[] a, int aOffset, double[] b, int bOffset,
                     double[] c, int cOffset, boolean accumulate) {
        load(left, m, k, a, aOffset);
        load(right, k, n, b, bOffset);
        product.reshape(m, n);
        CommonOps_DDRM.mult(left, right, product);
        store(product, c, cOffset, accumulate);
    }

    @Override
    public String name() {
        return "ejml";
    }

    private static void load(DMatrixRMaj target, int rows, int cols, double[] source, int offset) {
        target.reshape(rows, cols);
        System.arraycopy(source, offset, target.data, 0, rows * cols);
    }

    private static void store(DMatrixRMaj result, double[] c, int cOffset, boolean accumulate) {
        int size = result.getNumElements();
        if (accumulate) {
            for (int i = 0; i < size; i++) {
                c[cOffset + i] += result.data[i];
            }
        } else {
            System.arraycopy(result.data, 0, c, cOffset, size);
        }
    }
}
