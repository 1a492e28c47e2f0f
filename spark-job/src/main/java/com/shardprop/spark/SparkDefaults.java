package com.shardprop.spark;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Spark settings Shardprop applies to a session it creates, unless the user set them: Kryo with
 * {@link ShardpropKryoRegistrator}, and task results sent directly up to 64 MiB.
 *
 * <p>Why the result size: every training step returns one {@code GradientSum} per partition, 8
 * bytes per parameter (1.9 MB for 784-256-128-10). Above {@code spark.task.maxDirectResultSize}
 * (1 MiB by default) Spark stores each result in the executor's block manager and the driver
 * fetches it with a second round trip. On {@code local[2]} that round trip cost about 4 ms of a
 * 32 ms step (BENCHMARKS.md, "Step overhead"). Spark caps the setting at {@code spark.rpc.message.maxSize}
 * (128 MiB by default), so results of larger models still take the block manager path.
 */
public final class SparkDefaults {

    /** Largest task result sent with the task's status message, in Spark's size syntax (64 MiB). */
    public static final String MAX_DIRECT_RESULT_SIZE = "64m";

    private SparkDefaults() {
    }

    /** Returns the settings in a fixed order; callers apply each one only where it is missing. */
    public static Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>(ShardpropKryoRegistrator.sparkSettings());
        settings.put("spark.task.maxDirectResultSize", MAX_DIRECT_RESULT_SIZE);
        return settings;
    }
}
