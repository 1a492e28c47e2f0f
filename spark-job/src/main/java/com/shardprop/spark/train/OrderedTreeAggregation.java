package com.shardprop.spark.train;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.api.java.function.PairFunction;
import scala.Tuple2;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction2;

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
        return reduce(partials, new Unchanged<>(), merge, tree);
    }

    /**
     * Returns the merge of all elements that {@code partials} produces from the partitions of
     * {@code source}, or null if it produces none. The same as
     * {@code reduce(source.mapPartitionsWithIndex(partials, true), merge, tree)}, bit for bit.
     *
     * <p>At depth 1 this runs {@code partials} and the partition's merge in one job straight on
     * {@code source}, through {@code SparkContext.runJob} with a named function class. That skips
     * the driver-side cost of {@code mapPartitionsWithIndex} and {@code collect}: Spark's closure
     * cleaner parses, with ASM, the class file of each Scala lambda they wrap around the function,
     * on every call, and {@code collect} parses its RDD scope from JSON. Measured with JFR over 256
     * steps of the 784-10 softmax network (local[2], 2 partitions, load average 10 on 2 cores):
     * they took 62 of the 92 samples of the driver thread inside a step. Without them the median
     * step fell from 44–52 ms to 24–27 ms in StepOverheadBenchmark.
     *
     * @param source   the partitions to read; not modified
     * @param partials maps partition {@code i} to the elements to merge; its elements must not be cached
     * @param merge    returns {@code left + right}; may modify and return {@code left}; neither argument is null
     * @throws Exception as Spark's actions do (an unwrapped {@code SparkException} on task failure)
     */
    public static <S, T> T reduce(JavaRDD<S> source, Function2<Integer, Iterator<S>, Iterator<T>> partials,
            Function2<T, T, T> merge, AggregationTree tree) throws Exception {
        if (source.getNumPartitions() != tree.partitions()) {
            throw new IllegalArgumentException("the aggregation tree is planned for " + tree.partitions()
                    + " partitions but the data has " + source.getNumPartitions());
        }
        if (tree.driverResults() == tree.partitions()) {
            // No executor-side level: each task returns its partition's merge, indexed by partition.
            @SuppressWarnings("unchecked")
            ClassTag<T> anyObject = (ClassTag<T>) ClassTag$.MODULE$.AnyRef();
            Object[] byPartition = (Object[]) source.context().runJob(source.rdd(),
                    new MergePartitionTask<>(partials, merge), anyObject);
            T total = null;
            for (Object result : byPartition) {
                @SuppressWarnings("unchecked")
                T partial = (T) result;
                if (partial != null) {
                    total = total == null ? partial : merge.call(total, partial);
                }
            }
            return total;
        }
        JavaPairRDD<Integer, T> level = JavaPairRDD.fromJavaRDD(source.mapPartitionsWithIndex(partials, true)
                .mapPartitionsWithIndex(new MergePartition<>(merge), true));

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
            T total = mergeAll(elements, merge);
            return total == null
                    ? Collections.emptyIterator()
                    : Collections.singletonList(new Tuple2<>(partition, total)).iterator();
        }
    }

    /** Returns the merge of {@code elements} in iteration order, or null if there are none. */
    private static <T> T mergeAll(Iterator<T> elements, Function2<T, T, T> merge) throws Exception {
        T total = null;
        while (elements.hasNext()) {
            T element = elements.next();
            total = total == null ? element : merge.call(total, element);
        }
        return total;
    }

    /**
     * Depth 1 in one task: applies the partials to partition {@code i} and merges them in iteration
     * order. The job's result array contains the merge of partition {@code i} at index {@code i}, or
     * null when it has no elements. It is a named class, not a lambda, so Spark's closure cleaner
     * does not parse it.
     */
    private static final class MergePartitionTask<S, T>
            extends AbstractFunction2<TaskContext, scala.collection.Iterator<S>, T> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final Function2<Integer, Iterator<S>, Iterator<T>> partials;
        private final Function2<T, T, T> merge;

        MergePartitionTask(Function2<Integer, Iterator<S>, Iterator<T>> partials, Function2<T, T, T> merge) {
            this.partials = partials;
            this.merge = merge;
        }

        @Override
        public T apply(TaskContext task, scala.collection.Iterator<S> partition) {
            try {
                return mergeAll(partials.call(task.partitionId(), CollectionConverters.asJava(partition)), merge);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                // Spark's functions declare Exception; the task reports this one with its cause.
                throw new IllegalStateException("merging partition " + task.partitionId() + " failed", e);
            }
        }
    }

    /** The partials of an RDD that already contains them: partition {@code i}'s elements, unchanged. */
    private static final class Unchanged<T> implements Function2<Integer, Iterator<T>, Iterator<T>> {
        private static final long serialVersionUID = 1L;

        @Override
        public Iterator<T> call(Integer partition, Iterator<T> elements) {
            return elements;
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
