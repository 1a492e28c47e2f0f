package com.shardprop.bench;

import com.shardprop.core.Backprop;
import com.shardprop.core.GradientSum;
import com.shardprop.core.Initializer;
import com.shardprop.core.NetworkSpec;
import com.shardprop.core.Parameters;
import com.shardprop.core.Precision;
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
 * Time of one training step's forward and backward pass ({@link Backprop#accumulate}) of the
 * network 784-256-128-10 (ReLU, softmax cross-entropy) over one batch, per kernel and
 * precision ({@link Precision}), on one thread. The optimizer update is not included. Features are uniform in [0, 1) and labels
 * uniform over the 10 classes: the matrix products cost the same for any values.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g"})
@Threads(1)
@State(Scope.Thread)
public class TrainingStepBenchmark {

    static final String SPEC = "784,256:relu,128:relu,10:softmax";

    @Param({"ejml", "netlib", "vector"})
    public String kernel;

    @Param({"128", "32"})
    public int batch;

    @Param({"double", "float"})
    public String precision;

    private Backprop backprop;
    private Parameters parameters;
    private double[] features;
    private double[] targets;
    private int[] rows;
    private GradientSum gradient;

    @Setup
    public void setUp() {
        NetworkSpec spec = NetworkSpec.parse(SPEC);
        backprop = Backprop.create(spec, batch, Precision.parse(precision), kernel);
        parameters = Initializer.initialize(spec, 7L);
        Random random = new Random(42);
        features = new double[batch * spec.inputWidth()];
        for (int i = 0; i < features.length; i++) {
            features[i] = random.nextDouble();
        }
        targets = new double[batch];
        rows = new int[batch];
        for (int i = 0; i < batch; i++) {
            targets[i] = random.nextInt(spec.outputWidth());
            rows[i] = i;
        }
        gradient = new GradientSum(spec.parameterCount());
    }

    @Benchmark
    public GradientSum forwardBackward() {
        gradient.clear();
        backprop.accumulate(parameters, features, targets, rows, 0, batch, 0L, null, gradient);
        return gradient;
    }
}
