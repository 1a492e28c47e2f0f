package com.shardprop.spark.data;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.spark.api.java.JavaNewHadoopRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.SerializableConfiguration;
import scala.Tuple2;

import java.io.Serializable;
import java.util.Iterator;
import java.util.List;

/**
 * Reads text files line by line through Hadoop's {@link TextInputFormat} (local paths, {@code hdfs://}
 * URIs, compressed files alike) and packs each input split into one {@link DataBlock}. Each line
 * arrives with its file and byte offset, so errors can name the file and line.
 */
final class TextBlocks {

    /** Parses one line of a text format into the block being built. */
    interface LineParser extends Serializable {
        /**
         * Parses {@code line} into a new row of {@code out}, or returns without adding a row to skip it.
         *
         * @param startOfFile true for the file's first line (byte offset 0)
         */
        void parse(String line, boolean startOfFile, BlockBuilder out, TextLocation where);
    }

    private TextBlocks() {
    }

    /** Returns one lazily parsed block per input split of {@code path} (a file, directory or glob). */
    static JavaRDD<DataBlock> read(JavaSparkContext sc, String path, LineParser parser, RowChecker checker) {
        Configuration hadoopConf = sc.hadoopConfiguration();
        Broadcast<SerializableConfiguration> conf = ReaderConfiguration.broadcast(sc, hadoopConf);
        @SuppressWarnings("unchecked")
        JavaNewHadoopRDD<LongWritable, Text> lines = (JavaNewHadoopRDD<LongWritable, Text>)
                sc.newAPIHadoopFile(path, TextInputFormat.class, LongWritable.class, Text.class, hadoopConf);
        int featureWidth = checker.featureWidth();
        int targetWidth = checker.targetWidth();
        return lines.mapPartitionsWithInputSplit(
                (InputSplit split, Iterator<Tuple2<LongWritable, Text>> records) -> {
                    String file = ((FileSplit) split).getPath().toString();
                    TextLocation where = new TextLocation(conf.value().value());
                    BlockBuilder out = new BlockBuilder(featureWidth, targetWidth);
                    while (records.hasNext()) {
                        Tuple2<LongWritable, Text> record = records.next();
                        long offset = record._1().get();
                        where.setLine(file, offset);
                        parser.parse(record._2().toString(), offset == 0, out, where);
                    }
                    return List.of(out.build()).iterator();
                }, false);
    }
}
