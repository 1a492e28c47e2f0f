package com.shardprop.spark.checkpoint;

import com.shardprop.core.FeatureScaling;
import com.shardprop.core.InvalidInputException;
import com.shardprop.core.NetworkSpec;
import com.shardprop.core.OptimizerState;
import com.shardprop.core.Parameters;
import com.shardprop.spark.train.EpochSummary;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything a training run needs to continue exactly where it stopped, after {@link #step()}
 * optimizer steps: parameters {@code w_t}, optimizer state (SGD velocity or Adam moments and
 * update count), the schedule position (the learning rate is a function of the step count), the
 * step and epoch counters, the partial sums of the current epoch's loss, the feature scaling, the
 * run's configuration, the per-epoch metrics so far and, with early stopping on, the parameters
 * and optimizer state of the epoch with the lowest validation loss.
 *
 * <p>No random-number generator state is stored because the trainer keeps none between steps:
 * partition {@code p} shuffles its rows in epoch {@code e} with a generator seeded by
 * {@code Seeds.derive(seed, SHUFFLE_SALT, e, p)}, and the dropout masks of step {@code t} derive
 * from {@code Seeds.derive(seed, DROPOUT_SALT, t)} and each row's global index. The run seed
 * (in the configuration) and the counters are therefore the whole random state.
 *
 * <p>Buffers are referenced, not copied: write a checkpoint before the next step modifies them.
 */
public final class Checkpoint {

    /** Configuration entries that must match for a resumed run to continue the same trajectory. */
    static final Set<String> RESUME_SETTINGS = Set.of("layers", "training rows", "partitions", "seed", "batch-size",
            "optimizer", "learning-rate", "schedule", "warmup-epochs");

    private final Parameters parameters;
    private final OptimizerState optimizerState;
    private final FeatureScaling featureScaling;
    private final long step;
    private final int completedEpochs;
    private final long stepsIntoEpoch;
    private final double epochLossSum;
    private final long epochExamples;
    private final Map<String, String> configuration;
    private final List<EpochSummary> history;
    private final BestEpoch bestEpoch;

    /**
     * @param featureScaling  the scaling applied to the training features, or null
     * @param step            optimizer steps taken since the start of the run
     * @param stepsIntoEpoch  steps taken in epoch {@code completedEpochs + 1}; 0 on an epoch boundary
     * @param epochLossSum    {@code Σ L} over the examples of those steps (0 on a boundary)
     * @param epochExamples   examples of those steps
     * @param configuration   the run's settings by command-line name (see {@link #RESUME_SETTINGS}); copied
     * @param history         one summary per completed epoch; copied
     * @param bestEpoch       early stopping's best epoch so far, or null when early stopping is off or has not
     *                        seen a validation run
     * @throws InvalidInputException if the counters are inconsistent, or {@code bestEpoch} names an epoch
     *                        outside the history or one without validation counts
     */
    public Checkpoint(Parameters parameters, OptimizerState optimizerState, FeatureScaling featureScaling, long step,
            int completedEpochs, long stepsIntoEpoch, double epochLossSum, long epochExamples,
            Map<String, String> configuration, List<EpochSummary> history, BestEpoch bestEpoch) {
        this.parameters = Objects.requireNonNull(parameters, "parameters");
        this.optimizerState = Objects.requireNonNull(optimizerState, "optimizerState");
        if (step < 0 || completedEpochs < 0 || stepsIntoEpoch < 0 || stepsIntoEpoch > step || epochExamples < 0) {
            throw new InvalidInputException("checkpoint counters must be ≥ 0 with steps into the epoch ≤ steps, got "
                    + "step " + step + ", completed epochs " + completedEpochs + ", steps into epoch "
                    + stepsIntoEpoch + ", epoch examples " + epochExamples);
        }
        if (history.size() != completedEpochs) {
            throw new InvalidInputException("checkpoint after " + completedEpochs + " epochs has "
                    + history.size() + " epoch summaries");
        }
        this.featureScaling = featureScaling;
        this.step = step;
        this.completedEpochs = completedEpochs;
        this.stepsIntoEpoch = stepsIntoEpoch;
        this.epochLossSum = epochLossSum;
        this.epochExamples = epochExamples;
        this.configuration = Collections.unmodifiableMap(new LinkedHashMap<>(configuration));
        this.history = List.copyOf(history);
        if (bestEpoch != null) {
            int epoch = bestEpoch.epoch();
            if (epoch < 1 || epoch > completedEpochs || history.get(epoch - 1).validation() == null) {
                throw new InvalidInputException("the best epoch " + epoch + " must be one of the " + completedEpochs
                        + " completed epochs and have validation counts");
            }
            if (!bestEpoch.parameters().spec().equals(parameters.spec())) {
                throw new InvalidInputException("the best epoch's parameters are for the network "
                        + bestEpoch.parameters().spec() + ", not " + parameters.spec());
            }
        }
        this.bestEpoch = bestEpoch;
    }

    public Parameters parameters() {
        return parameters;
    }

    public NetworkSpec spec() {
        return parameters.spec();
    }

    public OptimizerState optimizerState() {
        return optimizerState;
    }

    /** Returns the feature scaling of the training data, or null when features were used as given. */
    public FeatureScaling featureScaling() {
        return featureScaling;
    }

    /** Returns the optimizer steps taken since the start of the run. */
    public long step() {
        return step;
    }

    /** Returns the epochs completed and recorded in {@link #history()}. */
    public int completedEpochs() {
        return completedEpochs;
    }

    /** Returns the steps already taken in the next epoch; 0 when the checkpoint lies on an epoch boundary. */
    public long stepsIntoEpoch() {
        return stepsIntoEpoch;
    }

    /** Returns the loss sum of the steps taken in the next epoch so far. */
    public double epochLossSum() {
        return epochLossSum;
    }

    /** Returns the examples of the steps taken in the next epoch so far. */
    public long epochExamples() {
        return epochExamples;
    }

    /** Returns the run's settings by command-line name, in display order (unmodifiable). */
    public Map<String, String> configuration() {
        return configuration;
    }

    /** Returns one summary per completed epoch, in order (unmodifiable). */
    public List<EpochSummary> history() {
        return history;
    }

    /** Returns early stopping's best epoch so far, or null when there is none. */
    public BestEpoch bestEpoch() {
        return bestEpoch;
    }

    /**
     * Checks that a run with {@code spec} on data {@code featureWidth} columns wide and the settings
     * {@code current} continues the run this checkpoint belongs to.
     *
     * @param source   names the checkpoint in the message
     * @param current  the new run's settings by command-line name; only {@link #RESUME_SETTINGS} are compared
     * @throws InvalidInputException naming the first setting that differs, both values and the fix
     */
    public void requireCompatible(String source, NetworkSpec spec, int featureWidth, Map<String, String> current) {
        if (!spec.equals(spec())) {
            throw new InvalidInputException("Cannot resume from " + source + ": it was trained with --layers "
                    + spec() + " but this run has --layers " + spec + ". Use the same --layers, or start a new run "
                    + "with a different --checkpoint-dir.");
        }
        if (featureWidth != spec().inputWidth()) {
            throw new InvalidInputException("Cannot resume from " + source + ": its network takes "
                    + spec().inputWidth() + " features but the training data has " + featureWidth
                    + " columns. Train on the same data, or start a new run with a different --checkpoint-dir.");
        }
        for (String setting : RESUME_SETTINGS) {
            String saved = configuration.get(setting);
            String now = current.get(setting);
            if (saved != null && now != null && !saved.equals(now)) {
                throw new InvalidInputException("Cannot resume from " + source + ": it was trained with " + setting
                        + " = " + saved + " but this run has " + setting + " = " + now
                        + ". Resume with the same setting, or start a new run with a different --checkpoint-dir.");
            }
        }
    }

    /**
     * The epoch with the lowest validation loss so far, and a copy of the parameters and optimizer
     * state taken right after it. Early stopping returns these at the end of the run.
     */
    public static final class BestEpoch {
        private final int epoch;
        private final Parameters parameters;
        private final OptimizerState optimizerState;

        /** Refers to {@code parameters} and {@code optimizerState} without copying them. */
        public BestEpoch(int epoch, Parameters parameters, OptimizerState optimizerState) {
            this.epoch = epoch;
            this.parameters = Objects.requireNonNull(parameters, "parameters");
            this.optimizerState = Objects.requireNonNull(optimizerState, "optimizerState");
        }

        /** Returns the epoch, from 1. */
        public int epoch() {
            return epoch;
        }

        public Parameters parameters() {
            return parameters;
        }

        public OptimizerState optimizerState() {
            return optimizerState;
        }
    }
}
