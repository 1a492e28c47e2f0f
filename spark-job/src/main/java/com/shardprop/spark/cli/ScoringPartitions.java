package com.shardprop.spark.cli;

import com.shardprop.core.InvalidInputException;
import org.apache.spark.sql.SparkSession;

/** The {@code --partitions} rule of the scoring commands, where 0 means Spark's default parallelism. */
final class ScoringPartitions {

    private ScoringPartitions() {
    }

    /** Rejects a negative {@code --partitions} before Spark starts. */
    static void check(int partitions) {
        if (partitions < 0) {
            throw new InvalidInputException("--partitions must be ≥ 1, or 0 for Spark's default parallelism, got "
                    + partitions + ".");
        }
    }

    /** Returns {@code partitions}, or the session's default parallelism when it is 0. */
    static int resolve(int partitions, SparkSession session) {
        return partitions > 0 ? partitions : session.sparkContext().defaultParallelism();
    }
}
