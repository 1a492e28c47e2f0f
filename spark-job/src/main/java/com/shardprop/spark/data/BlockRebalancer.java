package com.shardprop.spark.data;

import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

/**
 * Redistributes packed rows over a requested number of partitions, keeping their order: target
 * partition {@code t} receives the contiguous global rows {@code [t·N/n, (t+1)·N/n)}. Each source
 * block is cut into at most a few pieces, so the shuffle moves blocks (raw double arrays), not rows,
 * and the result is the same on every run.
 */
final class BlockRebalancer {

    private BlockRebalancer() {
    }

    /**
     * @param sourceCounts the row count of each partition of {@code blocks}, in order
     * @param partitions   the number of partitions to produce, ≥ 1
     */
    static JavaRDD<DataBlock> rebalance(JavaRDD<DataBlock> blocks, long[] sourceCounts, int partitions,
                                        int featureWidth, int targetWidth) {
        int sources = sourceCounts.length;
        long[] sourceStart = new long[sources + 1];
        for (int p = 0; p < sources; p++) {
            sourceStart[p + 1] = sourceStart[p] + sourceCounts[p];
        }
        long total = sourceStart[sources];
        return blocks
                .mapPartitionsWithIndex((source, iterator) -> cut(source, iterator, sourceStart, total, partitions)
                        .iterator(), true)
                .mapToPair(piece -> piece)
                .partitionBy(new TargetPartitioner(partitions, sources))
                .mapPartitions(pieces -> concatenate(pieces, featureWidth, targetWidth));
    }

    /** Returns the first global row owned by target partition {@code t}. */
    private static long targetStart(long t, long total, int partitions) {
        return total * t / partitions;
    }

    /** Cuts one source block into pieces keyed by {@code target × sources + source}. */
    private static List<Tuple2<Integer, DataBlock>> cut(int source, Iterator<DataBlock> iterator, long[] sourceStart,
                                                        long total, int partitions) {
        List<Tuple2<Integer, DataBlock>> pieces = new ArrayList<>();
        int sources = sourceStart.length - 1;
        while (iterator.hasNext()) {
            DataBlock block = iterator.next();
            long first = sourceStart[source];
            long end = first + block.rows();
            for (int t = 0; t < partitions; t++) {
                long from = Math.max(first, targetStart(t, total, partitions));
                long to = Math.min(end, targetStart(t + 1, total, partitions));
                if (from < to) {
                    pieces.add(new Tuple2<>(t * sources + source, slice(block, (int) (from - first), (int) (to - first))));
                }
            }
        }
        return pieces;
    }

    private static DataBlock slice(DataBlock block, int from, int to) {
        int rows = to - from;
        double[] features = new double[rows * block.featureWidth()];
        double[] targets = new double[rows * block.targetWidth()];
        System.arraycopy(block.features(), from * block.featureWidth(), features, 0, features.length);
        System.arraycopy(block.targets(), from * block.targetWidth(), targets, 0, targets.length);
        return new DataBlock(rows, block.featureWidth(), block.targetWidth(), block.sourceWidth(), features, targets);
    }

    /** Joins the pieces of one target partition in source order into one block. */
    private static Iterator<DataBlock> concatenate(Iterator<Tuple2<Integer, DataBlock>> pieces, int featureWidth,
                                                   int targetWidth) {
        List<Tuple2<Integer, DataBlock>> sorted = new ArrayList<>();
        pieces.forEachRemaining(sorted::add);
        sorted.sort(Comparator.comparing(Tuple2::_1));
        if (sorted.isEmpty()) {
            // A target partition receives no pieces when there are fewer rows than partitions.
            return List.of(DataBlock.empty(featureWidth, targetWidth)).iterator();
        }
        int rows = 0;
        int sourceWidth = 0;
        for (Tuple2<Integer, DataBlock> piece : sorted) {
            rows += piece._2().rows();
            sourceWidth = Math.max(sourceWidth, piece._2().sourceWidth());
        }
        BlockBuilderCopy copy = new BlockBuilderCopy(rows, featureWidth, targetWidth);
        for (Tuple2<Integer, DataBlock> piece : sorted) {
            copy.append(piece._2());
        }
        return List.of(copy.build(sourceWidth)).iterator();
    }

    /** Concatenates blocks of known total size. */
    private static final class BlockBuilderCopy {
        private final int featureWidth;
        private final int targetWidth;
        private final double[] features;
        private final double[] targets;
        private int rows;

        BlockBuilderCopy(int totalRows, int featureWidth, int targetWidth) {
            this.featureWidth = featureWidth;
            this.targetWidth = targetWidth;
            this.features = new double[totalRows * featureWidth];
            this.targets = new double[totalRows * targetWidth];
        }

        void append(DataBlock block) {
            System.arraycopy(block.features(), 0, features, rows * featureWidth, block.features().length);
            System.arraycopy(block.targets(), 0, targets, rows * targetWidth, block.targets().length);
            rows += block.rows();
        }

        DataBlock build(int sourceWidth) {
            return new DataBlock(rows, featureWidth, targetWidth, sourceWidth, features, targets);
        }
    }

    /** Sends key {@code target × sources + source} to partition {@code target}. */
    private static final class TargetPartitioner extends Partitioner {
        private static final long serialVersionUID = 1L;
        private final int partitions;
        private final int sources;

        TargetPartitioner(int partitions, int sources) {
            this.partitions = partitions;
            this.sources = sources;
        }

        @Override
        public int numPartitions() {
            return partitions;
        }

        @Override
        public int getPartition(Object key) {
            return (Integer) key / sources;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof TargetPartitioner that && that.partitions == partitions && that.sources == sources;
        }

        @Override
        public int hashCode() {
            return 31 * partitions + sources;
        }
    }
}
