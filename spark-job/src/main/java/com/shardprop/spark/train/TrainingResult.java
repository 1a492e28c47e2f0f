package com.shardprop.spark.train;

import com.shardprop.core.EvaluationSum;
import com.shardprop.core.OptimizerState;
import com.shardprop.core.Parameters;
import java.util.List;

/**
 * The outcome of a distributed training run.
 *
 * @param parameters     the trained parameters: those of the last epoch, or of the epoch with the lowest
 *                       validation loss when early stopping is on
 * @param optimizerState the optimizer state that belongs to {@code parameters}
 * @param parameterEpoch the epoch after which {@code parameters} were taken
 * @param stoppedEarly   whether early stopping ended the run before the last configured epoch
 * @param validation     validation counts of {@code parameters}, or null without a validation set
 * @param history        one summary per completed epoch, in order
 */
public record TrainingResult(Parameters parameters, OptimizerState optimizerState, int parameterEpoch,
        boolean stoppedEarly, EvaluationSum validation, List<EpochSummary> history) {

    public TrainingResult {
        history = List.copyOf(history);
    }

    /** Returns the number of epochs trained. */
    public int epochsTrained() {
        return history.size();
    }

    /** Returns the optimizer steps taken over the whole run. */
    public long steps() {
        return history.isEmpty() ? 0 : history.get(history.size() - 1).steps();
    }

    /** Returns the mean training loss of the last epoch. */
    public double finalTrainingLoss() {
        return history.isEmpty() ? Double.NaN : history.get(history.size() - 1).trainingLoss();
    }
}
