package com.shardprop.spark.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.shardprop.core.EvaluationSum;
import com.shardprop.core.InvalidInputException;
import com.shardprop.core.NetworkSpec;
import com.shardprop.spark.train.EpochSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints round-trip bit for bit, old ones are removed, and corrupt ones are skipped on resume. */
class CheckpointStoreTest {

    @TempDir
    Path folder;

    private CheckpointStore store(int keep) throws IOException {
        return new CheckpointStore(folder.toUri().toString(), new Configuration(), keep);
    }

    private static void assertBits(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(actual[i]), what + " " + i);
        }
    }

    @Test
    void roundTripKeepsEveryField() throws IOException {
        Checkpoint written = CheckpointSamples.adam(19);
        store(3).write(written);
        Checkpoint read = store(3).latestValid().orElseThrow().checkpoint();

        assertBits(written.parameters().values(), read.parameters().values(), "parameter");
        assertEquals(written.optimizerState().kind(), read.optimizerState().kind());
        assertEquals(written.optimizerState().step(), read.optimizerState().step());
        assertBits(written.optimizerState().firstMoment(), read.optimizerState().firstMoment(), "first moment");
        assertBits(written.optimizerState().secondMoment(), read.optimizerState().secondMoment(), "second moment");
        assertBits(written.featureScaling().mean(), read.featureScaling().mean(), "scaling mean");
        assertEquals(19, read.step());
        assertEquals(2, read.completedEpochs());
        assertEquals(3, read.stepsIntoEpoch());
        assertEquals(Double.doubleToRawLongBits(12.0 / 7), Double.doubleToRawLongBits(read.epochLossSum()));
        assertEquals(48, read.epochExamples());
        assertEquals(written.configuration(), read.configuration());
        assertEquals(2, read.history().size());
        for (int i = 0; i < 2; i++) {
            EpochSummary expected = written.history().get(i);
            EpochSummary actual = read.history().get(i);
            assertEquals(expected.epoch(), actual.epoch());
            assertEquals(expected.steps(), actual.steps());
            assertEquals(Double.doubleToRawLongBits(expected.trainingLoss()),
                    Double.doubleToRawLongBits(actual.trainingLoss()), "training loss of epoch " + (i + 1));
            assertEquals(expected.learningRate(), actual.learningRate());
            assertEquals(expected.seconds(), actual.seconds());
        }
        EvaluationSum validation = read.history().get(1).validation();
        assertEquals(30, validation.count());
        assertEquals(Double.doubleToRawLongBits(31.0 / 3), Double.doubleToRawLongBits(validation.lossSum()));
        assertEquals(22, validation.correct());
        assertEquals(3, validation.confusion(2, 1));
        assertEquals(2, read.bestEpoch().epoch());
        assertBits(written.bestEpoch().parameters().values(), read.bestEpoch().parameters().values(),
                "best parameter");
        assertBits(written.bestEpoch().optimizerState().secondMoment(),
                read.bestEpoch().optimizerState().secondMoment(), "best second moment");
    }

    @Test
    void onlyNewestKept() throws IOException {
        CheckpointStore store = store(2);
        for (long step : new long[] {5, 10, 15, 20}) {
            store.write(CheckpointSamples.adam(step));
        }
        List<String> names = store.list().stream().map(uri -> uri.substring(uri.lastIndexOf('/') + 1)).toList();
        assertEquals(List.of(CheckpointStore.fileName(20), CheckpointStore.fileName(15)), names);
        try (Stream<Path> files = Files.list(folder)) {
            assertEquals(2, files.count(), "files in the folder, temporary files included");
        }
    }

    @Test
    void corruptNewestSkipped() throws IOException {
        CheckpointStore store = store(5);
        store.write(CheckpointSamples.adam(10));
        store.write(CheckpointSamples.adam(20));
        store.write(CheckpointSamples.adam(30));
        Path newest = folder.resolve(CheckpointStore.fileName(30));
        byte[] bytes = Files.readAllBytes(newest);
        Files.write(newest, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Path flipped = folder.resolve(CheckpointStore.fileName(20));
        byte[] other = Files.readAllBytes(flipped);
        other[other.length / 3] ^= 0x10;
        Files.write(flipped, other);
        // A temporary file left by a crash mid-write and an unrelated file are not checkpoints.
        Files.write(folder.resolve(".checkpoint-000000000040.shardprop.tmp-1"), bytes);
        Files.writeString(folder.resolve("notes.txt"), "not a checkpoint");

        Optional<CheckpointStore.Stored> latest = store.latestValid();
        assertEquals(10, latest.orElseThrow().checkpoint().step());
        assertTrue(latest.get().path().endsWith(CheckpointStore.fileName(10)), latest.get().path());
    }

    @Test
    void missingFolderHasNoCheckpoint() throws IOException {
        CheckpointStore store = new CheckpointStore(folder.resolve("absent").toUri().toString(), new Configuration(), 1);
        assertTrue(store.latestValid().isEmpty());
    }

    @Test
    void folderUnderFileRejected() throws IOException {
        Path file = Files.writeString(folder.resolve("data.txt"), "x");
        Configuration conf = new Configuration();

        InvalidInputException under = assertThrows(InvalidInputException.class,
                () -> new CheckpointStore(file.resolve("checkpoints").toUri().toString(), conf, 1));
        assertTrue(under.getMessage().contains("--checkpoint-dir"), under.getMessage());
        assertTrue(under.getMessage().contains(file.getFileName() + " is a file, not a folder"), under.getMessage());
        assertTrue(under.getMessage().contains("Fix:"), under.getMessage());

        InvalidInputException itself = assertThrows(InvalidInputException.class,
                () -> new CheckpointStore(file.toUri().toString(), conf, 1));
        assertTrue(itself.getMessage().contains("data.txt is a file, not a folder"), itself.getMessage());
        assertTrue(itself.getMessage().contains("Fix:"), itself.getMessage());
    }

    @Test
    void keepBelowOneRejected() {
        assertThrows(InvalidInputException.class, () -> store(0));
    }

    @Test
    void differentSpecRejected() {
        Checkpoint checkpoint = CheckpointSamples.adam(3);
        Map<String, String> configuration = CheckpointSamples.configuration();
        checkpoint.requireCompatible("c", CheckpointSamples.SPEC, 4, configuration);

        InvalidInputException spec = assertThrows(InvalidInputException.class, () -> checkpoint.requireCompatible("c",
                NetworkSpec.parse("4,6:tanh,3:softmax"), 4, configuration));
        assertTrue(spec.getMessage().contains("--layers 4,5:tanh,3:softmax"), spec.getMessage());
        InvalidInputException width = assertThrows(InvalidInputException.class,
                () -> checkpoint.requireCompatible("c", CheckpointSamples.SPEC, 5, configuration));
        assertTrue(width.getMessage().contains("training data has 5 columns"), width.getMessage());
        configuration.put("seed", "8");
        InvalidInputException seed = assertThrows(InvalidInputException.class,
                () -> checkpoint.requireCompatible("c", CheckpointSamples.SPEC, 4, configuration));
        assertTrue(seed.getMessage().contains("seed = 7 but this run has seed = 8"), seed.getMessage());
    }

    @Test
    void intervalParsed() {
        assertEquals(CheckpointInterval.Unit.STEPS, CheckpointInterval.parse("500s").unit());
        assertEquals(500, CheckpointInterval.parse("500s").every());
        assertEquals(CheckpointInterval.Unit.EPOCHS, CheckpointInterval.parse("1e").unit());
        for (String invalid : new String[] {"", "s", "0s", "5", "-1e", "1.5e", "5x", "99999999999999999999s"}) {
            assertThrows(InvalidInputException.class, () -> CheckpointInterval.parse(invalid), invalid);
        }
        CheckpointInterval everyThree = CheckpointInterval.steps(3);
        assertTrue(everyThree.dueInsideEpoch(6));
        assertTrue(!everyThree.dueInsideEpoch(7));
        assertTrue(everyThree.dueAtEpochEnd(2, 9));
        assertTrue(!CheckpointInterval.epochs(2).dueInsideEpoch(4));
        assertTrue(CheckpointInterval.epochs(2).dueAtEpochEnd(4, 7));
    }
}
