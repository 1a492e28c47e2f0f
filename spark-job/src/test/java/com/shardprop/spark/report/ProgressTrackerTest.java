package com.shardprop.spark.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProgressTrackerTest {

    @Test
    void etaExtrapolatesMeanStepTime() {
        ManualClock clock = new ManualClock(SyntheticRun.START);
        ProgressTracker tracker = new ProgressTracker(clock);
        tracker.start(3, 10);
        assertNull(tracker.eta(), "no estimate before the first step");

        clock.advance(Duration.ofSeconds(20));
        tracker.step(5, 500);

        // 5 of 30 steps in 20 s: 25 steps × 4 s remain.
        assertEquals(Duration.ofSeconds(100), tracker.eta());
        assertEquals(25.0, tracker.examplesPerSecond(), 1e-12);
    }

    @Test
    void durationsReadNaturally() {
        assertEquals("42.5 s", ProgressTracker.format(Duration.ofMillis(42_500)));
        assertEquals("3 min 05 s", ProgressTracker.format(Duration.ofSeconds(185)));
        assertEquals("2 h 07 min", ProgressTracker.format(Duration.ofMinutes(127)));
        assertEquals("unknown", ProgressTracker.format(null));
    }
}
