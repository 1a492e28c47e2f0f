package com.shardprop.spark;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * The one local SparkSession that every test in a test JVM shares.
 *
 * <p>Starting Spark takes seconds, so tests never build their own session. The session runs two
 * worker threads ({@code local[2]}) on 127.0.0.1 with the UI off, and serializes with Kryo with
 * {@code spark.kryo.registrationRequired=true}, so a test fails as soon as an unregistered class
 * crosses the wire. Spark's own shutdown hook stops the session when the JVM exits.
 */
public final class SparkTestSession {

    private static SparkSession session;

    private SparkTestSession() {
    }

    /** Returns the shared session, starting it on first use. */
    public static synchronized SparkSession get() {
        if (session == null) {
            SparkSession.Builder builder = SparkSession.builder()
                    .master("local[2]")
                    .appName("shardprop-tests")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.ui.enabled", "false")
                    .config("spark.ui.showConsoleProgress", "false")
                    .config("spark.sql.shuffle.partitions", "4")
                    .config("spark.default.parallelism", "2")
                    .config("spark.kryo.registrationRequired", "true");
            for (var setting : SparkDefaults.settings().entrySet()) {
                builder.config(setting.getKey(), setting.getValue());
            }
            session = builder.getOrCreate();
        }
        return session;
    }

    /** Returns the Java view of the shared session's SparkContext. */
    public static JavaSparkContext context() {
        return JavaSparkContext.fromSparkContext(get().sparkContext());
    }
}
