package com.shardprop.bench.mllib;

import com.shardprop.spark.data.LoadedData;
import com.shardprop.spark.train.TrainingConfig;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Training examples per second per executor core for one pass over the training set, on the
 * compared network (784-256-128-10, sigmoid hidden layers): MLlib {@code gd} (full batch),
 * Shardprop full batch, and Shardprop at its default mini-batch size.
 *
 * <p>One pass is one step of a full-batch trainer. Its time is the interval between the ends of
 * consecutive steps (Shardprop) or between the starts of consecutive iteration jobs (MLlib), so it
 * includes the driver's update and the broadcast of the new weights. The first pass of a run is the
 * warm-up. For mini-batches, one pass is one epoch, timed from the last step of the previous epoch.
 *
 * <p>The same runs give the compute rate inside a step: the pass's nominal floating-point
 * operations ({@link Comparison#flopsPerExample}) over the sum of its tasks' run times, which is
 * core-seconds because each task runs on one core.
 */
final class ThroughputWorkload {

    static final String NAME = "1 throughput";
    private static final Logger LOG = LoggerFactory.getLogger(ThroughputWorkload.class);

    private ThroughputWorkload() {
    }

    static void run(Comparison comparison) {
        LoadedData training = comparison.training();
        double rows = training.rowCount();
        double cores = comparison.executorCores;
        double flopsPerPass = rows * Comparison.flopsPerExample(comparison.comparedSpec);
        int runs = comparison.sizes.runs;
        String perCore = "examples/s/core";

        // MLlib gd: runs + 2 iterations give runs intervals after the warm-up interval.
        comparison.mllibTraining();
        comparison.timeline.clear();
        MllibRuns.fit(comparison.mllibTraining(), comparison.comparedSpec, MllibRuns.GD, runs + 2, null);
        JobTimeline.drain(comparison.spark.sparkContext());
        List<JobTimeline.Job> iterations = comparison.timeline.endedJobs(JobTimeline::isMllibGradientDescentIteration);
        List<Double> mllibPass = new ArrayList<>();
        for (int i = 2; i < iterations.size(); i++) {
            mllibPass.add((iterations.get(i).startMillis - iterations.get(i - 1).startMillis) / 1000.0);
        }
        if (mllibPass.isEmpty()) {
            throw new IllegalStateException("MLlib ran " + iterations.size() + " gradient-descent jobs, expected "
                    + (runs + 2) + "; the call site filter no longer matches MLlib's jobs");
        }
        comparison.add(Figure.measured(NAME, "full batch, one pass", Comparison.MLLIB, perCore,
                perCore(rows, cores, mllibPass), "solver gd, " + (int) rows + " rows"));
        addComputeRate(comparison, Comparison.MLLIB, iterations.subList(2, iterations.size()), flopsPerPass);

        // Shardprop full batch: one step per epoch.
        comparison.timeline.clear();
        StepRecorder full = StepRecorder.untilEnd();
        ShardpropRuns.train(training, null, comparison.comparedSpec,
                TrainingConfig.commandLineDefaults().batchSize(0).epochs(runs + 2).build(), full);
        comparison.add(Figure.measured(NAME, "full batch, one pass", Comparison.SHARDPROP, perCore,
                perCore(rows, cores, full.stepSeconds(3)), ShardpropRuns.defaultOptimizer() + ", " + (int) rows + " rows"));
        JobTimeline.drain(comparison.spark.sparkContext());
        List<JobTimeline.Job> steps = comparison.timeline.endedJobs(JobTimeline::isShardpropStep);
        addComputeRate(comparison, Comparison.SHARDPROP, steps.subList(Math.min(2, steps.size()), steps.size()),
                flopsPerPass);

        // Shardprop at the default batch size: runs + 1 epochs, the first one is the warm-up.
        StepRecorder mini = StepRecorder.untilEnd();
        long batch = ShardpropRuns.defaultBatchSize();
        ShardpropRuns.train(training, null, comparison.comparedSpec,
                TrainingConfig.commandLineDefaults().epochs(runs + 1).build(), mini);
        comparison.add(Figure.measured(NAME, "batch " + batch + ", one epoch", Comparison.SHARDPROP, perCore,
                perCore(rows, cores, mini.epochSeconds()), ShardpropRuns.defaultOptimizer() + ", " + (long) Math.ceil(rows / batch)
                        + " steps per epoch"));
        LOG.info("Throughput measured: MLlib gd {} s per pass, Shardprop full batch {} s, batch {} {} s per epoch",
                mllibPass, full.stepSeconds(3), batch, mini.epochSeconds());
    }

    private static List<Double> perCore(double rows, double cores, List<Double> passSeconds) {
        List<Double> rates = new ArrayList<>();
        for (double seconds : passSeconds) {
            rates.add(rows / seconds / cores);
        }
        return rates;
    }

    private static void addComputeRate(Comparison comparison, String trainer, List<JobTimeline.Job> passes,
            double flopsPerPass) {
        List<Double> rates = new ArrayList<>();
        for (JobTimeline.Job pass : passes) {
            if (pass.sumRunMillis > 0) {
                rates.add(flopsPerPass / (pass.sumRunMillis / 1000.0) / 1e9);
            }
        }
        if (rates.isEmpty()) {
            comparison.add(Figure.text(GemmWorkload.NAME, "inside a full-batch step", trainer, "GFLOP/s/core",
                    "no task times", "Spark reported no task metrics for the measured passes"));
            return;
        }
        comparison.add(Figure.measured(GemmWorkload.NAME, "inside a full-batch step", trainer, "GFLOP/s/core", rates,
                "nominal GEMM FLOPs ÷ Σ task run time"));
    }
}
