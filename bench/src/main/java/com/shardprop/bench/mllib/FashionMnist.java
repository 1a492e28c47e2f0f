package com.shardprop.bench.mllib;

import com.shardprop.core.NetworkSpec;
import com.shardprop.spark.cli.DataOptions;
import com.shardprop.spark.data.DataBlock;
import com.shardprop.spark.data.DataFormat;
import com.shardprop.spark.data.DataRole;
import com.shardprop.spark.data.LoadedData;
import com.shardprop.spark.data.TrainingDataLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Fashion-MNIST in the two forms the trainers read. Shardprop's loader reads the IDX files into
 * cached dense blocks (pixels scaled to [0, 1]); MLlib gets a cached DataFrame of
 * {@code (label: double, features: vector)} made from those same blocks, so that both trainers see
 * identical values in the same number of partitions.
 */
final class FashionMnist {

    static final String TRAIN_IMAGES = "train-images-idx3-ubyte.gz";
    static final String TEST_IMAGES = "t10k-images-idx3-ubyte.gz";

    private final SparkSession spark;
    private final Path folder;

    FashionMnist(SparkSession spark, Path folder) {
        this.spark = spark;
        this.folder = folder;
    }

    /** Loads the training images into {@code partitions} cached blocks, checked against {@code spec}. */
    LoadedData training(NetworkSpec spec, int partitions) {
        return TrainingDataLoader.load(spark, idxOptions(), folder.resolve(TRAIN_IMAGES).toString(), spec, partitions,
                DataRole.TRAINING, null);
    }

    /** Loads the test images into {@code partitions} cached blocks. */
    LoadedData test(NetworkSpec spec, int partitions) {
        return TrainingDataLoader.load(spark, idxOptions(), folder.resolve(TEST_IMAGES).toString(), spec, partitions,
                DataRole.EVALUATION, null);
    }

    /**
     * Copies loaded blocks into a cached, counted DataFrame of {@code (label, features)} rows in the
     * same partitions, the input MLlib's estimators take.
     */
    Dataset<Row> asDataFrame(LoadedData data) {
        JavaRDD<Row> rows = data.blocks().flatMap(FashionMnist::rowsOf);
        StructType schema = new StructType()
                .add("label", DataTypes.DoubleType, false)
                .add("features", SQLDataTypes.VectorType(), false);
        Dataset<Row> frame = spark.createDataFrame(rows, schema).cache();
        frame.count();
        return frame;
    }

    private static java.util.Iterator<Row> rowsOf(DataBlock block) {
        int width = block.featureWidth();
        List<Row> rows = new ArrayList<>(block.rows());
        for (int r = 0; r < block.rows(); r++) {
            double[] features = Arrays.copyOfRange(block.features(), r * width, (r + 1) * width);
            rows.add(RowFactory.create(block.targets()[r], Vectors.dense(features)));
        }
        return rows.iterator();
    }

    private static DataOptions idxOptions() {
        return new DataOptions().format(DataFormat.IDX);
    }
}
