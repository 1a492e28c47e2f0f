package com.shardprop.spark.checkpoint;

import com.shardprop.core.EvaluationSum;
import com.shardprop.core.FeatureScaling;
import com.shardprop.core.Initializer;
import com.shardprop.core.NetworkSpec;
import com.shardprop.core.Optimizer;
import com.shardprop.core.OptimizerConfig;
import com.shardprop.core.OptimizerState;
import com.shardprop.core.Parameters;
import com.shardprop.spark.train.EpochSummary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Checkpoints with every field set, for round-trip and fuzz tests. */
final class CheckpointSamples {

    static final NetworkSpec SPEC = NetworkSpec.parse("4,5:tanh,3:softmax");

    private CheckpointSamples() {
    }

    static Map<String, String> configuration() {
        Map<String, String> configuration = new LinkedHashMap<>();
        configuration.put("layers", SPEC.toString());
        configuration.put("training rows", "120");
        configuration.put("partitions", "3");
        configuration.put("seed", "7");
        configuration.put("batch-size", "16");
        configuration.put("optimizer", "adam");
        configuration.put("learning-rate", "0.01");
        configuration.put("schedule", "constant");
        configuration.put("warmup-epochs", "0.0");
        configuration.put("epochs", "10");
        return configuration;
    }

    /**
     * An Adam checkpoint after {@code step} steps, two epochs recorded, the second with validation
     * counts and so early stopping's best epoch.
     */
    static Checkpoint adam(long step) {
        Parameters parameters = Initializer.initialize(SPEC, step);
        Optimizer adam = Optimizer.from(OptimizerConfig.adam());
        OptimizerState state = adam.newState(SPEC.parameterCount());
        double[] gradient = new double[SPEC.parameterCount()];
        for (int i = 0; i < gradient.length; i++) {
            gradient[i] = Math.sin(i + step) / 3;
        }
        adam.update(parameters.values(), gradient, 0.01, state);
        FeatureScaling scaling = new FeatureScaling(new double[] {0.1, -2, 3e-7, 4}, new double[] {1, 0.5, 2, 0});
        EvaluationSum validation = EvaluationSum.fromCounts(SPEC.loss(), 3, 30, 31.0 / 3,
                new long[][] {{8, 1, 1}, {2, 7, 1}, {0, 3, 7}}, 0, 0);
        List<EpochSummary> history = List.of(
                new EpochSummary(1, 8, 1.0986 + 1e-13, 0.01, null, 0.25),
                new EpochSummary(2, 16, 0.7 / 3, 0.01, validation, 0.125));
        Parameters best = Initializer.initialize(SPEC, step + 1);
        Checkpoint.BestEpoch bestEpoch = new Checkpoint.BestEpoch(2, best, state.copy());
        return new Checkpoint(parameters, state, scaling, step, 2, 3, 12.0 / 7, 48, configuration(), history,
                bestEpoch);
    }
}
