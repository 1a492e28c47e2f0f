package com.shardprop.spark.train;

import com.shardprop.core.InvalidInputException;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fixed shape of an {@link OrderedTreeAggregation} over {@code P} partitions with depth
 * {@code d}: fan-out {@code f = max(2, ⌈P^(1/d)⌉)}, and {@code d − 1} levels on the executors, each
 * of which merges groups of {@code f} consecutive results ({@code ⌈n / f⌉} groups from {@code n}
 * results). The driver merges what is left, at most {@code f} results (all {@code P} at depth 1).
 *
 * <p>{@link #choose} picks the depth so that the results reaching the driver in one step fit
 * {@code spark.driver.maxResultSize}.
 */
public final class AggregationTree {

    private static final Logger LOG = LoggerFactory.getLogger(AggregationTree.class);

    /**
     * Estimated serialized bytes of one gradient sum besides its {@code 8 × parameterCount} bytes
     * of doubles: the Kryo class ids, array length, example count, loss sum, the partition index
     * and Spark's task-result framing. An estimate, rounded up generously.
     */
    static final long SUM_OVERHEAD_BYTES = 512;

    /** The deepest tree {@link #choose} considers; depth 64 reaches one driver result from 2^63 partitions. */
    private static final int MAX_DEPTH = 64;

    private final int partitions;
    private final int depth;
    private final int fanout;

    /**
     * @param partitions {@code P ≥ 1}
     * @param depth      {@code d ≥ 1}; 1 sends every partition's result to the driver
     */
    public AggregationTree(int partitions, int depth) {
        if (partitions < 1 || depth < 1) {
            throw new IllegalArgumentException("an aggregation tree needs ≥ 1 partition and depth ≥ 1, got "
                    + partitions + " partitions and depth " + depth);
        }
        this.partitions = partitions;
        this.depth = depth;
        this.fanout = Math.max(2, (int) Math.ceil(Math.pow(partitions, 1.0 / depth) - 1e-9));
    }

    public int partitions() {
        return partitions;
    }

    public int depth() {
        return depth;
    }

    /** Returns {@code f}, the number of results each executor-side merge combines. */
    public int fanout() {
        return fanout;
    }

    /** Returns the number of results the driver receives: {@code P} divided by {@code f} (rounded up) {@code d − 1} times. */
    public long driverResults() {
        long results = partitions;
        for (int level = 1; level < depth && results > 1; level++) {
            results = (results + fanout - 1) / fanout;
        }
        return results;
    }

    /** Returns the estimated serialized size of one gradient sum of {@code parameterCount} parameters, in bytes. */
    public static long estimatedSumBytes(int parameterCount) {
        return (long) Double.BYTES * parameterCount + SUM_OVERHEAD_BYTES;
    }

    /**
     * Chooses the aggregation tree for a run: the requested depth (or the default for the
     * partition count), deepened until the gradient sums reaching the driver in one step fit
     * {@code spark.driver.maxResultSize}.
     *
     * @param requestedDepth the configured depth, or 0 to choose it from the partition count
     * @param conf           supplies {@code spark.driver.maxResultSize} (Spark's default 1g; 0 means unlimited)
     * @throws InvalidInputException if even a tree that sends one sum to the driver exceeds the limit,
     *     naming the estimated size and the setting to raise
     */
    public static AggregationTree choose(int partitions, int parameterCount, int requestedDepth, SparkConf conf) {
        long limit = conf.getSizeAsBytes("spark.driver.maxResultSize", "1g");
        int first = requestedDepth > 0 ? requestedDepth : Sums.defaultAggregationDepth(partitions);
        AggregationTree tree = new AggregationTree(partitions, first);
        long sumBytes = estimatedSumBytes(parameterCount);
        if (limit <= 0) {
            return tree;
        }
        while (tree.driverResults() * sumBytes > limit) {
            if (tree.driverResults() == 1 || tree.depth == MAX_DEPTH) {
                throw new InvalidInputException(String.format(Locale.ROOT, "The gradient sum of the %d-parameter "
                        + "network is about %s serialized, which exceeds spark.driver.maxResultSize = %s even at "
                        + "aggregation depth %d, where the driver receives %d sum(s) per step. Raise the limit, "
                        + "for example --conf spark.driver.maxResultSize=%dm, or set it to 0 for no limit.",
                        parameterCount, megabytes(tree.driverResults() * sumBytes), megabytes(limit), tree.depth,
                        tree.driverResults(), 2 * ((tree.driverResults() * sumBytes >> 20) + 1)));
            }
            tree = new AggregationTree(partitions, tree.depth + 1);
        }
        if (tree.depth != first) {
            LOG.info("Raised the aggregation depth from {} to {} so that the {} gradient sums the driver receives "
                    + "per step (about {}) fit spark.driver.maxResultSize = {}", first, tree.depth,
                    tree.driverResults(), megabytes(tree.driverResults() * sumBytes), megabytes(limit));
        }
        return tree;
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0);
    }

    @Override
    public String toString() {
        return "AggregationTree{partitions=" + partitions + ", depth=" + depth + ", fanout=" + fanout
                + ", driverResults=" + driverResults() + "}";
    }
}
