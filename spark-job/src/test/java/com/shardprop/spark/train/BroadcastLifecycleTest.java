package com.shardprop.spark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.shardprop.core.Initializer;
import com.shardprop.core.NetworkSpec;
import com.shardprop.core.OptimizerConfig;
import com.shardprop.core.Parameters;
import com.shardprop.spark.report.TrainingListener;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkEnv;
import org.apache.spark.storage.BlockId;
import org.apache.spark.storage.BlockManager;
import org.apache.spark.storage.BroadcastBlockId;
import org.apache.spark.storage.BlockResult;
import org.junit.jupiter.api.Test;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/** Old parameter broadcasts are destroyed, so their number stays bounded over many steps. */
class BroadcastLifecycleTest {

    /** Returns how many broadcasts whose value is a {@link Parameters} the block manager still holds. */
    private static int liveParameterBroadcasts() {
        BlockManager blocks = SparkEnv.get().blockManager();
        List<BlockId> ids = new ArrayList<>(CollectionConverters.asJava(blocks.master().getMatchingBlockIds(
                id -> id instanceof BroadcastBlockId broadcast && broadcast.field().isEmpty(), true)));
        int live = 0;
        for (BlockId id : ids) {
            Option<BlockResult> result = blocks.getLocalValues(id);
            if (result.isEmpty()) {
                continue;
            }
            scala.collection.Iterator<Object> values = result.get().data();
            Object value = values.next();
            while (values.hasNext()) {
                values.next();
            }
            if (value instanceof Parameters) {
                live++;
            }
        }
        return live;
    }

    @Test
    void parameterBroadcastsStayBoundedOver500Steps() {
        NetworkSpec spec = NetworkSpec.parse("2,3:tanh,2:softmax");
        double[] features = {0, 0, 0, 1, 1, 0, 1, 1, 0.5, 0.5, -1, 0, 0, -1, -1, -1, 2, 2, 0.2, 0.8};
        double[] targets = {0, 1, 1, 0, 1, 0, 0, 0, 1, 1};
        long[] sizes = {4, 6};
        TrainingConfig config = TrainingConfig.builder().epochs(50).batchSize(1).seed(3)
                .optimizer(OptimizerConfig.sgd()).learningRate(0.05).build();
        int[] maxLive = new int[1];
        long[] steps = new long[1];
        TrainingListener probe = new TrainingListener() {
            @Override
            public void onStep(int epoch, long step, double loss, double learningRate, long examples) {
                steps[0] = step;
                // Every WAIT_EVERY_STEPS-th release waits until the executors removed the broadcast.
                if (step % ParameterBroadcast.WAIT_EVERY_STEPS == 0) {
                    maxLive[0] = Math.max(maxLive[0], liveParameterBroadcasts());
                }
            }
        };

        new SparkTrainer(config, probe).train(TestBlocks.partitioned(features, 2, targets, 1, sizes), sizes, null,
                Initializer.initialize(spec, 1));

        assertEquals(500, steps[0], "steps taken");
        assertTrue(maxLive[0] <= 2, "parameter broadcasts alive after a waiting release: " + maxLive[0]);
        assertEquals(0, liveParameterBroadcasts(), "parameter broadcasts alive after training");
        assertTrue(SparkEnv.get().blockManager().master().getMatchingBlockIds(
                id -> id instanceof BroadcastBlockId, true).size() < 2000, "broadcast blocks of any kind");
    }
}
