package com.shardprop.spark.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.api.java.function.PairFunction;
import scala.Tuple2;

/**
 * Tree aggregation whose floating-point result does not depend on task completion order, task
 * retries or which executor ran what.
 *
 * <p>Spark's {@code treeAggregate} merges partial results in the order tasks finish, and
 * floating-point addition is not associative, so two runs can differ in the last bits. Here the
 * order is fixed by partition index instead:
 * <ol>
 *   <li>each partition merges its own elements in iteration order and tags the result with its
 *       partition index {@code i};</li>
 *   <li>each of the {@code d − 1} executor levels of the {@link AggregationTree} sends result
 *       {@code i} to group {@code ⌊i / f⌋}; a group sorts its results by index and merges them
 *       left to right, and the group number becomes the index of the merged result;</li>
 *   <li>the driver collects the remaining results, sorts them by index and merges them left to
 *       right.</li>
 * </ol>
 * So every sum is the same left-to-right sum over the same operands, which makes the result
 * bit-identical across runs as long as each partition's elements are. Partitions with no elements
 * contribute nothing, which changes no sum because merging is by index, not by position.
 */
public final class OrderedTreeAggregation {

    private OrderedTreeAggregation() {
    }

    /**
     * Returns the merge of all elements of {@code partials}, or null if it has none.
     *
     * @param partials not cached, because {@code merge} may modify its elements
     * @param merge    returns {@code left + right}; may modify and return {@code left}; neither argument is null
     * @throws Exception as Spark's actions do (an unwrapped {@code SparkException} on task failure)
     */
    public static <T> T reduce(JavaRDD<T> partials, Function2<T, T, T> merge, AggregationTree tree) throws Exception {
        if (partials.getNumPartitions() != tree.partitions()) {
            throw new IllegalArgumentException("the aggregation tree is planned for " + tree.partitions()
                    + " partitions but the data has " + partials.getNumPartitions());
        }
        JavaPairRDD<Integer, T> level = JavaPairRDD.fromJavaRDD(
                partials.mapPartitionsWithIndex(new MergePartition<>(merge), true));

        long results = tree.partitions();
        for (int depth = 1; depth < tree.depth() && results > 1; depth++) {
            int fanout = tree.fanout();
            results = (results + fanout - 1) / fanout;
            level = level.mapToPair(new AssignGroup<>(fanout))
                    .groupByKey(new HashPartitioner((int) results))
                    .mapToPair(new MergeGroup<>(merge));
        }
        return mergeInIndexOrder(level.collect(), merge);
    }

    /** Merges indexed results in ascending index order, whatever order they arrive in. */
    static <T> T mergeInIndexOrder(Iterable<Tuple2<Integer, T>> indexed, Function2<T, T, T> merge) throws Exception {
        List<Tuple2<Integer, T>> sorted = new ArrayList<>();
        indexed.forEach(sorted::add);
        sorted.sort(Comparator.comparing(Tuple2::_1));
        T total = null;
        for (Tuple2<Integer, T> result : sorted) {
            total = total == null ? result._2() : merge.call(total, result._2());
        }
        return total;
    }

    /** Level 0: merges a partition's elements in iteration order and tags the result with the partition index. */
    private static final class MergePartition<T>
            implements Function2<Integer, Iterator<T>, Iterator<Tuple2<Integer, T>>> {
        private static final long serialVersionUID = 1L;
        private final Function2<T, T, T> merge;

        MergePartition(Function2<T, T, T> merge) {
            this.merge = merge;
        }

        @Override
        public Iterator<Tuple2<Integer, T>> call(Integer partition, Iterator<T> elements) throws Exception {
            T total = null;
            while (elements.hasNext()) {
                T element = elements.next();
                total = total == null ? element : merge.call(total, element);
            }
            return total == null
                    ? Collections.emptyIterator()
                    : Collections.singletonList(new Tuple2<>(partition, total)).iterator();
        }
    }

    /** Keys result {@code i} by its group {@code ⌊i / f⌋} and keeps {@code i} with it for ordering. */
    private static final class AssignGroup<T> implements PairFunction<Tuple2<Integer, T>, Integer, Tuple2<Integer, T>> {
        private static final long serialVersionUID = 1L;
        private final int fanout;

        AssignGroup(int fanout) {
            this.fanout = fanout;
        }

        @Override
        public Tuple2<Integer, Tuple2<Integer, T>> call(Tuple2<Integer, T> result) {
            return new Tuple2<>(result._1() / fanout, result);
        }
    }

    /** Merges one group's results in index order; shuffle fetch order does not matter. */
    private static final class MergeGroup<T>
            implements PairFunction<Tuple2<Integer, Iterable<Tuple2<Integer, T>>>, Integer, T> {
        private static final long serialVersionUID = 1L;
        private final Function2<T, T, T> merge;

        MergeGroup(Function2<T, T, T> merge) {
            this.merge = merge;
        }

        @Override
        public Tuple2<Integer, T> call(Tuple2<Integer, Iterable<Tuple2<Integer, T>>> group) throws Exception {
            return new Tuple2<>(group._1(), mergeInIndexOrder(group._2(), merge));
        }
    }
}
