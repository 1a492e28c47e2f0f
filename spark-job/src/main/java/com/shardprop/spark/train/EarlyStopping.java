package com.shardprop.spark.train;

import com.shardprop.core.EvaluationSum;
import com.shardprop.core.OptimizerState;
import com.shardprop.core.Parameters;

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
        double loss = validation.meanLoss();
        if (loss < bestLoss) {
            bestLoss = loss;
            bestEpoch = epoch;
            bestParameters = parameters.copy();
            bestOptimizerState = state.copy();
            bestValidation = validation;
            runsWithoutImprovement = 0;
            return false;
        }
        runsWithoutImprovement++;
        return runsWithoutImprovement >= patience;
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
