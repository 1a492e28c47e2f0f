package com.shardprop.spark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.shardprop.core.GradientSum;
import com.shardprop.core.InvalidInputException;
import com.shardprop.spark.SparkTestSession;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

/**
 * {@link OrderedTreeAggregation} sums in the fixed tree order of {@link AggregationTree}: the
 * result is the left-to-right sum over groups of consecutive partition indices, bit for bit,
 * whatever order the tasks finish in.
 */
class OrderedTreeAggregationTest {

    private static final int WIDTH = 3;

    /**
     * Per-partition values whose magnitudes span 1e-3 to 1e16, so that almost every summation
     * order gives a different double. Partitions listed in {@code empty} hold no sum.
     */
    private static List<GradientSum> partials(int partitions, long seed, int... empty) {
        SplittableRandom random = new SplittableRandom(seed);
        List<GradientSum> sums = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            final int partition = p;
            if (Arrays.stream(empty).anyMatch(e -> e == partition)) {
                sums.add(null);
                continue;
            }
            double[] values = new double[WIDTH];
            for (int i = 0; i < WIDTH; i++) {
                values[i] = random.nextDouble(-1, 1) * Math.pow(10, random.nextInt(-3, 17));
            }
            sums.add(new GradientSum(values, 1 + random.nextInt(5), random.nextDouble() * 1e8));
        }
        return sums;
    }

    /** Returns the RDD with one partition per entry; a null entry is an empty partition. */
    private static JavaRDD<GradientSum> rdd(List<GradientSum> sums) {
        int partitions = sums.size();
        List<Integer> indices = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            indices.add(p);
        }
        // Later partitions finish first: each task sleeps longer the lower its index, so that a
        // completion-order merge would see the partitions in reverse.
        ArrayList<GradientSum> captured = new ArrayList<>(sums);
        return SparkTestSession.context().parallelize(indices, partitions)
                .mapPartitionsWithIndex((index, ignored) -> {
                    Thread.sleep(5L * (partitions - index));
                    GradientSum sum = captured.get(index);
                    return sum == null ? Collections.emptyIterator() : List.of(copy(sum)).iterator();
                }, true);
    }

    private static GradientSum copy(GradientSum sum) {
        return new GradientSum(sum.values().clone(), sum.count(), sum.lossSum());
    }

    /** The tree sum computed sequentially: levels of groups of f consecutive results, each summed left to right. */
    private static GradientSum expectedTreeSum(List<GradientSum> sums, AggregationTree tree) {
        List<GradientSum> level = new ArrayList<>();
        sums.forEach(sum -> level.add(sum == null ? null : copy(sum)));
        List<GradientSum> current = level;
        for (int depth = 1; depth < tree.depth() && current.size() > 1; depth++) {
            List<GradientSum> next = new ArrayList<>();
            for (int start = 0; start < current.size(); start += tree.fanout()) {
                next.add(sumInOrder(current.subList(start, Math.min(start + tree.fanout(), current.size()))));
            }
            current = next;
        }
        return sumInOrder(current);
    }

    private static GradientSum sumInOrder(List<GradientSum> sums) {
        GradientSum total = null;
        for (GradientSum sum : sums) {
            total = Sums.mergeGradients(total, sum);
        }
        return total;
    }

    private static void assertBitIdentical(GradientSum expected, GradientSum actual, String where) {
        assertEquals(expected.count(), actual.count(), where + ": count");
        assertEquals(Double.doubleToRawLongBits(expected.lossSum()), Double.doubleToRawLongBits(actual.lossSum()),
                where + ": loss sum");
        for (int i = 0; i < WIDTH; i++) {
            assertEquals(Double.doubleToRawLongBits(expected.values()[i]), Double.doubleToRawLongBits(actual.values()[i]),
                    where + ": value " + i);
        }
    }

    @Test
    void sumFollowsTreeOrderAtEveryDepth() throws Exception {
        List<GradientSum> sums = partials(11, 5, 3, 4);
        for (int depth = 1; depth <= 4; depth++) {
            AggregationTree tree = new AggregationTree(11, depth);
            GradientSum actual = OrderedTreeAggregation.reduce(rdd(sums), Sums::mergeGradients, tree);
            assertBitIdentical(expectedTreeSum(sums, tree), actual, "depth " + depth);
        }
    }

    @Test
    void repeatedRunsBitIdentical() throws Exception {
        List<GradientSum> sums = partials(9, 17);
        AggregationTree tree = new AggregationTree(9, 2);
        GradientSum first = OrderedTreeAggregation.reduce(rdd(sums), Sums::mergeGradients, tree);
        for (int run = 0; run < 3; run++) {
            assertBitIdentical(first, OrderedTreeAggregation.reduce(rdd(sums), Sums::mergeGradients, tree),
                    "run " + (run + 2));
        }
    }

    @Test
    void orderMattersForTheseValues() throws Exception {
        // Guards the other tests: if the values summed the same in any order, they would prove nothing.
        List<GradientSum> sums = partials(11, 5, 3, 4);
        List<GradientSum> reversed = new ArrayList<>(sums);
        Collections.reverse(reversed);
        GradientSum forward = sumInOrder(sums.stream().map(s -> s == null ? null : copy(s)).toList());
        GradientSum backward = sumInOrder(reversed.stream().map(s -> s == null ? null : copy(s)).toList());
        assertTrue(!Arrays.equals(forward.values(), backward.values()) || forward.lossSum() != backward.lossSum(),
                "the test values sum to the same doubles in both orders");
    }

    @Test
    void arrivalOrderIgnored() throws Exception {
        List<GradientSum> sums = partials(6, 23);
        List<Tuple2<Integer, GradientSum>> indexed = new ArrayList<>();
        for (int i = 0; i < sums.size(); i++) {
            indexed.add(new Tuple2<>(i, copy(sums.get(i))));
        }
        GradientSum inOrder = OrderedTreeAggregation.mergeInIndexOrder(indexed, Sums::mergeGradients);
        List<Tuple2<Integer, GradientSum>> shuffled = new ArrayList<>();
        for (int i = 0; i < sums.size(); i++) {
            shuffled.add(new Tuple2<>(i, copy(sums.get(i))));
        }
        Collections.shuffle(shuffled, new java.util.Random(3));
        assertBitIdentical(inOrder, OrderedTreeAggregation.mergeInIndexOrder(shuffled, Sums::mergeGradients),
                "shuffled arrival");
    }

    @Test
    void allPartitionsEmptyGiveNull() throws Exception {
        List<GradientSum> sums = partials(4, 1, 0, 1, 2, 3);
        assertNull(OrderedTreeAggregation.reduce(rdd(sums), Sums::mergeGradients, new AggregationTree(4, 2)));
    }

    @Test
    void driverResultsShrinkWithDepth() {
        assertEquals(100, new AggregationTree(100, 1).driverResults());
        assertEquals(10, new AggregationTree(100, 2).fanout());
        assertEquals(10, new AggregationTree(100, 2).driverResults());
        assertEquals(5, new AggregationTree(100, 3).fanout());
        assertEquals(4, new AggregationTree(100, 3).driverResults());
        assertEquals(1, new AggregationTree(1, 3).driverResults());
        assertEquals(2, new AggregationTree(2, 5).fanout());
    }

    @Test
    void depthRaisedToFitMaxResultSize() {
        // 1,000 parameters are about 8.5 KB a sum; 64 partitions at depth 1 send 64 sums (545 KB).
        SparkConf conf = new SparkConf(false).set("spark.driver.maxResultSize", "100k");
        AggregationTree tree = AggregationTree.choose(64, 1000, 1, conf);
        assertTrue(tree.depth() > 1, "depth stayed at 1");
        assertTrue(tree.driverResults() * AggregationTree.estimatedSumBytes(1000) <= 100 * 1024,
                "driver receives " + tree.driverResults() + " sums");
        assertEquals(2, AggregationTree.choose(64, 1000, 2, new SparkConf(false)).depth(), "default limit 1g");
        assertEquals(1, AggregationTree.choose(64, 1000, 1,
                new SparkConf(false).set("spark.driver.maxResultSize", "0")).depth(), "0 means unlimited");
    }

    @Test
    void maxResultSizeTooSmallRejected() {
        SparkConf conf = new SparkConf(false).set("spark.driver.maxResultSize", "1m");
        InvalidInputException error = assertThrows(InvalidInputException.class,
                () -> AggregationTree.choose(8, 1_000_000, 0, conf));
        assertTrue(error.getMessage().contains("spark.driver.maxResultSize = 1.0 MB"), error.getMessage());
        assertTrue(error.getMessage().contains("about 7.6 MB"), error.getMessage());
        assertTrue(error.getMessage().contains("--conf spark.driver.maxResultSize="), error.getMessage());
    }
}
