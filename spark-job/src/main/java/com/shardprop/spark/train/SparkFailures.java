package com.shardprop.spark.train;

import com.shardprop.core.InvalidInputException;

/** Recovers user-facing errors from the wrappers Spark puts around task failures. */
final class SparkFailures {

    private SparkFailures() {
    }

    /**
     * Returns the {@link InvalidInputException} in the cause chain of {@code error}, so the caller
     * sees what was wrong with the input rather than Spark's "Job aborted" wrapper. Without one,
     * returns {@code error} itself if unchecked, else wraps it: Spark's Scala methods throw the
     * checked {@code SparkException} without declaring it.
     */
    static RuntimeException unwrap(Exception error) {
        InvalidInputException invalid = InvalidInputException.findIn(error).orElse(null);
        if (invalid != null) {
            return invalid;
        }
        if (error instanceof RuntimeException unchecked) {
            return unchecked;
        }
        return new IllegalStateException("Spark job failed: " + error.getMessage(), error);
    }
}
