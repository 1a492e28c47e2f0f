package com.shardprop.spark.train;

import com.shardprop.core.EvaluationSum;

/**
 * What one epoch of a run achieved.
 *
 * @param epoch        the epoch, from 1
 * @param steps        optimizer steps since the start of the run, this epoch's included
 * @param trainingLoss mean loss per example over the epoch's mini-batches, each under the parameters of its step
 * @param learningRate the learning rate of the epoch's last step
 * @param validation   validation counts after the epoch, or null when it was not evaluated
 * @param seconds      wall-clock time of the epoch, evaluation included
 */
public record EpochSummary(int epoch, long steps, double trainingLoss, double learningRate, EvaluationSum validation,
        double seconds) {
}
