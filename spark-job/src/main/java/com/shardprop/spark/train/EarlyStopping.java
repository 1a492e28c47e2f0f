package com.shardprop.spark.train;

import com.shardprop.core.EvaluationSum;
import com.shardprop.core.InvalidInputException;
import com.shardprop.core.OptimizerState;
import com.shardprop.core.Parameters;
import com.shardprop.spark.checkpoint.Checkpoint;
import java.util.List;

/**
 * Stops training when the validation loss has not decreased for {@code patience} validation runs
 * in a row, and keeps a copy of the parameters with the lowest validation loss so far.
 * A patience of 0 turns early stopping off, and then nothing is copied.
 */
final class EarlyStopping {

    private final int patience;
    private double bestLoss = Double.POSITIVE_INFINITY;
    private int bestEpoch;
    private Parameters bestParameters;
    private OptimizerState bestOptimizerState;
    private EvaluationSum bestValidation;
    private int runsWithoutImprovement;

    EarlyStopping(int patience) {
        this.patience = patience;
    }

    boolean enabled() {
        return patience > 0;
    }

    /**
     * Records a validation run after {@code epoch} and returns whether training should stop.
     * {@code parameters} and {@code state} are copied when they are the best so far.
     */
    boolean record(int epoch, EvaluationSum validation, Parameters parameters, OptimizerState state) {
        if (!enabled()) {
            return false;
        }
        if (improves(epoch, validation)) {
            bestParameters = parameters.copy();
            bestOptimizerState = state.copy();
            return false;
        }
        return runsWithoutImprovement >= patience;
    }

    /**
     * Restores the state after the validation runs recorded in {@code history}, as if {@link #record}
     * had seen each of them, with the best epoch's parameters taken from {@code best}. The state
     * does not depend on the patience of the run that wrote the checkpoint, so it may differ.
     *
     * @param best the checkpoint's best epoch, or null when it stored none
     * @return whether training should stop, as {@link #record} returned after the last validation run
     * @throws InvalidInputException if the history has a best epoch but {@code best} is missing or
     *     names another epoch
     */
    boolean restore(List<EpochSummary> history, Checkpoint.BestEpoch best, String source) {
        if (!enabled()) {
            return false;
        }
        for (EpochSummary summary : history) {
            if (summary.validation() != null) {
                improves(summary.epoch(), summary.validation());
            }
        }
        if (bestEpoch > 0 && best == null) {
            throw new InvalidInputException("Cannot resume with --early-stopping-patience " + patience + " from "
                    + source + ": it was written without early stopping, so it lacks the parameters of its best"
                    + " epoch. Resume with --early-stopping-patience 0, or start a new run.");
        }
        if (best != null && best.epoch() != bestEpoch) {
            throw new InvalidInputException(source + " is corrupt: it names epoch " + best.epoch() + " as the one"
                    + " with the lowest validation loss, but its history says epoch " + bestEpoch
                    + ". Resume from an older checkpoint or start a new run.");
        }
        if (best != null) {
            bestParameters = best.parameters().copy();
            bestOptimizerState = best.optimizerState().copy();
        }
        return runsWithoutImprovement >= patience;
    }

    /** Updates the counters with a validation run and returns whether it set a new lowest loss. */
    private boolean improves(int epoch, EvaluationSum validation) {
        double loss = validation.meanLoss();
        if (loss < bestLoss) {
            bestLoss = loss;
            bestEpoch = epoch;
            bestValidation = validation;
            runsWithoutImprovement = 0;
            return true;
        }
        runsWithoutImprovement++;
        return false;
    }

    /** Returns the best epoch as a checkpoint stores it, or null before the first validation run or when off. */
    Checkpoint.BestEpoch snapshot() {
        return enabled() && bestEpoch > 0 ? new Checkpoint.BestEpoch(bestEpoch, bestParameters, bestOptimizerState)
                : null;
    }

    int bestEpoch() {
        return bestEpoch;
    }

    Parameters bestParameters() {
        return bestParameters;
    }

    OptimizerState bestOptimizerState() {
        return bestOptimizerState;
    }

    EvaluationSum bestValidation() {
        return bestValidation;
    }
}
