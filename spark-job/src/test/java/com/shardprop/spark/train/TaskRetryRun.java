package com.shardprop.spark.train;

import com.shardprop.core.Initializer;
import com.shardprop.core.Model;
import com.shardprop.core.ModelFile;
import com.shardprop.core.NetworkSpec;
import com.shardprop.core.OptimizerConfig;
import com.shardprop.spark.SparkDefaults;
import com.shardprop.spark.data.DataBlock;
import com.shardprop.spark.report.TrainingListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.sql.SparkSession;

/**
 * The child-JVM half of {@link TaskRetryTest}: trains the same run twice on a {@code local[2,4]}
 * master (two threads, a task may fail up to 4 times), once undisturbed and once with a task that
 * throws on its first attempt at a chosen step, and saves both models.
 *
 * <p>It needs its own JVM because the shared test session runs {@code local[2]}, where a single
 * task failure fails the job, and a JVM holds only one SparkContext.
 *
 * <p>Arguments: the output folder. Writes {@code undisturbed.model}, {@code retried.model} and
 * {@code injected-failures.txt} (the number of task attempts that threw).
 */
public final class TaskRetryRun {

    static final String UNDISTURBED = "undisturbed.model";
    static final String RETRIED = "retried.model";
    static final String FAILURES = "injected-failures.txt";
    /** The step (from 1) whose task on {@link #FAILING_PARTITION} throws on its first attempt. */
    static final long FAILING_STEP = 7;
    static final int FAILING_PARTITION = 1;

    private static final NetworkSpec SPEC = NetworkSpec.parse("4,6:tanh:0.2,3:softmax");
    private static final long[] SIZES = {30, 25, 35};
    private static final int ROWS = 90;

    /** Task attempts that threw; a static counter works because local mode runs tasks in this JVM. */
    private static final AtomicInteger INJECTED = new AtomicInteger();

    private TaskRetryRun() {
    }

    public static void main(String[] args) throws IOException {
        Path output = Path.of(args[0]);
        SparkSession.Builder builder = SparkSession.builder()
                .master("local[2,4]")
                .appName("shardprop-task-retry")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.kryo.registrationRequired", "true");
        SparkDefaults.settings().forEach(builder::config);
        // TestBlocks gets its session from SparkTestSession, whose getOrCreate returns this one.
        SparkSession session = builder.getOrCreate();

        SplittableRandom random = new SplittableRandom(3);
        double[] features = new double[ROWS * 4];
        for (int i = 0; i < features.length; i++) {
            features[i] = random.nextDouble(-2, 2);
        }
        double[] targets = new double[ROWS];
        for (int r = 0; r < ROWS; r++) {
            targets[r] = random.nextInt(3);
        }
        JavaRDD<DataBlock> blocks = TestBlocks.partitioned(features, 4, targets, 1, SIZES);

        TrainingResult undisturbed = train(blocks);
        // Not cached, so every step's task runs the failing function before its gradient.
        TrainingResult retried = train(blocks.mapPartitionsWithIndex(new FailFirstAttempt(), true));

        ModelFile.save(model(undisturbed), output.resolve(UNDISTURBED));
        ModelFile.save(model(retried), output.resolve(RETRIED));
        Files.writeString(output.resolve(FAILURES), Integer.toString(INJECTED.get()));
        session.stop();
    }

    private static TrainingResult train(JavaRDD<DataBlock> blocks) {
        TrainingConfig config = TrainingConfig.builder().epochs(3).batchSize(20).seed(13)
                .optimizer(OptimizerConfig.adam()).learningRate(0.05).build();
        return new SparkTrainer(config, TrainingListener.NONE).train(blocks, SIZES, null,
                Initializer.initialize(SPEC, 2));
    }

    private static Model model(TrainingResult result) {
        return new Model(result.parameters(), null, Map.of(
                "steps", Long.toString(result.steps()),
                "final-training-loss", Double.toString(result.finalTrainingLoss())), result.optimizerState());
    }

    /**
     * Passes blocks through, except that the first attempt of the task for {@link #FAILING_PARTITION}
     * in step {@link #FAILING_STEP} throws, as an executor that dies mid-task would. The step is read
     * from the job description the trainer sets, which Spark passes to every task of the job.
     */
    private static final class FailFirstAttempt
            implements Function2<Integer, Iterator<DataBlock>, Iterator<DataBlock>> {
        private static final long serialVersionUID = 1L;

        @Override
        public Iterator<DataBlock> call(Integer partition, Iterator<DataBlock> blocks) {
            TaskContext task = TaskContext.get();
            String job = task.getLocalProperty("spark.job.description");
            boolean failingStep = job != null && job.contains(" step " + FAILING_STEP + "/");
            if (partition == FAILING_PARTITION && failingStep && task.attemptNumber() == 0) {
                INJECTED.incrementAndGet();
                throw new IllegalStateException("injected failure of partition " + partition + " in " + job);
            }
            return blocks;
        }
    }
}
