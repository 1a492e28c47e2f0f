package com.shardprop.bench;

import com.shardprop.core.kernel.FloatMatrixKernel;
import com.shardprop.core.kernel.MatrixKernel;
import com.shardprop.core.kernel.MatrixKernels;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time of one layer product per kernel, precision, layer product and batch size, on one
 * thread. bench/report.py turns the times into GFLOP/s (2·m·n·k per product, see
 * {@link LayerProduct}). Products overwrite C, as the forward pass does; the backward pass
 * accumulates the weight gradient, which costs one extra read of C.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g"})
@Threads(1)
@State(Scope.Thread)
public class KernelBenchmark {

    @Param({"ejml", "netlib", "vector"})
    public String kernel;

    @Param({"FORWARD_1", "FORWARD_2", "FORWARD_3", "WEIGHT_GRADIENT_1", "WEIGHT_GRADIENT_2",
        "WEIGHT_GRADIENT_3", "ERROR_2", "ERROR_3"})
    public LayerProduct product;

    @Param({"double", "float"})
    public String precision;

    @Param({"128", "32"})
    public int batch;

    private MatrixKernel implementation;
    private FloatMatrixKernel floatImplementation;
    private int m;
    private int n;
    private int k;
    private double[] a;
    private double[] b;
    private double[] c;
    private float[] af;
    private float[] bf;
    private float[] cf;

    @Setup
    public void setUp() {
        implementation = MatrixKernels.byName(kernel);
        floatImplementation = MatrixKernels.floatByName(kernel);
        m = product.m(batch);
        n = product.n(batch);
        k = product.k(batch);
        Random random = new Random(42);
        a = randomArray(random, m * k);
        b = randomArray(random, k * n);
        c = new double[m * n];
        af = toFloat(a);
        bf = toFloat(b);
        cf = new float[m * n];
    }

    @Benchmark
    public Object layerProduct() {
        return precision.equals("float") ? floatProduct() : doubleProduct();
    }

    private double[] doubleProduct() {
        switch (product.kind) {
            case MULT_TRANS_B:
                implementation.multTransB(m, n, k, a, 0, b, 0, c, 0, false);
                break;
            case MULT_TRANS_A:
                implementation.multTransA(m, n, k, a, 0, b, 0, c, 0, false);
                break;
            default:
                implementation.mult(m, n, k, a, 0, b, 0, c, 0, false);
                break;
        }
        return c;
    }

    private float[] floatProduct() {
        switch (product.kind) {
            case MULT_TRANS_B:
                floatImplementation.multTransB(m, n, k, af, 0, bf, 0, cf, 0, false);
                break;
            case MULT_TRANS_A:
                floatImplementation.multTransA(m, n, k, af, 0, bf, 0, cf, 0, false);
                break;
            default:
                floatImplementation.mult(m, n, k, af, 0, bf, 0, cf, 0, false);
                break;
        }
        return cf;
    }

    static float[] toFloat(double[] values) {
        float[] result = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = (float) values[i];
        }
        return result;
    }

    static double[] randomArray(Random random, int length) {
        double[] values = new double[length];
        for (int i = 0; i < length; i++) {
            values[i] = 2 * random.nextDouble() - 1;
        }
        return values;
    }
}
