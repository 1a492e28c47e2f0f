package com.shardprop.spark.train;

import com.shardprop.core.EvaluationSum;
import com.shardprop.core.GradientSum;
import com.shardprop.core.InvalidInputException;
import com.shardprop.core.LearningRateSchedule;
import com.shardprop.core.Optimizer;
import com.shardprop.core.OptimizerState;
import com.shardprop.core.Parameters;
import com.shardprop.core.ReferenceTrainer;
import com.shardprop.spark.checkpoint.Checkpoint;
import com.shardprop.spark.checkpoint.CheckpointInterval;
import com.shardprop.spark.checkpoint.Checkpointing;
import com.shardprop.spark.data.DataBlock;
import com.shardprop.spark.report.EvaluationMetrics;
import com.shardprop.spark.report.JobDescriptions;
import com.shardprop.spark.report.ProgressLog;
import com.shardprop.spark.report.ReportOptions;
import com.shardprop.spark.report.TrainingListener;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Synchronous data-parallel mini-batch training of a {@code core} network on Spark.
 *
 * <p>One step {@code t}: the driver broadcasts {@code w_t}; each partition computes the gradient
 * sum, loss sum and example count of its slice of global batch {@code t} (see
 * {@link BatchPlanner}); an {@link OrderedTreeAggregation} adds the sums in partition order; the
 * driver forms the mean gradient {@code g = Σ gradients / Σ m_p}, dividing once, applies the
 * optimizer to get
 * {@code w_{t+1}} and destroys the broadcast of {@code w_t}. Each step is a new job on the
 * cached training blocks, so the lineage never grows.
 *
 * <p>A step whose loss, gradient or updated parameters contain NaN or infinity stops training
 * with a {@link TrainingDivergedException} before the bad values are kept.
 *
 * <p>With {@link Checkpointing}, the trainer writes a {@link Checkpoint} every
 * {@link CheckpointInterval} and can resume from one: a resumed run starts from the checkpoint's
 * parameters, optimizer state, step counter and history, skips the steps of the unfinished epoch
 * that the checkpoint already took, and so ends bit-identical to a run that was never interrupted.
 *
 * <p>Progress goes to a {@link TrainingListener}: this class calls {@code onStart},
 * {@code onStep} and {@code onEpoch}; the caller calls {@code onFinish} or {@code onFailure}
 * after {@link #train}, because it also saves the model. The default listener is a
 * {@link ProgressLog}, which logs the configuration and one INFO line per epoch.
 */
public final class SparkTrainer {

    /**
     * Rows per forward and backward sub-batch in a task: large enough for efficient products,
     * small enough to bound each task thread's buffers.
     */
    public static final int SUB_BATCH_ROWS = 256;

    private static final Logger LOG = LoggerFactory.getLogger(SparkTrainer.class);

    private final TrainingConfig config;
    private final TrainingListener listener;

    public SparkTrainer(TrainingConfig config, TrainingListener listener) {
        this.config = config;
        this.listener = listener;
    }

    /** Creates a trainer that reports progress through a {@link ProgressLog}. */
    public SparkTrainer(TrainingConfig config) {
        this(config, new ProgressLog(ReportOptions.DEFAULT_LOG_EVERY, Clock.systemUTC()));
    }

    /**
     * Trains from {@code initial}, or from the checkpoint in {@code checkpointing}, on cached training blocks.
     *
     * @param training      one cached block per partition; not modified
     * @param partitionRows rows of each partition's block, in partition order (counted when the data was loaded)
     * @param validation    validation blocks, or null
     * @param initial       starting parameters; not modified. A resumed run takes only the network from them.
     * @param description   data paths and other settings to report with the run's configuration, in display order
     * @param checkpointing where and how often to write checkpoints, and the checkpoint to resume from
     * @throws TrainingDivergedException if a step produces a non-finite loss, gradient or parameter
     * @throws InvalidInputException if a task rejects a target, or the checkpoint belongs to another run
     *     (network, data or settings differ) or to more epochs than {@code --epochs}
     * @throws java.io.UncheckedIOException if writing a checkpoint fails
     */
    public TrainingResult train(JavaRDD<DataBlock> training, long[] partitionRows, JavaRDD<DataBlock> validation,
            Parameters initial, Map<String, String> description, Checkpointing checkpointing) {
        if (partitionRows.length != training.getNumPartitions()) {
            throw new IllegalArgumentException("the training data has " + training.getNumPartitions()
                    + " partitions but row counts for " + partitionRows.length);
        }
        long rowCount = 0;
        for (long rows : partitionRows) {
            rowCount += rows;
        }
        if (rowCount == 0) {
            throw new InvalidInputException("the training data has no rows; "
                    + "check the --train path and the data options");
        }
        BatchPlanner planner = new BatchPlanner(partitionRows, config.batchSize() == 0 ? rowCount : config.batchSize());
        Run run = new Run(training, partitionRows, validation, initial, planner, checkpointing);

        Map<String, String> configuration = new LinkedHashMap<>(description);
        configuration.put("layers", initial.spec().toString());
        configuration.put("parameters", Integer.toString(initial.spec().parameterCount()));
        configuration.put("training rows", Long.toString(rowCount));
        configuration.put("partitions", Integer.toString(partitionRows.length));
        configuration.putAll(config.describe());
        configuration.put("batch-size", Long.toString(planner.batchSize()));
        configuration.put("aggregation-depth", Integer.toString(run.depth));
        run.configuration = configuration;
        Checkpoint resumed = checkpointing.resumeFrom();
        if (resumed != null) {
            resumed.requireCompatible(checkpointing.resumeSource(), initial.spec(), initial.spec().inputWidth(),
                    configuration);
            requireResumable(resumed, checkpointing.resumeSource(), planner.stepsPerEpoch());
        }
        listener.onStart(configuration, config.epochs(), planner.stepsPerEpoch());
        if (resumed != null) {
            LOG.info("Resuming from {} after step {}: {} epochs completed, {} steps into epoch {}",
                    checkpointing.resumeSource(), resumed.step(), resumed.completedEpochs(), resumed.stepsIntoEpoch(),
                    resumed.completedEpochs() + 1);
            // Replayed so that listeners (the metrics JSON, the report) hold the whole run's history.
            // NOTE: listeners time these epochs as the moment of replay, so their seconds are near 0.
            for (EpochSummary summary : resumed.history()) {
                listener.onEpoch(summary.epoch(), summary.steps(), summary.trainingLoss(), summary.learningRate(),
                        summary.validation() == null ? null : EvaluationMetrics.from(summary.validation()));
            }
        }
        return run.execute();
    }

    /** Trains as {@link #train(JavaRDD, long[], JavaRDD, Parameters, Map, Checkpointing)} without checkpoints. */
    public TrainingResult train(JavaRDD<DataBlock> training, long[] partitionRows, JavaRDD<DataBlock> validation,
            Parameters initial, Map<String, String> description) {
        return train(training, partitionRows, validation, initial, description, Checkpointing.NONE);
    }

    /** Trains as {@link #train(JavaRDD, long[], JavaRDD, Parameters, Map)} with no data description. */
    public TrainingResult train(JavaRDD<DataBlock> training, long[] partitionRows, JavaRDD<DataBlock> validation,
            Parameters initial) {
        return train(training, partitionRows, validation, initial, Map.of());
    }

    /**
     * Checks that this run can continue {@code checkpoint}: its epoch lies within {@code --epochs},
     * and its counters fit {@code stepsPerEpoch} (they do when the batch size and row count match,
     * which {@link Checkpoint#requireCompatible} has checked).
     */
    private void requireResumable(Checkpoint checkpoint, String source, long stepsPerEpoch) {
        int epochsStarted = checkpoint.completedEpochs() + (checkpoint.stepsIntoEpoch() > 0 ? 1 : 0);
        if (epochsStarted > config.epochs()) {
            throw new InvalidInputException("Cannot resume from " + source + ": it has already reached epoch "
                    + epochsStarted + " but this run has --epochs " + config.epochs() + ". Pass --epochs "
                    + epochsStarted + " or more.");
        }
        if (checkpoint.stepsIntoEpoch() >= stepsPerEpoch
                || checkpoint.step() != checkpoint.completedEpochs() * stepsPerEpoch + checkpoint.stepsIntoEpoch()) {
            throw new InvalidInputException("Cannot resume from " + source + ": its counters (step "
                    + checkpoint.step() + ", " + checkpoint.completedEpochs() + " epochs and "
                    + checkpoint.stepsIntoEpoch() + " steps) do not fit " + stepsPerEpoch + " steps per epoch."
                    + " Resume with the training data and --batch-size of the original run.");
        }
    }

    /** The mutable state of one call to {@link #train}. */
    private final class Run {
        private final JavaSparkContext context;
        private final JavaRDD<DataBlock> training;
        private final JavaRDD<DataBlock> validation;
        private final Parameters parameters;
        private final BatchPlanner planner;
        private final long[] firstRowIds;
        private final AggregationTree tree;
        private final int depth;
        private final LearningRateSchedule schedule;
        private final Optimizer optimizer;
        private final OptimizerState optimizerState;
        private final Checkpointing checkpointing;
        private final List<EpochSummary> history = new ArrayList<>();
        /** The run's settings by command-line name, stored in every checkpoint. */
        private Map<String, String> configuration = Map.of();
        private long step;

        Run(JavaRDD<DataBlock> training, long[] partitionRows, JavaRDD<DataBlock> validation, Parameters initial,
                BatchPlanner planner, Checkpointing checkpointing) {
            this.context = JavaSparkContext.fromSparkContext(training.context());
            this.training = training;
            this.validation = validation;
            this.checkpointing = checkpointing;
            Checkpoint resumed = checkpointing.resumeFrom();
            this.parameters = resumed == null ? initial.copy() : resumed.parameters().copy();
            this.planner = planner;
            this.firstRowIds = new long[partitionRows.length];
            for (int p = 1; p < partitionRows.length; p++) {
                firstRowIds[p] = firstRowIds[p - 1] + partitionRows[p - 1];
            }
            // Fails here, before step 1, when the sums reaching the driver cannot fit spark.driver.maxResultSize.
            this.tree = AggregationTree.choose(partitionRows.length, initial.spec().parameterCount(),
                    config.aggregationDepth(), context.getConf());
            this.depth = tree.depth();
            this.schedule = config.learningRateSchedule(planner.stepsPerEpoch());
            this.optimizer = Optimizer.from(config.optimizer());
            if (resumed == null) {
                this.optimizerState = optimizer.newState(parameters.values().length);
            } else {
                this.optimizerState = resumed.optimizerState().copy();
                this.step = resumed.step();
                this.history.addAll(resumed.history());
            }
        }

        TrainingResult execute() {
            EarlyStopping stopping = new EarlyStopping(config.earlyStoppingPatience());
            Checkpoint resumed = checkpointing.resumeFrom();
            boolean stoppedEarly = resumed != null
                    && stopping.restore(history, resumed.bestEpoch(), checkpointing.resumeSource())
                    && history.size() < config.epochs();
            for (int epoch = history.size() + 1; epoch <= config.epochs() && !stoppedEarly; epoch++) {
                long epochStart = System.nanoTime();
                double lossSum = 0;
                long examples = 0;
                long stepsIntoEpoch = 0;
                double rate = Double.NaN;
                BatchPlanner.Epoch batches = planner.startEpoch();
                if (resumed != null && epoch == resumed.completedEpochs() + 1) {
                    // Skip the batches the checkpoint already took, and continue its sums of this epoch.
                    for (; stepsIntoEpoch < resumed.stepsIntoEpoch(); stepsIntoEpoch++) {
                        batches.next();
                    }
                    lossSum = resumed.epochLossSum();
                    examples = resumed.epochExamples();
                }
                while (batches.hasNext()) {
                    rate = schedule.rate(step);
                    BatchPlanner.Slices slices = batches.next();
                    boolean lastStep = epoch == config.epochs() && !batches.hasNext();
                    boolean waitForRelease = lastStep || (step + 1) % ParameterBroadcast.WAIT_EVERY_STEPS == 0;
                    GradientSum sum = takeStep(epoch, slices, rate, waitForRelease);
                    lossSum += sum.lossSum();
                    examples += sum.count();
                    stepsIntoEpoch++;
                    // A checkpoint due on the epoch's last step waits until the epoch is recorded (below).
                    if (checkpointing.writes() && batches.hasNext() && checkpointing.interval().dueInsideEpoch(step)) {
                        writeCheckpoint(epoch - 1, stepsIntoEpoch, lossSum, examples, stopping);
                    }
                }

                EvaluationSum validated = null;
                boolean lastEpoch = epoch == config.epochs();
                if (validation != null && (epoch % config.evalEvery() == 0 || lastEpoch)) {
                    context.setJobDescription(JobDescriptions.evaluation(epoch, config.epochs(), "validation"));
                    validated = DistributedEvaluation.evaluate(validation, parameters, depth, config.kernel());
                    stoppedEarly = stopping.record(epoch, validated, parameters, optimizerState) && !lastEpoch;
                }

                double seconds = (System.nanoTime() - epochStart) / 1e9;
                EpochSummary summary = new EpochSummary(epoch, step, lossSum / examples, rate, validated, seconds);
                history.add(summary);
                if (checkpointing.writes() && checkpointing.interval().dueAtEpochEnd(epoch, step)) {
                    writeCheckpoint(epoch, 0, 0, 0, stopping);
                }
                listener.onEpoch(epoch, step, summary.trainingLoss(), rate,
                        validated == null ? null : EvaluationMetrics.from(validated));
            }

            if (stopping.enabled() && stopping.bestEpoch() > 0 && validation != null) {
                if (stoppedEarly) {
                    LOG.info("Early stopping after epoch {}: no lower validation loss for {} evaluations; "
                            + "keeping the parameters of epoch {}", history.size(), config.earlyStoppingPatience(),
                            stopping.bestEpoch());
                }
                return new TrainingResult(stopping.bestParameters(), stopping.bestOptimizerState(),
                        stopping.bestEpoch(), stoppedEarly, stopping.bestValidation(), history);
            }
            EvaluationSum finalValidation = history.get(history.size() - 1).validation();
            return new TrainingResult(parameters, optimizerState, history.size(), false, finalValidation, history);
        }

        /** Writes the state after {@link #step} steps, {@code stepsIntoEpoch} of them in epoch {@code completedEpochs + 1}. */
        private void writeCheckpoint(int completedEpochs, long stepsIntoEpoch, double epochLossSum, long epochExamples,
                EarlyStopping stopping) {
            checkpointing.write(new Checkpoint(parameters, optimizerState, checkpointing.featureScaling(), step,
                    completedEpochs, stepsIntoEpoch, epochLossSum, epochExamples, configuration, history,
                    stopping.snapshot()));
        }

        /**
         * Runs one synchronous step and returns its gradient sum; {@link #parameters} becomes
         * {@code w_{t+1}}. With {@code waitForRelease}, returns only after the executors dropped {@code w_t}.
         */
        private GradientSum takeStep(int epoch, BatchPlanner.Slices slices, double rate, boolean waitForRelease) {
            long stepStart = System.nanoTime();
            // The reference trainer's derivation: with global row ids, masks match any partitioning.
            long dropoutSeed = ReferenceTrainer.dropoutSeed(config.seed(), step);
            context.setJobDescription(JobDescriptions.trainingStep(epoch, config.epochs(), step + 1,
                    config.epochs() * planner.stepsPerEpoch()));
            Broadcast<Parameters> broadcast = ParameterBroadcast.send(context, parameters);
            GradientSum sum;
            try {
                GradientTask task = new GradientTask(broadcast, slices.start(), slices.end(), firstRowIds,
                        config.seed(), epoch, dropoutSeed, config.kernel(), config.precision());
                // Sums in partition-index order, so the result does not depend on task completion order.
                sum = OrderedTreeAggregation.reduce(training, task, Sums::mergeGradients, tree);
            } catch (Exception e) {
                throw SparkFailures.unwrap(e);
            } finally {
                ParameterBroadcast.release(broadcast, waitForRelease);
            }
            if (sum == null || sum.count() != slices.rows()) {
                throw new IllegalStateException("step " + (step + 1) + " expected gradients of " + slices.rows()
                        + " examples but the partitions returned " + (sum == null ? 0 : sum.count())
                        + "; the cached training blocks no longer match the row counts they were loaded with");
            }
            rejectNonFinite(epoch, sum, rate);

            optimizer.update(parameters.values(), sum.meanGradient(), rate, optimizerState);
            int badParameter = parameters.firstNonFinite();
            if (badParameter >= 0) {
                throw diverged(epoch, "parameter " + badParameter + " became "
                        + parameters.values()[badParameter] + " after the update", rate);
            }

            step++;
            listener.onStep(epoch, step, sum.meanLoss(), rate, sum.count());
            if (LOG.isDebugEnabled()) {
                LOG.debug(String.format(Locale.ROOT, "Epoch %d step %d: loss %.6f over %d examples, learning rate %.3g,"
                        + " %.1f ms", epoch, step, sum.meanLoss(), sum.count(), rate,
                        (System.nanoTime() - stepStart) / 1e6));
            }
            return sum;
        }

        private void rejectNonFinite(int epoch, GradientSum sum, double rate) {
            if (!Double.isFinite(sum.lossSum())) {
                throw diverged(epoch, "the mini-batch loss sum is " + sum.lossSum(), rate);
            }
            int badGradient = sum.firstNonFinite();
            if (badGradient >= 0) {
                throw diverged(epoch, "gradient entry " + badGradient + " is " + sum.values()[badGradient], rate);
            }
        }

        private TrainingDivergedException diverged(int epoch, String problem, double rate) {
            return new TrainingDivergedException("Training diverged at epoch " + epoch + ", step " + (step + 1)
                    + ": " + problem + ", so the step was rejected. Lower --learning-rate (this step used " + rate
                    + "), set --clip-norm, or standardize the features.");
        }
    }
}
