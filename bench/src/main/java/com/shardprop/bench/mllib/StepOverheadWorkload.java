package com.shardprop.bench.mllib;

import com.shardprop.core.NetworkSpec;
import com.shardprop.spark.data.LoadedData;
import com.shardprop.spark.train.TrainingConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Milliseconds per synchronous Shardprop step at batch {@value #BATCH}, for a tiny model (compute
 * negligible) and a large one, with the training set in 2, 8 and 32 partitions. MLlib has no
 * mini-batch step to compare (its {@code gd} step is a full pass, see the throughput workload).
 *
 * <p>Each sample is one step after the warm-up steps. The total is the interval between the ends
 * of consecutive steps on the driver. It is split with the driver's clock and Spark's job events
 * (millisecond resolution) into four parts that add up to the total:
 * <ul>
 *   <li>broadcast: from the end of the previous step to the submission of this step's job, which is
 *       the driver planning the slices and broadcasting the parameters;</li>
 *   <li>compute: the longest task's run time on its executor, which includes reading the broadcast
 *       and the forward and backward passes;</li>
 *   <li>scheduling + aggregation: the rest of the job, which is task launch and deserialization,
 *       sending results back and the tree aggregation of the gradient sums;</li>
 *   <li>update: from the end of the job to the end of the step, the driver's optimizer update.</li>
 * </ul>
 */
final class StepOverheadWorkload {

    static final String NAME = "3 step overhead";
    private static final Logger LOG = LoggerFactory.getLogger(StepOverheadWorkload.class);
    /**
     * Global batch of every measured step. It is fixed below the command line's default so that the
     * large model's compute stays small next to the overhead this workload is about.
     */
    static final long BATCH = 256;

    private StepOverheadWorkload() {
    }

    static void run(Comparison comparison) {
        Sizes sizes = comparison.sizes;
        measure(comparison, NetworkSpec.parse(Sizes.TINY_MODEL), "tiny model");
        NetworkSpec large = NetworkSpec.parse(sizes.largeModel);
        measure(comparison, large, String.format(Locale.ROOT, "%.2gM-parameter model", large.parameterCount() / 1e6));
    }

    private static void measure(Comparison comparison, NetworkSpec spec, String label) {
        Sizes sizes = comparison.sizes;
        int warmup = sizes.warmupSteps;
        int steps = warmup + sizes.measuredSteps;
        for (int partitions : Sizes.STEP_PARTITIONS) {
            LoadedData training = comparison.fashionMnist.training(spec, partitions);
            try {
                comparison.timeline.clear();
                StepRecorder recorder = StepRecorder.untilStep(steps, 0);
                TrainingConfig config = TrainingConfig.commandLineDefaults().batchSize(BATCH).epochs(10_000).build();
                ShardpropRuns.train(training, null, spec, config, recorder);
                JobTimeline.drain(comparison.spark.sparkContext());
                List<JobTimeline.Job> jobs = comparison.timeline.endedJobs(JobTimeline::isShardpropStep);
                if (jobs.size() != recorder.steps()) {
                    throw new IllegalStateException("recorded " + recorder.steps() + " steps but " + jobs.size()
                            + " step jobs; the job description filter no longer matches the trainer's jobs");
                }
                addSplit(comparison, label, partitions, spec, recorder, jobs, warmup);
            } finally {
                training.unpersist();
            }
        }
    }

    private static void addSplit(Comparison comparison, String label, int partitions, NetworkSpec spec,
            StepRecorder recorder, List<JobTimeline.Job> jobs, int warmup) {
        List<Double> total = new ArrayList<>();
        List<Double> broadcast = new ArrayList<>();
        List<Double> compute = new ArrayList<>();
        List<Double> rest = new ArrayList<>();
        List<Double> update = new ArrayList<>();
        List<Double> intervals = recorder.stepSeconds(warmup + 1);
        for (int step = warmup + 1; step <= recorder.steps(); step++) {
            JobTimeline.Job job = jobs.get(step - 1);
            total.add(intervals.get(step - warmup - 1) * 1000);
            broadcast.add((double) (job.startMillis - recorder.stepEndMillis(step - 1)));
            compute.add((double) job.maxRunMillis);
            rest.add((double) (job.spanMillis() - job.maxRunMillis));
            update.add((double) (recorder.stepEndMillis(step) - job.endMillis));
        }
        String measure = label + ", " + partitions + " partitions";
        String note = spec.parameterCount() + " parameters, batch " + BATCH;
        comparison.add(Figure.measured(NAME, measure + ": total", Comparison.SHARDPROP, "ms/step", total, note));
        comparison.add(Figure.measured(NAME, measure + ": broadcast", Comparison.SHARDPROP, "ms/step", broadcast,
                "driver: end of step to job submission"));
        comparison.add(Figure.measured(NAME, measure + ": compute", Comparison.SHARDPROP, "ms/step", compute,
                "longest task run time"));
        comparison.add(Figure.measured(NAME, measure + ": scheduling + aggregation", Comparison.SHARDPROP, "ms/step",
                rest, "job span − longest task"));
        comparison.add(Figure.measured(NAME, measure + ": update", Comparison.SHARDPROP, "ms/step", update,
                "driver: job end to end of step"));
        LOG.info("Step overhead {}: {} steps measured", measure, total.size());
    }
}
