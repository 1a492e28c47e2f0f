package com.shardprop.spark.train;

import com.shardprop.core.EvaluationSum;
import com.shardprop.core.Loss;
import java.util.Locale;

/** Formats evaluation counts for log lines. */
public final class Metrics {

    private Metrics() {
    }

    /** Returns a one-line summary such as {@code loss 0.3412, accuracy 0.8812}, or RMSE for regression. */
    public static String summarize(EvaluationSum sum) {
        String quality = sum.loss() == Loss.MEAN_SQUARED_ERROR
                ? String.format(Locale.ROOT, "rmse %.4f", sum.rmse())
                : String.format(Locale.ROOT, "accuracy %.4f", sum.accuracy());
        return String.format(Locale.ROOT, "loss %.4f, %s", sum.meanLoss(), quality);
    }
}
