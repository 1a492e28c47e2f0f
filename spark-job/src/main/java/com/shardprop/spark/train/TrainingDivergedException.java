package com.shardprop.spark.train;

/**
 * Training produced a NaN or infinite loss, gradient or parameter. The step that produced it is
 * rejected before it reaches the parameters, so no model with such values is written.
 */
public final class TrainingDivergedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TrainingDivergedException(String message) {
        super(message);
    }
}
