package com.shardprop.spark.data;

import com.shardprop.core.FeatureScaling;
import org.apache.spark.api.java.JavaRDD;

/**
 * A data set packed for training or scoring: one persisted {@link DataBlock} per partition, already
 * validated and counted, with the feature scaling applied to it (if any).
 */
public final class LoadedData {

    private final JavaRDD<DataBlock> blocks;
    private final long rowCount;
    private final int featureWidth;
    private final int targetWidth;
    private final long[] partitionRowCounts;
    private final FeatureScaling scaling;
    private final String description;

    LoadedData(JavaRDD<DataBlock> blocks, long[] partitionRowCounts, int featureWidth, int targetWidth,
               FeatureScaling scaling, String description) {
        this.blocks = blocks;
        this.partitionRowCounts = partitionRowCounts.clone();
        long total = 0;
        for (long count : partitionRowCounts) {
            total += count;
        }
        this.rowCount = total;
        this.featureWidth = featureWidth;
        this.targetWidth = targetWidth;
        this.scaling = scaling;
        this.description = description;
    }

    /** Returns the blocks, one per partition, persisted (MEMORY_AND_DISK); call {@link #unpersist()} when done. */
    public JavaRDD<DataBlock> blocks() {
        return blocks;
    }

    /** Returns the number of rows over all partitions. */
    public long rowCount() {
        return rowCount;
    }

    /** Returns the feature columns per row: the model's input width. */
    public int featureWidth() {
        return featureWidth;
    }

    /** Returns the target values per row (0 for prediction input). */
    public int targetWidth() {
        return targetWidth;
    }

    /** Returns a copy of the row count of each partition, in partition order (some may be 0). */
    public long[] partitionRowCounts() {
        return partitionRowCounts.clone();
    }

    /** Returns the number of partitions. */
    public int partitionCount() {
        return partitionRowCounts.length;
    }

    /**
     * Returns the feature scaling applied to the blocks: the one fitted on this data for training
     * with {@code --standardize}, the one passed in for scoring, or null for none.
     */
    public FeatureScaling scaling() {
        return scaling;
    }

    /** Returns a one-line description for logs and model metadata: format, path, rows, width, partitions. */
    public String description() {
        return description;
    }

    /** Releases the cached blocks. */
    public void unpersist() {
        blocks.unpersist(false);
    }

    @Override
    public String toString() {
        return description;
    }
}
