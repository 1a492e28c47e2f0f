package com.shardprop.spark.train;

import com.shardprop.core.Initializer;
import com.shardprop.core.NetworkSpec;
import com.shardprop.spark.SparkTestSession;
import com.shardprop.spark.cli.DataOptions;
import com.shardprop.spark.data.DataBlock;
import com.shardprop.spark.data.LoadedData;
import com.shardprop.spark.data.TrainingDataLoader;
import com.shardprop.spark.report.TrainingListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;

/**
 * Milliseconds per synchronous training step on {@code local[2]} with 2 partitions of the committed
 * Fashion-MNIST sample, next to a plain Spark loop in the same JVM: broadcast a {@code double[]} of
 * the model's size, {@code treeAggregate} a {@code double[]} of that size over the cached blocks,
 * destroy the broadcast. It is not a test, because speed claims come from benchmarks, not unit tests.
 * Run it from the repository root after {@code mvn -B -o -pl core install -DskipTests}:
 *
 * <pre>
 * mvn -B -q -o -pl spark-job test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * cd spark-job &amp;&amp; java SPARK_JVM_FLAGS -cp target/test-classes:target/classes:$(cat /tmp/cp.txt) \
 *     com.shardprop.spark.train.StepOverheadBenchmark [ROUNDS [MODEL_INDEX]]
 * </pre>
 *
 * where SPARK_JVM_FLAGS are the {@code spark.jvm.flags} of the parent pom.
 *
 * <p>Each round runs the plain loop and then the trainer for the tiny model ({@code 784,10:softmax},
 * 7,850 parameters, 16 epochs of 16 steps) and the 1M-parameter model
 * ({@code 784,1024:sigmoid,192:sigmoid,10:softmax}, 1,002,570 parameters, 10 epochs), batch 256 and
 * the default optimizer. It prints the median step time after {@link #WARMUP_STEPS} steps, the
 * median of the longest task's run time (the compute part, millisecond resolution) and the load
 * average. Compare the trainer with the plain loop of the same round: on a loaded machine only
 * that ratio is stable.
 */
public final class StepOverheadBenchmark {

    private static final Path SAMPLE = Path.of("..", "core", "src", "test", "resources", "fashion-mnist-sample");
    private static final String[] MODELS = {"784,10:softmax", "784,1024:sigmoid,192:sigmoid,10:softmax"};
    private static final int WARMUP_STEPS = 40;
    /** Epochs per model: 16 steps each (4,000 rows, batch 256); no evaluation at epoch ends. */
    private static final int[] EPOCHS = {16, 10};

    private StepOverheadBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        SparkSession spark = SparkTestSession.get();
        JavaSparkContext context = SparkTestSession.context();
        TaskTimes taskTimes = new TaskTimes();
        spark.sparkContext().addSparkListener(taskTimes);
        for (int round = 1; round <= rounds; round++) {
            for (int m = 0; m < MODELS.length; m++) {
                if (args.length > 1 && Integer.parseInt(args[1]) != m) {
                    continue;
                }
                NetworkSpec spec = NetworkSpec.parse(MODELS[m]);
                LoadedData data = TrainingDataLoader.load(spark, new DataOptions(),
                        SAMPLE.resolve("train-images-idx3-ubyte.gz").toString(), spec, 2);
                try {
                    int steps = EPOCHS[m] * 16;
                    List<Double> plain = plainLoop(context, data.blocks(), spec.parameterCount(), steps);
                    taskTimes.clear();
                    List<Double> trainer = trainer(data, spec, EPOCHS[m]);
                    List<Double> compute = taskTimes.maxRunTimePerStage();
                    System.out.printf(Locale.ROOT, "round %d  %-42s %,9d params  plain %7.1f ms  trainer %7.1f ms"
                            + "  (max task %6.1f ms)  load %s%n", round, MODELS[m], spec.parameterCount(),
                            median(plain), median(trainer), median(compute.subList(
                                    Math.min(WARMUP_STEPS, compute.size()), compute.size())), load());
                } finally {
                    data.unpersist();
                }
            }
        }
        spark.stop();
    }

    /** Returns the milliseconds of each step after the warm-up of a plain broadcast + treeAggregate loop. */
    private static List<Double> plainLoop(JavaSparkContext context, JavaRDD<DataBlock> blocks, int size, int steps) {
        double[] weights = new double[size];
        List<Double> times = new ArrayList<>();
        for (int step = 0; step < steps; step++) {
            long start = System.nanoTime();
            Broadcast<double[]> broadcast = context.broadcast(weights.clone());
            double[] sum = blocks.treeAggregate(new double[size], (acc, block) -> {
                acc[0] += broadcast.value()[0] + block.rows();
                return acc;
            }, (left, right) -> {
                for (int i = 0; i < left.length; i++) {
                    left[i] += right[i];
                }
                return left;
            }, 2);
            broadcast.destroy();
            weights[0] = sum[0];
            if (step >= WARMUP_STEPS) {
                times.add((System.nanoTime() - start) / 1e6);
            }
        }
        return times;
    }

    /** Returns the milliseconds between consecutive steps' ends after the warm-up of a SparkTrainer run. */
    private static List<Double> trainer(LoadedData data, NetworkSpec spec, int epochs) {
        List<Long> stepEnds = new ArrayList<>();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onStep(int epoch, long step, double loss, double learningRate, long examples) {
                stepEnds.add(System.nanoTime());
            }
        };
        TrainingConfig config = TrainingConfig.builder().epochs(epochs).batchSize(256).build();
        new SparkTrainer(config, listener).train(data.blocks(), data.partitionRowCounts(), null,
                Initializer.initialize(spec, 1));
        List<Double> times = new ArrayList<>();
        for (int i = WARMUP_STEPS + 1; i < stepEnds.size(); i++) {
            // Epoch ends (every 16 steps) do no evaluation here, so every interval is one step.
            times.add((stepEnds.get(i) - stepEnds.get(i - 1)) / 1e6);
        }
        return times;
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        if (n == 0) {
            return Double.NaN;
        }
        if (n % 2 == 1) {
            return sorted.get(n / 2);
        }
        return (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String load() throws IOException {
        return Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).trim();
    }

    /** The maximum task run time of each stage, in stage order. */
    private static final class TaskTimes extends SparkListener {
        private final Map<Integer, Long> maxRunTime = new TreeMap<>();

        @Override
        public synchronized void onTaskEnd(SparkListenerTaskEnd end) {
            if (end.taskMetrics() != null) {
                maxRunTime.merge(end.stageId(), end.taskMetrics().executorRunTime(), Math::max);
            }
        }

        synchronized void clear() {
            maxRunTime.clear();
        }

        synchronized List<Double> maxRunTimePerStage() {
            List<Double> times = new ArrayList<>();
            maxRunTime.values().forEach(ms -> times.add((double) ms));
            return times;
        }
    }
}
