package com.shardprop.spark.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunRecorderTest {

    private static final double TOLERANCE = 1e-12;

    @Test
    void recordsEveryEpochWithTimings() {
        RunRecord record = SyntheticRun.succeeded();

        assertEquals(RunStatus.SUCCEEDED, record.status());
        assertEquals(SyntheticRun.EPOCHS, record.history().size());
        assertEquals(SyntheticRun.configuration(), record.configuration());
        assertEquals(List.copyOf(SyntheticRun.configuration().keySet()), List.copyOf(record.configuration().keySet()));

        EpochRecord first = record.history().get(0);
        assertEquals(1, first.epoch());
        assertEquals(SyntheticRun.STEPS_PER_EPOCH, first.step());
        assertEquals(SyntheticRun.trainingLoss(1), first.trainingLoss(), TOLERANCE);
        assertNull(first.validationLoss());
        assertNull(first.validationAccuracy());
        // Four steps of 0.5 s, no evaluation: 2 s, 1000 examples.
        assertEquals(2.0, first.epochSeconds(), TOLERANCE);
        assertEquals(500.0, first.examplesPerSecond(), TOLERANCE);

        EpochRecord second = record.history().get(1);
        assertEquals(2 * SyntheticRun.STEPS_PER_EPOCH, second.step());
        assertEquals(0.76, second.validationAccuracy(), 0.05);
        assertEquals(0.4, second.validationLoss(), TOLERANCE);
        // Evaluation adds 1 s to the epoch but not to the training time behind the throughput.
        assertEquals(3.0, second.epochSeconds(), TOLERANCE);
        assertEquals(500.0, second.examplesPerSecond(), TOLERANCE);
        assertEquals(SyntheticRun.learningRate(3), record.history().get(2).learningRate(), TOLERANCE);

        assertEquals(SyntheticRun.START, record.startedAt());
        // 6 epochs × 2 s of steps + 3 validations + 1 test evaluation.
        assertEquals(6 * 2.0 + 3 + 1, record.durationSeconds(), TOLERANCE);
        assertEquals("/models/run-42.model", record.modelPath());
        assertEquals(5000, record.test().examples());
    }

    @Test
    void failureKeepsHistoryAndMessage() {
        ManualClock clock = new ManualClock(SyntheticRun.START);
        List<RunRecord> written = new ArrayList<>();
        RunRecorder recorder = new RunRecorder(clock, List.of(written::add));
        recorder.onStart(SyntheticRun.configuration(), 3, 2);
        clock.advance(Duration.ofSeconds(1));
        recorder.onStep(1, 1, 0.9, 0.1, 100);
        recorder.onStep(1, 2, 0.8, 0.1, 100);
        recorder.onEpoch(1, 2, 0.85, 0.1, null);
        recorder.onFailure(new IllegalStateException("step 3 produced a NaN gradient"));

        assertEquals(1, written.size());
        RunRecord record = written.get(0);
        assertSame(record, recorder.record());
        assertEquals(RunStatus.FAILED, record.status());
        assertEquals("step 3 produced a NaN gradient", record.failure());
        assertEquals(1, record.history().size());
        assertNull(record.test());
        assertNotNull(record.finishedAt());
    }

    @Test
    void runningRecordHasNoEnd() {
        ManualClock clock = new ManualClock(SyntheticRun.START);
        RunRecorder recorder = new RunRecorder(clock, List.of());
        recorder.onStart(SyntheticRun.configuration(), 3, 2);

        RunRecord record = recorder.record();
        assertEquals(RunStatus.RUNNING, record.status());
        assertNull(record.finishedAt());
        assertNull(record.durationSeconds());
    }

    @Test
    void stepBeforeStartIsRejected() {
        RunRecorder recorder = new RunRecorder(new ManualClock(SyntheticRun.START), List.of());
        assertThrows(IllegalStateException.class, () -> recorder.onStep(1, 1, 0.5, 0.1, 10));
    }

    @Test
    void nonFiniteLossIsRecordedAsNull() {
        ManualClock clock = new ManualClock(SyntheticRun.START);
        RunRecorder recorder = new RunRecorder(clock, List.of());
        recorder.onStart(SyntheticRun.configuration(), 1, 1);
        recorder.onEpoch(1, 1, Double.NaN, 0.1, null);

        EpochRecord epoch = recorder.record().history().get(0);
        assertNull(epoch.trainingLoss());
        assertNull(epoch.examplesPerSecond(), "an epoch without onStep calls has no throughput");
    }
}
