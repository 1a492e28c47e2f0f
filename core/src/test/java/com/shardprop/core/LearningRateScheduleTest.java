package com.shardprop.core;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LearningRateScheduleTest {

    private static final double TOLERANCE = 1e-15;

    @Test
    void constantNeverChanges() {
        LearningRateSchedule schedule = LearningRateSchedule.constant(0.1);
        assertEquals(0.1, schedule.rate(0), 0);
        assertEquals(0.1, schedule.rate(1_000_000), 0);
    }

    @Test
    void stepDecayHalvesEveryTenSteps() {
        LearningRateSchedule schedule = LearningRateSchedule.stepDecay(0.1, 0.5, 10);
        assertEquals(0.1, schedule.rate(0), TOLERANCE);
        assertEquals(0.1, schedule.rate(9), TOLERANCE);
        assertEquals(0.05, schedule.rate(10), TOLERANCE);
        assertEquals(0.025, schedule.rate(25), TOLERANCE);
    }

    @Test
    void cosineWarmsUpLinearlyThenDecays() {
        LearningRateSchedule schedule = LearningRateSchedule.cosine(1.0, 4, 14, 0);
        assertEquals(0.25, schedule.rate(0), TOLERANCE);
        assertEquals(0.75, schedule.rate(2), TOLERANCE);
        assertEquals(1.0, schedule.rate(3), TOLERANCE);
        assertEquals(1.0, schedule.rate(4), TOLERANCE);
        // Halfway through the decay: ½ (1 + cos π/2) = ½.
        assertEquals(0.5, schedule.rate(9), TOLERANCE);
        assertEquals(0.0, schedule.rate(14), TOLERANCE);
        assertEquals(0.0, schedule.rate(500), TOLERANCE);
    }

    @Test
    void cosineDecaysToMinimum() {
        LearningRateSchedule schedule = LearningRateSchedule.cosine(1.0, 0, 10, 0.1);
        assertEquals(1.0, schedule.rate(0), TOLERANCE);
        assertEquals(0.1 + 0.9 * 0.5, schedule.rate(5), TOLERANCE);
        assertEquals(0.1, schedule.rate(10), TOLERANCE);
    }

    @Test
    void parseReadsEachForm() {
        assertEquals(0.3, LearningRateSchedule.parse("constant", 0.3, 0, 100).rate(50), 0);
        assertEquals(0.15, LearningRateSchedule.parse("step:0.5:20", 0.3, 0, 100).rate(20), TOLERANCE);
        assertEquals(0.3, LearningRateSchedule.parse("COSINE", 0.3, 10, 100).rate(9), TOLERANCE);
        assertEquals(0.05, LearningRateSchedule.parse("cosine:0.05", 0.3, 10, 100).rate(100), TOLERANCE);
    }

    @Test
    void parseRejectsInvalidText() {
        assertEquals("unknown learning-rate schedule 'linear'; expected constant, step:FACTOR:EVERY_STEPS, cosine or cosine:MIN_RATE",
                assertThrows(InvalidInputException.class, () -> LearningRateSchedule.parse("linear", 0.1, 0, 10)).getMessage());
        assertThrows(InvalidInputException.class, () -> LearningRateSchedule.parse("step:0.5", 0.1, 0, 10));
        assertThrows(InvalidInputException.class, () -> LearningRateSchedule.parse("step:x:10", 0.1, 0, 10));
        assertThrows(InvalidInputException.class, () -> LearningRateSchedule.parse("constant", 0.1, 5, 10));
        assertThrows(InvalidInputException.class, () -> LearningRateSchedule.parse("cosine", 0.1, 10, 10));
        assertThrows(InvalidInputException.class, () -> LearningRateSchedule.constant(0));
        assertThrows(InvalidInputException.class, () -> LearningRateSchedule.stepDecay(0.1, 1.5, 10));
    }
}
