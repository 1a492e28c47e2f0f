package com.shardprop.core.kernel;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A kernel under test behind one {@code double} signature, so that one agreement test covers
 * both precisions: a {@code float} kernel's operands are rounded to {@code float} on the way in
 * and its result widened on the way out. Each kernel is compared with the EJML kernel of its
 * own precision, which receives the same rounded operands.
 */
abstract class TestedKernel {

    /** Absolute tolerance per unit of the inner dimension k, for entries of A and B in [-1, 1]. */
    static final double DOUBLE_TOLERANCE = 1e-14;
    static final double FLOAT_TOLERANCE = 1e-6;

    /** Held so that the level set below is not lost when the logger is garbage-collected. */
    private static final Logger NETLIB_LOG = Logger.getLogger("dev.ludovic.netlib.blas");

    static {
        quietNetlib();
    }

    /**
     * Keeps passing tests silent. Call it before the first netlib kernel is created: netlib
     * otherwise tries to load a native BLAS (its JNI stub prints to stderr when libblas.so.3
     * is missing) and logs its choice at INFO.
     */
    static void quietNetlib() {
        if (System.getProperty("dev.ludovic.netlib.blas.allowNative") == null) {
            System.setProperty("dev.ludovic.netlib.blas.allowNative", "false");
        }
        NETLIB_LOG.setLevel(Level.WARNING);
    }

    private final String label;

    private TestedKernel(String label) {
        this.label = label;
    }

    /** Returns the double-precision kernels (other than the reference) and the float ones. */
    static List<TestedKernel> all() {
        return List.of(
                ofDouble(new NetlibKernel()),
                ofDouble(new VectorKernel()),
                ofFloat(new NetlibFloatKernel()),
                ofFloat(new VectorFloatKernel()));
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

    static TestedKernel ofFloat(FloatMatrixKernel kernel) {
        return new TestedKernel("float " + kernel.name()) {
            @Override
            void run(Product product, int m, int n, int k, double[] a, int aOffset,
                     double[] b, int bOffset, double[] c, int cOffset, boolean accumulate) {
                float[] af = toFloat(a);
                float[] bf = toFloat(b);
                float[] cf = toFloat(c);
                switch (product) {
                    case MULT_TRANS_B:
                        kernel.multTransB(m, n, k, af, aOffset, bf, bOffset, cf, cOffset, accumulate);
                        break;
                    case MULT_TRANS_A:
                        kernel.multTransA(m, n, k, af, aOffset, bf, bOffset, cf, cOffset, accumulate);
                        break;
                    default:
                        kernel.mult(m, n, k, af, aOffset, bf, bOffset, cf, cOffset, accumulate);
                        break;
                }
                for (int i = 0; i < c.length; i++) {
                    c[i] = cf[i];
                }
            }

            @Override
            TestedKernel reference() {
                return ofFloat(new EjmlFloatKernel());
            }

            @Override
            double tolerance() {
                return FLOAT_TOLERANCE;
            }
        };
    }

    private static float[] toFloat(double[] values) {
        float[] result = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = (float) values[i];
        }
        return result;
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
