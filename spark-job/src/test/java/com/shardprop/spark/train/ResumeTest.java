package com.shardprop.spark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.shardprop.core.FeatureScaling;
import com.shardprop.core.Initializer;
import com.shardprop.core.InvalidInputException;
import com.shardprop.core.NetworkSpec;
import com.shardprop.core.OptimizerConfig;
import com.shardprop.core.Parameters;
import com.shardprop.spark.checkpoint.Checkpoint;
import com.shardprop.spark.checkpoint.CheckpointInterval;
import com.shardprop.spark.checkpoint.CheckpointStore;
import com.shardprop.spark.checkpoint.Checkpointing;
import com.shardprop.spark.data.DataBlock;
import com.shardprop.spark.report.TrainingListener;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run stopped and resumed from a checkpoint ends bit-identical to a run that was never
 * interrupted: same parameters, optimizer state, step counter and per-epoch metrics. Stops are
 * simulated with a listener that throws after a chosen step, which leaves the trainer exactly as a
 * killed driver would (checkpoints written so far, nothing else).
 */
class ResumeTest {

    private static final int ROWS = 90;
    private static final int WIDTH = 4;
    private static final NetworkSpec SPEC = NetworkSpec.parse("4,6:tanh:0.2,3:softmax");
    /** 4 steps per epoch at batch size 24. */
    private static final long[] SIZES = {40, 0, 50};
    private static final FeatureScaling SCALING = new FeatureScaling(new double[] {0.5, -1, 0, 2},
            new double[] {1, 2, 0.5, 1});

    private static final double[] FEATURES = new double[ROWS * WIDTH];
    private static final double[] TARGETS = new double[ROWS];

    static {
        SplittableRandom random = new SplittableRandom(23);
        for (int r = 0; r < ROWS; r++) {
            double score = 0;
            for (int c = 0; c < WIDTH; c++) {
                FEATURES[r * WIDTH + c] = random.nextDouble(-2, 2);
                score += (c + 1) * FEATURES[r * WIDTH + c];
            }
            // Learnable classes with 10% label noise, so the validation loss does not fall forever.
            if (random.nextInt(10) == 0) {
                TARGETS[r] = random.nextInt(3);
            } else if (score < -1) {
                TARGETS[r] = 0;
            } else {
                TARGETS[r] = score < 1 ? 1 : 2;
            }
        }
    }

    @TempDir
    Path folder;

    /** Stops a run by throwing from {@code onStep} after step {@code stopAfter}. */
    private static final class Stop extends RuntimeException {
        Stop(long step) {
            super("stopped after step " + step);
        }
    }

    private static TrainingListener stopAfter(long stopAfter) {
        return new TrainingListener() {
            @Override
            public void onStep(int epoch, long step, double loss, double learningRate, long examples) {
                if (step == stopAfter) {
                    throw new Stop(step);
                }
            }
        };
    }

    private static TrainingConfig.Builder config() {
        return TrainingConfig.builder().epochs(10).batchSize(24).seed(5).optimizer(OptimizerConfig.adam())
                .learningRate(0.05);
    }

    private static JavaRDD<DataBlock> blocks() {
        return TestBlocks.partitioned(FEATURES, WIDTH, TARGETS, 1, SIZES);
    }

    private static TrainingResult train(TrainingConfig config, TrainingListener listener, Checkpointing checkpointing) {
        return new SparkTrainer(config, listener).train(blocks(), SIZES, blocks(), Initializer.initialize(SPEC, 9),
                Map.of("train", "in-memory"), checkpointing);
    }

    private CheckpointStore store(String name) throws IOException {
        return new CheckpointStore(folder.resolve(name).toUri().toString(), new Configuration(), 2);
    }

    private static Checkpointing resumeFrom(CheckpointStore store, Checkpointing writing) throws IOException {
        CheckpointStore.Stored latest = store.latestValid().orElseThrow();
        return writing.resumeFrom(latest.path(), latest.checkpoint());
    }

