package com.shardprop.bench.mllib;

import com.shardprop.core.Backprop;
import com.shardprop.core.GradientSum;
import com.shardprop.core.Initializer;
import com.shardprop.core.NetworkSpec;
import com.shardprop.core.Parameters;
import com.shardprop.spark.data.LoadedData;
import com.shardprop.spark.train.SparkTrainer;
import com.shardprop.spark.train.TrainingConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Fashion-MNIST epoch of Shardprop's default recipe on the Spark master, against the time its
 * arithmetic alone needs: {@code rows · FLOPs per example / (step GFLOP/s · cores)}, where the step
 * rate is one task's forward and backward pass measured on one driver thread in the same run. The
 * ratio of the two shows how much of an epoch goes to Spark's per-step overhead and to the driver's
 * update.
 *
 * <p>The step rate runs {@link Backprop#accumulate} exactly as a task does for one step: the
 * command line's precision, the fastest kernel, sub-batches of the executors' size and
 * {@code batch / cores} rows, on random pixels in [0, 1] (the cost does not depend on the
 * values). It counts the matrix products' FLOPs ({@link Comparison#flopsPerExample}), while its
 * time also includes gathering rows, conversions and element-wise work, like the JMH training step.
 */
final class EpochWorkload {

    static final String NAME = "6 epoch vs compute";
    private static final Logger LOG = LoggerFactory.getLogger(EpochWorkload.class);

    private EpochWorkload() {
    }

    static void run(Comparison comparison) {
        LoadedData training = comparison.training();
        NetworkSpec spec = NetworkSpec.parse(Sizes.RECIPE_LAYERS);
        double rows = training.rowCount();
        double cores = comparison.executorCores;
        double flopsPerEpoch = rows * Comparison.flopsPerExample(spec);
        int runs = comparison.sizes.runs;

        // Read the default at run time, because a compile-time constant keeps the value this class was built with.
        for (long batch : List.of(ShardpropRuns.defaultBatchSize(), 256L)) {
            TrainingConfig config = TrainingConfig.commandLineDefaults().batchSize(batch).epochs(runs + 1).build();
            StepRecorder recorder = StepRecorder.untilEnd();
            ShardpropRuns.train(training, null, spec, config, recorder);
            List<Double> epochs = recorder.epochSeconds();

            int taskRows = (int) Math.max(1, Math.min(rows / cores, batch / cores));
            List<Double> rates = stepRates(spec, config, taskRows, runs, comparison.sizes.gemmSampleSeconds);
            List<Double> bounds = new ArrayList<>();
            for (double rate : rates) {
                bounds.add(flopsPerEpoch / (rate * 1e9 * cores));
            }
            String recipe = String.format(Locale.ROOT, "%s, batch %d, %s, %d steps per epoch", Sizes.RECIPE_LAYERS,
                    batch, config.precision().name().toLowerCase(Locale.ROOT), (long) Math.ceil(rows / batch));
            Figure epoch = Figure.measured(NAME, "batch " + batch + ": epoch", Comparison.SHARDPROP, "s", epochs, recipe);
            Figure bound = Figure.measured(NAME, "batch " + batch + ": compute bound", Comparison.SHARDPROP, "s", bounds,
                    "FLOPs per epoch ÷ step rate ÷ " + (int) cores + " cores");
            comparison.add(epoch);
            comparison.add(Figure.measured(NAME, "batch " + batch + ": one task's step rate", Comparison.SHARDPROP,
                    "GFLOP/s/core", rates, taskRows + " rows per task, one driver thread"));
            comparison.add(bound);
            comparison.add(Figure.measured(NAME, "batch " + batch + ": epoch ÷ compute bound", Comparison.SHARDPROP, "×",
                    List.of(epoch.median() / bound.median()), "ratio of the medians; 1.5 is the target"));
            LOG.info("Epoch at batch {}: {} s against a compute bound of {} s", batch, epochs, bounds);
        }
    }

    /** Returns GFLOP/s samples of one task's step of {@code taskRows} rows ({@link GemmWorkload#rates}). */
    private static List<Double> stepRates(NetworkSpec spec, TrainingConfig config, int taskRows, int samples,
            double sampleSeconds) {
        Backprop backprop = Backprop.create(spec, SparkTrainer.SUB_BATCH_ROWS, config.precision(), config.kernel());
        SplittableRandom random = new SplittableRandom(11);
        double[] features = new double[taskRows * spec.inputWidth()];
        for (int i = 0; i < features.length; i++) {
            features[i] = random.nextDouble();
        }
        double[] targets = new double[taskRows];
        int[] order = new int[taskRows];
        long[] rowIds = new long[taskRows];
        for (int r = 0; r < taskRows; r++) {
            targets[r] = random.nextInt(spec.outputWidth());
            order[r] = r;
            rowIds[r] = r;
        }
        Parameters parameters = Initializer.initialize(spec, 1);
        GradientSum sum = new GradientSum(spec.parameterCount());
        Runnable step = () -> {
            sum.clear();
            backprop.accumulate(parameters, features, targets, order, 0, taskRows, 1, rowIds, sum);
        };
        return GemmWorkload.rates(step, taskRows * Comparison.flopsPerExample(spec), samples, sampleSeconds);
    }
}
