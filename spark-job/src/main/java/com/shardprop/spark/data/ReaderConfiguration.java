package com.shardprop.spark.data;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.SerializableConfiguration;

/** The Hadoop configuration that reader tasks open files with. */
final class ReaderConfiguration {

    private ReaderConfiguration() {
    }

    /**
     * Broadcasts {@code hadoopConf} (about 100 KiB serialized). A reader closure that captured it
     * would keep it in the cached blocks' lineage, and then every training step's tasks would
     * carry and deserialize it again: 117 KiB per task against 8 KiB, measured with the step
     * overhead benchmark. The broadcast is never destroyed: Spark recomputes lost cached blocks
     * from it, so it lives as long as the blocks do, one per data set read.
     */
    static Broadcast<SerializableConfiguration> broadcast(JavaSparkContext sc, Configuration hadoopConf) {
        return sc.broadcast(new SerializableConfiguration(hadoopConf));
    }
}
