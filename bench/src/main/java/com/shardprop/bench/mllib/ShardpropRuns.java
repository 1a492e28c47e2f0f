package com.shardprop.bench.mllib;

import com.shardprop.core.Initializer;
import com.shardprop.core.NetworkSpec;
import com.shardprop.spark.data.DataBlock;
import com.shardprop.spark.data.LoadedData;
import com.shardprop.spark.train.SparkTrainer;
import com.shardprop.spark.train.TrainingConfig;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;

/** Runs Shardprop's {@link SparkTrainer} on loaded data with a {@link StepRecorder} attached. */
final class ShardpropRuns {

    private ShardpropRuns() {
    }

    /** Returns the command line's default global batch size (the default of {@link TrainingConfig}). */
    static long defaultBatchSize() {
        return TrainingConfig.commandLineDefaults().build().batchSize();
    }

    /** Returns the command line's default optimizer and learning rate, such as "adam η=0.001". */
    static String defaultOptimizer() {
        TrainingConfig defaults = TrainingConfig.commandLineDefaults().build();
        return defaults.optimizer().kind().name().toLowerCase(Locale.ROOT) + " η=" + defaults.learningRate();
    }

    /**
     * Trains from seeded initial parameters until the configured epochs end or {@code recorder}
     * stops the run; the recorder then holds the timings.
     *
     * @param config     the training settings; its seed also seeds the initial parameters
     * @param validation data evaluated after each epoch, or null
     */
    static void train(LoadedData training, JavaRDD<DataBlock> validation, NetworkSpec spec, TrainingConfig config,
            StepRecorder recorder) {
        SparkTrainer trainer = new SparkTrainer(config, recorder);
        try {
            trainer.train(training.blocks(), training.partitionRowCounts(), validation,
                    Initializer.initialize(spec, config.seed()));
        } catch (StepRecorder.StopTraining stop) {
            // The recorder ended the run on purpose once it had what the benchmark needs.
        }
    }
}
