package com.shardprop.spark.report;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Summary of one training epoch. Validation fields are null in epochs without an evaluation
 * ({@code --eval-every} larger than 1, or no validation set), and so is any value that is not a
 * finite number.
 *
 * @param epoch epoch number, from 1
 * @param step optimizer steps taken since the start of the run, at the end of this epoch
 * @param trainingLoss mean training loss per example over the epoch's mini-batches, measured with
 *     the parameters of each step before its update (and with dropout, when the network has it)
 * @param validationLoss mean loss per validation example after the epoch
 * @param validationAccuracy validation accuracy after the epoch (classification only)
 * @param validationRmse validation root mean squared error after the epoch (regression only)
 * @param learningRate learning rate of the epoch's last step
 * @param epochSeconds wall-clock seconds of the epoch, evaluation included
 * @param examplesPerSecond training examples processed per second of the epoch's training steps
 *     (evaluation excluded)
 */
public record EpochRecord(
        @JsonProperty("epoch") int epoch,
        @JsonProperty("step") long step,
        @JsonProperty("training_loss") Double trainingLoss,
        @JsonProperty("validation_loss") Double validationLoss,
        @JsonProperty("validation_accuracy") Double validationAccuracy,
        @JsonProperty("validation_rmse") Double validationRmse,
        @JsonProperty("learning_rate") Double learningRate,
        @JsonProperty("epoch_seconds") Double epochSeconds,
        @JsonProperty("examples_per_second") Double examplesPerSecond) {}
