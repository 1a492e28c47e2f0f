package com.shardprop.spark.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Receives the progress of a training run on the driver: progress logging, the console progress
 * line and the run record (metrics JSON and HTML report) are all listeners.
 *
 * <p>Call order, all from the driver thread that runs the training loop:
 *
 * <pre>
 * onStart(configuration, epochs, stepsPerEpoch)          once, before the first step
 * ( onStep(epoch, step, loss, learningRate, examples)    after every optimizer step
 *   onEpoch(epoch, step, trainingLoss, learningRate,     after every epoch, once its
 *           validation)                                  evaluation (if any) is done
 * )*
 * onFinish(test, modelPath)                              once, after the model is saved
 *   or onFailure(error)                                  once, instead of onFinish
 * </pre>
 *
 * <p>Steps count from 1 across the whole run (step 1 is the first update), epochs from 1. Losses
 * are means per example (the driver's Σ loss / Σ m), never sums. Listeners measure wall-clock time
 * themselves, so the trainer passes no timings.
 *
 * <p>A trainer wires it in with a few lines:
 *
 * <pre>{@code
 * TrainingListener listener = reportOptions.listener(spark.sparkContext());
 * listener.onStart(configuration, epochs, stepsPerEpoch);
 * try {
 *     ... per step:  listener.onStep(epoch, step, batchLoss, rate, batchExamples);
 *     ... per epoch: listener.onEpoch(epoch, step, epochLoss, rate, validationOrNull);
 *     listener.onFinish(testOrNull, modelPath);
 * } catch (RuntimeException e) {
 *     listener.onFailure(e);
 *     throw e;
 * }
 * }</pre>
 *
 * <p>Every method has an empty default, so an implementation overrides only what it needs.
 * Implementations need not be thread-safe.
 */
public interface TrainingListener {

    /** A listener that ignores every call. */
    TrainingListener NONE = new TrainingListener() {};

    /**
     * Starts a run.
     *
     * @param configuration resolved options and data description, in display order (for example
     *     layers, optimizer, batch size, partitions, seed, data paths and row counts); copied
     * @param epochs epochs the run will train at most (early stopping may end it sooner)
     * @param stepsPerEpoch optimizer steps in one epoch (⌈N / B⌉ for N training rows, batch B)
     */
    default void onStart(Map<String, String> configuration, int epochs, long stepsPerEpoch) {}

    /**
     * Reports one optimizer step.
     *
     * @param epoch current epoch, from 1
     * @param step steps taken since the start of the run, this one included (from 1)
     * @param loss mean training loss per example of this step's mini-batch
     * @param learningRate learning rate this step used
     * @param examples examples in this step's mini-batch (summed over partitions)
     */
    default void onStep(int epoch, long step, double loss, double learningRate, long examples) {}

    /**
     * Reports a completed epoch.
     *
     * @param epoch the epoch that ended, from 1
     * @param step steps taken since the start of the run
     * @param trainingLoss mean training loss per example over the epoch
     * @param learningRate learning rate of the epoch's last step
     * @param validation metrics on the validation set after this epoch, or null when the epoch
     *     was not evaluated
     */
    default void onEpoch(int epoch, long step, double trainingLoss, double learningRate,
            EvaluationMetrics validation) {}

    /**
     * Ends a successful run.
     *
     * @param test metrics on the test set, or null when the run had no test set
     * @param modelPath where the model was written, or null when it was not saved
     */
    default void onFinish(EvaluationMetrics test, String modelPath) {}

    /**
     * Ends a failed run. The trainer still rethrows {@code error} itself.
     *
     * @param error the error that stopped training
     */
    default void onFailure(Throwable error) {}

    /**
     * Returns a listener that forwards each call to {@code listeners} in order.
     *
     * <p>An exception from one listener stops the forwarding and reaches the trainer, except in
     * {@code onFailure}: there every listener is called, and an exception is logged and added to
     * the training error as suppressed, so that a failing report never hides why training failed.
     */
    static TrainingListener of(List<? extends TrainingListener> listeners) {
        List<TrainingListener> copy = new ArrayList<>(listeners);
        return new TrainingListener() {
            @Override
            public void onStart(Map<String, String> configuration, int epochs, long stepsPerEpoch) {
                copy.forEach(listener -> listener.onStart(configuration, epochs, stepsPerEpoch));
            }

            @Override
            public void onStep(int epoch, long step, double loss, double learningRate, long examples) {
                copy.forEach(listener -> listener.onStep(epoch, step, loss, learningRate, examples));
            }

            @Override
            public void onEpoch(int epoch, long step, double trainingLoss, double learningRate,
                    EvaluationMetrics validation) {
                copy.forEach(listener -> listener.onEpoch(epoch, step, trainingLoss, learningRate, validation));
            }

            @Override
            public void onFinish(EvaluationMetrics test, String modelPath) {
                copy.forEach(listener -> listener.onFinish(test, modelPath));
            }

            @Override
            public void onFailure(Throwable error) {
                for (TrainingListener listener : copy) {
                    try {
                        listener.onFailure(error);
                    } catch (RuntimeException e) {
                        LoggerFactory.getLogger(TrainingListener.class)
                                .error("Training listener {} failed while recording the failed run", listener, e);
                        error.addSuppressed(e);
                    }
                }
            }
        };
    }
}
