package com.shardprop.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;

/** Runs the kinds of Spark jobs the trainer runs, with {@code spark.kryo.registrationRequired=true}. */
class KryoRegistrationTest {

    private static JavaRDD<double[]> fourRows() {
        return SparkTestSession.context().parallelize(
                List.of(new double[] {1, 2}, new double[] {3, 4}, new double[] {5, 6}, new double[] {7, 8}), 4);
    }

    @Test
    void treeAggregateSumsArrays() {
        double[] sum = fourRows().treeAggregate(new double[2], (acc, row) -> {
            acc[0] += row[0];
            acc[1] += row[1];
            return acc;
        }, (a, b) -> {
            a[0] += b[0];
            a[1] += b[1];
            return a;
        }, 2);
        assertArrayEquals(new double[] {16, 20}, sum);
    }

    @Test
    void broadcastReachesSerializedCachedPartitions() {
        Broadcast<double[]> scale = SparkTestSession.context().broadcast(new double[] {10, 100});
        JavaRDD<double[]> cached = fourRows().persist(StorageLevel.MEMORY_ONLY_SER());
        try {
            assertEquals(4, cached.count());
            List<double[]> scaled = cached
                    .map(row -> new double[] {row[0] * scale.value()[0], row[1] * scale.value()[1]})
                    .collect();
            assertArrayEquals(new double[] {70, 800}, scaled.get(3));
        } finally {
            cached.unpersist(true);
            scale.destroy();
        }
    }
}
