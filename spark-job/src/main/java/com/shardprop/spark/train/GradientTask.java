package com.shardprop.spark.train;

import com.shardprop.core.GradientSum;
import com.shardprop.core.Parameters;
import com.shardprop.core.Precision;
import com.shardprop.spark.data.DataBlock;
import java.util.Collections;
import java.util.Iterator;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;

/**
 * The executor side of one training step: partition {@code p} computes the gradient sum of its
 * slice {@code [start[p], end[p])} of global batch {@code t}, in its shuffled row order for the
 * epoch, with the broadcast parameters {@code w_t}.
 *
 * <p>The task is a pure function of (broadcast parameters, cached block, epoch, step, seed), so a
 * retried task returns the same sum. It carries only a broadcast handle and a few small arrays
 * (one entry per partition); the parameters themselves always travel by broadcast. A partition
 * whose slice is empty returns no sum at all, so an idle partition sends no parameter-sized zero
 * buffer back to the driver.
 */
final class GradientTask implements Function2<Integer, Iterator<DataBlock>, Iterator<GradientSum>> {

    private static final long serialVersionUID = 1L;

    private final Broadcast<Parameters> parameters;
    private final int[] sliceStart;
    private final int[] sliceEnd;
    private final long[] firstRowIds;
    private final long seed;
    private final int epoch;
    private final long dropoutSeed;
    /** The matrix kernel name, or null for the fastest kernel of the executor's JVM. */
    private final String kernel;
    private final Precision precision;

    /**
     * @param sliceStart  per partition, the first shuffled row of its slice (inclusive)
     * @param sliceEnd    per partition, the last shuffled row of its slice (exclusive)
     * @param firstRowIds per partition, the global index of its first row (rows of earlier partitions)
     * @param dropoutSeed this step's dropout seed; a row's masks depend only on it and the row's global index
     * @param kernel      the matrix kernel name, validated on the driver; null for each executor's fastest
     * @param precision   the precision of the matrix products
     */
    GradientTask(Broadcast<Parameters> parameters, int[] sliceStart, int[] sliceEnd, long[] firstRowIds, long seed,
            int epoch, long dropoutSeed, String kernel, Precision precision) {
        this.parameters = parameters;
        this.sliceStart = sliceStart;
        this.sliceEnd = sliceEnd;
        this.firstRowIds = firstRowIds;
        this.seed = seed;
        this.epoch = epoch;
        this.dropoutSeed = dropoutSeed;
        this.kernel = kernel;
        this.precision = precision;
    }

    @Override
    public Iterator<GradientSum> call(Integer partition, Iterator<DataBlock> blocks) {
        DataBlock block = SingleBlock.of(blocks, partition);
        int from = sliceStart[partition];
        int to = sliceEnd[partition];
        if (from == to) {
            return Collections.emptyIterator();
        }
        if (to > block.rows()) {
            throw new IllegalStateException("partition " + partition + " has " + block.rows()
                    + " cached rows but its slice ends at row " + to
                    + "; the cached training blocks changed size after the batches were planned");
        }

        Parameters current = parameters.value();
        ExecutorWorkspace workspace = ExecutorWorkspace.forThread(current.spec(), kernel, precision);
        int[] order = workspace.rowOrder(block.rows());
        PartitionShuffle.permute(order, block.rows(), seed, epoch, partition);
        long[] rowIds = null;
        if (current.spec().hasDropout()) {
            rowIds = workspace.rowIds(block.rows());
            for (int row = 0; row < block.rows(); row++) {
                rowIds[row] = firstRowIds[partition] + row;
            }
        }

        GradientSum sum = new GradientSum(current.values().length);
        workspace.backprop().accumulate(current, block.features(), block.targets(), order, from, to, dropoutSeed,
                rowIds, sum);
        return Collections.singletonList(sum).iterator();
    }
}
