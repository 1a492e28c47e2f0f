package com.shardprop.core.kernel;

import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;

/**
 * The reference {@link FloatMatrixKernel} on EJML's row-major dense products. EJML matrices cannot
 * view an array at an offset, so each operand is copied into a reused scratch matrix first;
 * the copies cost O(size) against the product's O(m·n·k).
 */
public final class EjmlFloatKernel implements FloatMatrixKernel {

    private final FMatrixRMaj left = new FMatrixRMaj(1, 1);
    private final FMatrixRMaj right = new FMatrixRMaj(1, 1);
    private final FMatrixRMaj product = new FMatrixRMaj(1, 1);

    @Override
    public void multTransB(int m, int n, int k, float[] a, int aOffset, float[] b, int bOffset,
                           float[] c, int cOffset, boolean accumulate) {
        load(left, m, k, a, aOffset);
        load(right, n, k, b, bOffset);
        product.reshape(m, n);
        CommonOps_FDRM.multTransB(left, right, product);
        store(product, c, cOffset, accumulate);
    }

    @Override
    public void multTransA(int m, int n, int k, float[] a, int aOffset, float[] b, int bOffset,
                           float[] c, int cOffset, boolean accumulate) {
        load(left, k, m, a, aOffset);
        load(right, k, n, b, bOffset);
        product.reshape(m, n);
        CommonOps_FDRM.multTransA(left, right, product);
        store(product, c, cOffset, accumulate);
    }

    @Override
    public void mult(int m, int n, int k, float[] a, int aOffset, float[] b, int bOffset,
                     float[] c, int cOffset, boolean accumulate) {
        load(left, m, k, a, aOffset);
        load(right, k, n, b, bOffset);
        product.reshape(m, n);
        CommonOps_FDRM.mult(left, right, product);
        store(product, c, cOffset, accumulate);
    }

    @Override
    public String name() {
        return "ejml";
    }

    private static void load(FMatrixRMaj target, int rows, int cols, float[] source, int offset) {
        target.reshape(rows, cols);
        System.arraycopy(source, offset, target.data, 0, rows * cols);
    }

    private static void store(FMatrixRMaj result, float[] c, int cOffset, boolean accumulate) {
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
