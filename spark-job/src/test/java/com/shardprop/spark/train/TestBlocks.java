package com.shardprop.spark.train;

import com.shardprop.spark.SparkTestSession;
import com.shardprop.spark.data.DataBlock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;

/** Packs in-memory rows into one {@link DataBlock} per partition, with chosen partition sizes. */
final class TestBlocks {

    private TestBlocks() {
    }

    /**
     * Returns blocks over consecutive rows: partition p holds the {@code sizes[p]} rows after those
     * of partitions 0..p−1, so global row ids equal the row indices of the arrays.
     */
    static JavaRDD<DataBlock> partitioned(double[] features, int featureWidth, double[] targets, int targetWidth,
            long[] sizes) {
        List<DataBlock> blocks = new ArrayList<>();
        int first = 0;
        for (long size : sizes) {
            int rows = (int) size;
            blocks.add(new DataBlock(rows, featureWidth, targetWidth, featureWidth,
                    Arrays.copyOfRange(features, first * featureWidth, (first + rows) * featureWidth),
                    Arrays.copyOfRange(targets, first * targetWidth, (first + rows) * targetWidth)));
            first += rows;
        }
        // parallelize puts element i of a list of n elements into slice i when asked for n slices.
        return SparkTestSession.context().parallelize(blocks, blocks.size());
    }
}