    private static void assertBits(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(actual[i]), what + " " + i);
        }
    }

    private static void assertSameRun(TrainingResult expected, TrainingResult actual) {
        assertBits(expected.parameters().values(), actual.parameters().values(), "parameter");
        assertEquals(expected.optimizerState().step(), actual.optimizerState().step(), "optimizer updates");
        assertBits(expected.optimizerState().firstMoment(), actual.optimizerState().firstMoment(), "first moment");
        assertBits(expected.optimizerState().secondMoment(), actual.optimizerState().secondMoment(), "second moment");
        assertEquals(expected.steps(), actual.steps(), "steps");
        assertEquals(expected.parameterEpoch(), actual.parameterEpoch(), "epoch of the returned parameters");
        assertEquals(expected.stoppedEarly(), actual.stoppedEarly(), "stopped early");
        assertEquals(expected.history().size(), actual.history().size(), "epochs recorded");
        for (int i = 0; i < expected.history().size(); i++) {
            EpochSummary x = expected.history().get(i);
            EpochSummary y = actual.history().get(i);
            String epoch = " of epoch " + (i + 1);
            assertEquals(x.epoch(), y.epoch(), "number" + epoch);
            assertEquals(x.steps(), y.steps(), "steps" + epoch);
            assertEquals(Double.doubleToRawLongBits(x.trainingLoss()), Double.doubleToRawLongBits(y.trainingLoss()),
                    "training loss" + epoch);
            assertEquals(Double.doubleToRawLongBits(x.learningRate()), Double.doubleToRawLongBits(y.learningRate()),
                    "learning rate" + epoch);
            assertEquals(x.validation() == null, y.validation() == null, "validation run" + epoch);
            if (x.validation() != null) {
                assertEquals(Double.doubleToRawLongBits(x.validation().lossSum()),
                        Double.doubleToRawLongBits(y.validation().lossSum()), "validation loss" + epoch);
                assertEquals(x.validation().correct(), y.validation().correct(), "validation correct" + epoch);
            }
        }
    }

    @Test
    void extendedRunMatchesUninterrupted() throws IOException {
        TrainingResult uninterrupted = train(config().build(), TrainingListener.NONE, Checkpointing.NONE);

        CheckpointStore store = store("extended");
        Checkpointing writing = Checkpointing.writeTo(store, CheckpointInterval.epochs(1), SCALING);
        train(config().epochs(5).build(), TrainingListener.NONE, writing);
        Checkpoint afterFive = store.latestValid().orElseThrow().checkpoint();
        assertEquals(5, afterFive.completedEpochs());
        assertEquals(0, afterFive.stepsIntoEpoch());
        assertEquals(20, afterFive.step());
        assertBits(SCALING.mean(), afterFive.featureScaling().mean(), "stored scaling mean");

        TrainingResult resumed = train(config().build(), TrainingListener.NONE, resumeFrom(store, writing));

        assertEquals(40, resumed.steps());
        assertEquals(10, resumed.epochsTrained());
        assertSameRun(uninterrupted, resumed);
    }

    @Test
    void midEpochStopResumesBitIdentical() throws IOException {
        // Cosine with warm-up makes the rate depend on the step counter; dropout makes the masks depend on it.
        TrainingConfig config = config().epochs(6).schedule("cosine").warmupEpochs(1).build();
        TrainingResult uninterrupted = train(config, TrainingListener.NONE, Checkpointing.NONE);

        CheckpointStore store = store("mid-epoch");
        Checkpointing writing = Checkpointing.writeTo(store, CheckpointInterval.steps(3), null);
        assertThrows(Stop.class, () -> train(config, stopAfter(11), writing));
        Checkpoint latest = store.latestValid().orElseThrow().checkpoint();
        assertEquals(9, latest.step(), "checkpoint step");
        assertEquals(2, latest.completedEpochs(), "completed epochs");
        assertEquals(1, latest.stepsIntoEpoch(), "steps into epoch 3");
        assertTrue(latest.epochExamples() > 0, "examples of epoch 3 so far");

        TrainingResult resumed = train(config, TrainingListener.NONE, resumeFrom(store, writing));

        assertSameRun(uninterrupted, resumed);
    }

    @Test
    void earlyStoppingStateSurvivesResume() throws IOException {
        TrainingConfig config = config().epochs(12).learningRate(0.3).earlyStoppingPatience(2).build();
        TrainingResult uninterrupted = train(config, TrainingListener.NONE, Checkpointing.NONE);
        // The case worth testing: the best epoch lies before the stop, so only the checkpoint contains its parameters.
        assertTrue(uninterrupted.stoppedEarly(), "the uninterrupted run should stop early");

        CheckpointStore store = store("early-stopping");
        Checkpointing writing = Checkpointing.writeTo(store, CheckpointInterval.epochs(1), null);
        long stop = 4L * (uninterrupted.parameterEpoch() + 1) + 1;
        assertThrows(Stop.class, () -> train(config, stopAfter(stop), writing));
        Checkpoint latest = store.latestValid().orElseThrow().checkpoint();
        assertEquals(uninterrupted.parameterEpoch(), latest.bestEpoch().epoch(), "best epoch in the checkpoint");
        assertTrue(latest.completedEpochs() > latest.bestEpoch().epoch(), "checkpoint after the best epoch");

        TrainingResult resumed = train(config, TrainingListener.NONE, resumeFrom(store, writing));

        assertSameRun(uninterrupted, resumed);
    }

    @Test
    void finishedCheckpointNeedsNoSteps() throws IOException {
        TrainingConfig config = config().epochs(3).build();
        CheckpointStore store = store("finished");
        Checkpointing writing = Checkpointing.writeTo(store, CheckpointInterval.epochs(1), null);
        TrainingResult finished = train(config, TrainingListener.NONE, writing);

        // As after a driver that died between the last checkpoint and writing the model.
        TrainingResult resumed = train(config, stopAfter(13), resumeFrom(store, writing));

        assertSameRun(finished, resumed);
    }

    @Test
    void differentSettingsRejected() throws IOException {
        CheckpointStore store = store("settings");
        Checkpointing writing = Checkpointing.writeTo(store, CheckpointInterval.epochs(1), null);
        train(config().epochs(2).build(), TrainingListener.NONE, writing);
        Checkpointing resume = resumeFrom(store, writing);

        InvalidInputException seed = assertThrows(InvalidInputException.class,
                () -> train(config().seed(6).build(), TrainingListener.NONE, resume));
        assertTrue(seed.getMessage().contains("seed = 5 but this run has seed = 6"), seed.getMessage());

        InvalidInputException batch = assertThrows(InvalidInputException.class,
                () -> train(config().batchSize(30).build(), TrainingListener.NONE, resume));
        assertTrue(batch.getMessage().contains("batch-size = 24"), batch.getMessage());

        InvalidInputException epochs = assertThrows(InvalidInputException.class,
                () -> train(config().epochs(1).build(), TrainingListener.NONE, resume));
        assertTrue(epochs.getMessage().contains("Pass --epochs 2 or more"), epochs.getMessage());

        NetworkSpec wider = NetworkSpec.parse("4,7:tanh:0.2,3:softmax");
        InvalidInputException layers = assertThrows(InvalidInputException.class,
                () -> new SparkTrainer(config().build(), TrainingListener.NONE).train(blocks(), SIZES, blocks(),
                        Initializer.initialize(wider, 9), Map.of(), resume));
        assertTrue(layers.getMessage().contains("--layers " + SPEC), layers.getMessage());

        InvalidInputException patience = assertThrows(InvalidInputException.class,
                () -> train(config().earlyStoppingPatience(1).build(), TrainingListener.NONE, resume));
        assertTrue(patience.getMessage().contains("written without early stopping"), patience.getMessage());
    }

    @Test
    void divergenceKeepsLastCheckpoint() throws IOException {
        NetworkSpec regression = NetworkSpec.parse("4,5:identity,2:identity");
        double[] targets = new double[ROWS * 2];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = 1e3 * (i % 7);
        }
        JavaRDD<DataBlock> data = TestBlocks.partitioned(FEATURES, WIDTH, targets, 2, SIZES);
        TrainingConfig config = config().optimizer(OptimizerConfig.sgd()).learningRate(10).build();
        CheckpointStore store = store("diverged");
        Checkpointing writing = Checkpointing.writeTo(store, CheckpointInterval.steps(1), null);
        Parameters initial = Initializer.initialize(regression, 9);

        TrainingDivergedException error = assertThrows(TrainingDivergedException.class,
                () -> new SparkTrainer(config, TrainingListener.NONE).train(data, SIZES, null, initial, Map.of(),
                        writing));

        Checkpoint latest = store.latestValid().orElseThrow().checkpoint();
        String failedStep = "step " + (latest.step() + 1) + ":";
        assertTrue(error.getMessage().contains(failedStep), "expected '" + failedStep + "' in " + error.getMessage());
        assertTrue(error.getMessage().matches("(?s).*(NaN|Infinity).*"), error.getMessage());
        assertTrue(error.getMessage().contains("Lower --learning-rate"), error.getMessage());
        assertEquals(-1, latest.parameters().firstNonFinite(), "the last checkpoint holds finite parameters");
    }
}
