package com.shardprop.spark.report;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a training run stands: still running, finished, or stopped by an error. */
public enum RunStatus {
    RUNNING,
    SUCCEEDED,
    FAILED;

    /** Returns the lower-case name written to the metrics JSON ({@code "succeeded"}). */
    @JsonValue
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
