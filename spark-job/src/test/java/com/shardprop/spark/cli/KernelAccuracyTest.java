package com.shardprop.spark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.shardprop.core.Backprop;
import com.shardprop.core.EvaluationSum;
import com.shardprop.core.Initializer;
import com.shardprop.core.NetworkSpec;
import com.shardprop.core.OptimizerConfig;
import com.shardprop.core.Parameters;
import com.shardprop.core.Precision;
import com.shardprop.core.data.LabeledImages;
import com.shardprop.core.kernel.MatrixKernels;
import com.shardprop.spark.SparkTestSession;
import com.shardprop.spark.data.LoadedData;
import com.shardprop.spark.data.TrainingDataLoader;
import com.shardprop.spark.report.TrainingListener;
import com.shardprop.spark.train.SparkTrainer;
import com.shardprop.spark.train.TrainingConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Spark trainer on the committed Fashion-MNIST sample reaches the same test accuracy, within
 * {@link #ACCURACY_TOLERANCE}, with every matrix kernel in both precisions as with the reference
 * kernel {@code ejml} in double. Runs share the seed, data and partitions, so they differ only by
 * rounding.
 */
class KernelAccuracyTest {

    private static final Path SAMPLE = Path.of("..", "core", "src", "test", "resources", "fashion-mnist-sample");
    private static final NetworkSpec SPEC = NetworkSpec.parse("784,64:relu,10:softmax");
    private static final long SEED = 5;
    /** Half an accuracy point: 5 of the 1,000 test rows. */
    private static final double ACCURACY_TOLERANCE = 0.005;

    private static LoadedData data;
    private static LabeledImages test;
    private static double referenceAccuracy;

    @BeforeAll
    static void trainReference() throws IOException {
        test = LabeledImages.read(SAMPLE.resolve("t10k-images-idx3-ubyte.gz"),
                SAMPLE.resolve("t10k-labels-idx1-ubyte.gz"));
        data = TrainingDataLoader.load(SparkTestSession.get(), new DataOptions(),
                SAMPLE.resolve("train-images-idx3-ubyte.gz").toString(), SPEC, 2);
        referenceAccuracy = trainAndTest("ejml", Precision.DOUBLE);
    }

    @AfterAll
    static void release() {
        if (data != null) {
            data.unpersist();
        }
    }

    static Stream<Arguments> kernelsAndPrecisions() {
        return MatrixKernels.names().stream().flatMap(kernel -> Stream.of(Precision.values())
                .filter(precision -> !(kernel.equals("ejml") && precision == Precision.DOUBLE))
                .map(precision -> Arguments.of(kernel, precision)));
    }

    @ParameterizedTest(name = "{0} in {1}")
    @MethodSource("kernelsAndPrecisions")
    void accuracyMatchesReferenceKernel(String kernel, Precision precision) {
        double accuracy = trainAndTest(kernel, precision);

        // Three epochs on 4,000 rows reach roughly 0.8; chance is 0.1.
        assertTrue(referenceAccuracy > 0.75, "reference accuracy " + referenceAccuracy);
        assertEquals(referenceAccuracy, accuracy, ACCURACY_TOLERANCE,
                "test accuracy with " + kernel + " in " + precision + " against ejml in double");
    }

    private static double trainAndTest(String kernel, Precision precision) {
        TrainingConfig config = TrainingConfig.builder().epochs(3).batchSize(200).seed(SEED)
                .optimizer(OptimizerConfig.adam()).learningRate(0.002).kernel(kernel).precision(precision).build();
        Parameters trained = new SparkTrainer(config, TrainingListener.NONE)
                .train(data.blocks(), data.partitionRowCounts(), null, Initializer.initialize(SPEC, SEED))
                .parameters();
        EvaluationSum sum = new EvaluationSum(SPEC);
        new Backprop(SPEC, 256, MatrixKernels.byName("ejml")).evaluate(trained, test.pixels(), test.targets(),
                test.rows(), sum);
        return sum.accuracy();
    }
}
