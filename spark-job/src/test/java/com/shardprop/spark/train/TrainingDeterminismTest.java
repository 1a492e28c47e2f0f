package com.shardprop.spark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.shardprop.core.Initializer;
import com.shardprop.core.NetworkSpec;
import com.shardprop.core.OptimizerConfig;
import com.shardprop.core.Parameters;
import com.shardprop.spark.report.TrainingListener;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Two runs with the same seed, data and partitions give bit-identical parameters and metrics,
 * because partial sums are merged in partition order rather than task completion order.
 */
class TrainingDeterminismTest {

    private static final int ROWS = 90;
    private static final NetworkSpec SPEC = NetworkSpec.parse("4,6:tanh:0.2,3:softmax");
    private static final long[] SIZES = {31, 7, 0, 22, 30};

    private static TrainingResult train(double[] features, double[] targets) {
        TrainingConfig config = TrainingConfig.builder().epochs(2).batchSize(24).seed(11)
                .optimizer(OptimizerConfig.adam()).learningRate(0.05).aggregationDepth(2).build();
        Parameters initial = Initializer.initialize(SPEC, 4);
        return new SparkTrainer(config, TrainingListener.NONE).train(
                TestBlocks.partitioned(features, 4, targets, 1, SIZES), SIZES,
                TestBlocks.partitioned(features, 4, targets, 1, SIZES), initial);
    }

    @Test
    void repeatedRunsBitIdentical() {
        SplittableRandom random = new SplittableRandom(8);
        double[] features = new double[ROWS * 4];
        for (int i = 0; i < features.length; i++) {
            // Magnitudes from 1e-3 to 1e3, so that the summation order shows in the last bits.
            features[i] = random.nextDouble(-1, 1) * Math.pow(10, random.nextInt(-3, 4));
        }
        double[] targets = new double[ROWS];
        for (int r = 0; r < ROWS; r++) {
            targets[r] = random.nextInt(3);
        }

        TrainingResult first = train(features, targets);
        TrainingResult second = train(features, targets);

        double[] a = first.parameters().values();
        double[] b = second.parameters().values();
        for (int i = 0; i < a.length; i++) {
            assertEquals(Double.doubleToRawLongBits(a[i]), Double.doubleToRawLongBits(b[i]), "parameter " + i);
        }
        assertEquals(first.steps(), second.steps(), "steps");
        for (int epoch = 0; epoch < 2; epoch++) {
            EpochSummary x = first.history().get(epoch);
            EpochSummary y = second.history().get(epoch);
            assertEquals(Double.doubleToRawLongBits(x.trainingLoss()), Double.doubleToRawLongBits(y.trainingLoss()),
                    "training loss of epoch " + (epoch + 1));
            assertEquals(Double.doubleToRawLongBits(x.validation().lossSum()),
                    Double.doubleToRawLongBits(y.validation().lossSum()), "validation loss of epoch " + (epoch + 1));
        }
    }
}
