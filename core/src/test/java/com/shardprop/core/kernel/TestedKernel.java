package com.shardprop.core.kernel;

import java.util.List;

/**
 * A kernel under test behind one {@code double} signature, so that one agreement test covers
 * both precisions: a {@code float} kernel's operands are rounded to {@code float} on the way in
 * and its result widened on the way out. Each kernel is compared with the EJML kernel of its
 * own precision, which sees the same rounded operands.
 */
abstract class TestedKernel {

    /** Absolute tolerance per unit of the inner dimension k, for entries of A and B in [-1, 1]. */
    static final double DOUBLE_TOLERANCE = 1e-14;
    static final double FLOAT_TOLERANCE = 1e-6;

    private final String label;

    private TestedKernel(String label) {
        this.label = label;
    }

    /** Returns the double-precision kernels (other than the reference) and the float ones. */
    static List<TestedKernel> all() {
        return List.of(
                ofDouble(new NetlibKernel()),
                ofDouble(new VectorKernel()));
    }

    static TestedKernel ofDouble(MatrixKernel kernel) {
        return new TestedKernel("double " + kernel.name()) {
            @Override
            void run(Product product, int m, int n, int k, double[] a, int aOffset,
                     double[] b, int bOffset, double[] c, int cOffset, boolean accumulate) {
                switch (product) {
                    case MULT_TRANS_B:
                        kernel.multTransB(m, n, k, a, aOffset, b, bOffset, c, cOffset, accumulate);
                        break;
                    case MULT_TRANS_A:
                        kernel.multTransA(m, n, k, a, aOffset, b, bOffset, c, cOffset, accumulate);
                        break;
                    default:
                        kernel.mult(m, n, k, a, aOffset, b, bOffset, c, cOffset, accumulate);
                        break;
                }
            }

            @Override
            TestedKernel reference() {
                return ofDouble(new EjmlKernel());
            }

            @Override
            double tolerance() {
                return DOUBLE_TOLERANCE;
            }
        };
    }

    /** Runs one product; A, B and C are as in {@link MatrixKernel}, C is written. */
    abstract void run(Product product, int m, int n, int k, double[] a, int aOffset,
                      double[] b, int bOffset, double[] c, int cOffset, boolean accumulate);

    /** Returns the EJML kernel of the same precision. */
    abstract TestedKernel reference();

    abstract double tolerance();

    @Override
    public String toString() {
        return label;
    }
}
