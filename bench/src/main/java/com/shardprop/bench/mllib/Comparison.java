package com.shardprop.bench.mllib;

import com.shardprop.core.NetworkSpec;
import com.shardprop.spark.data.LoadedData;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.RDDInfo;

/**
 * What the workloads of one comparison share: the Spark session, the job timeline, the sizes, the
 * executor core count, and the compared network's training and test data, loaded once in as many
 * partitions as there are executor cores and cached for both trainers.
 */
final class Comparison {

    static final String SHARDPROP = "Shardprop";
    static final String MLLIB = "MLlib";

    final SparkSession spark;
    final JobTimeline timeline;
    final Sizes sizes;
    final FashionMnist fashionMnist;
    /** Task slots of all executors: the "cores" of the per-core figures. */
    final int executorCores;
    final NetworkSpec comparedSpec = NetworkSpec.parse(Sizes.COMPARED_LAYERS);
    /** MLlib's training-time budget per solver in the time-to-accuracy workload, in seconds. */
    int mllibAccuracySeconds;
    private final List<Figure> figures = new ArrayList<>();
    private LoadedData training;
    private LoadedData test;
    private Dataset<Row> mllibTraining;
    private Dataset<Row> mllibTest;
    private final List<Integer> mllibTrainingRddIds = new ArrayList<>();

    Comparison(SparkSession spark, JobTimeline timeline, Sizes sizes, FashionMnist fashionMnist, int executorCores) {
        this.spark = spark;
        this.timeline = timeline;
        this.sizes = sizes;
        this.fashionMnist = fashionMnist;
        this.executorCores = executorCores;
        this.mllibAccuracySeconds = sizes.accuracySeconds;
    }

    /** Returns the training set as Shardprop's cached blocks, loading it on first use. */
    LoadedData training() {
        if (training == null) {
            training = fashionMnist.training(comparedSpec, executorCores);
        }
        return training;
    }

    /** Returns the test set as Shardprop's cached blocks, loading it on first use. */
    LoadedData test() {
        if (test == null) {
            test = fashionMnist.test(comparedSpec, executorCores);
        }
        return test;
    }

    /** Returns the training set as MLlib's cached DataFrame, made from the same blocks. */
    Dataset<Row> mllibTraining() {
        if (mllibTraining == null) {
            LoadedData blocks = training();
            List<Integer> before = cachedRddIds();
            mllibTraining = fashionMnist.asDataFrame(blocks);
            for (int id : cachedRddIds()) {
                if (!before.contains(id)) {
                    mllibTrainingRddIds.add(id);
                }
            }
        }
        return mllibTraining;
    }

    /**
     * Returns the bytes Spark's storage status reports (memory plus disk) for the cached RDDs with
     * the given ids, or for MLlib's cached training DataFrame when {@code rddIds} is null.
     */
    long storedBytes(List<Integer> rddIds) {
        List<Integer> ids = rddIds != null ? rddIds : mllibTrainingRddIds;
        long bytes = 0;
        for (RDDInfo info : spark.sparkContext().getRDDStorageInfo()) {
            if (ids.contains(info.id())) {
                bytes += info.memSize() + info.diskSize();
            }
        }
        return bytes;
    }

    private List<Integer> cachedRddIds() {
        List<Integer> ids = new ArrayList<>();
        for (RDDInfo info : spark.sparkContext().getRDDStorageInfo()) {
            ids.add(info.id());
        }
        return ids;
    }

    /** Returns the test set as MLlib's cached DataFrame. */
    Dataset<Row> mllibTest() {
        if (mllibTest == null) {
            mllibTest = fashionMnist.asDataFrame(test());
        }
        return mllibTest;
    }

    void add(Figure figure) {
        figures.add(figure);
    }

    List<Figure> figures() {
        return List.copyOf(figures);
    }

    /**
     * Returns the floating-point operations of one forward and backward pass per example:
     * {@code 2·in·out} each for {@code Z = A_prev Wᵀ}, {@code dW = Δᵀ A_prev} and, above the first
     * layer, {@code Δ W}. Activations, the loss and bias sums are not counted.
     */
    static double flopsPerExample(NetworkSpec spec) {
        double flops = 0;
        for (int l = 0; l < spec.layerCount(); l++) {
            double product = 2.0 * spec.fanIn(l) * spec.layer(l).width();
            flops += l == 0 ? 2 * product : 3 * product;
        }
        return flops;
    }
}
