package com.shardprop.spark.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsoleProgressTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final ManualClock clock = new ManualClock(SyntheticRun.START);
    private final ConsoleProgress progress =
            new ConsoleProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), clock);

    @Test
    void lineIsRewrittenInPlace() {
        progress.onStart(Map.of(), 2, 10);
        clock.advance(Duration.ofSeconds(1));
        progress.onStep(1, 1, 0.75, 0.1, 100);

        String output = output();
        assertTrue(output.startsWith("\r"), "each redraw starts with a carriage return");
        assertFalse(output.contains("\n"), "the progress line never adds lines");
        // After 1 of 20 steps in 1 s, 19 steps remain: 19 s.
        assertEquals("\repoch 1/2  step 1/20  loss 0.7500  100 examples/s  ETA 19.0 s", output);
    }

    @Test
    void redrawsAreThrottled() {
        progress.onStart(Map.of(), 1, 10);
        for (int step = 1; step <= 5; step++) {
            clock.advance(Duration.ofMillis(10));
            progress.onStep(1, step, 0.5, 0.1, 10);
        }

        assertEquals(1, output().chars().filter(c -> c == '\r').count(),
                "five steps within 50 ms draw the line once");
    }

    @Test
    void epochClearsLine() {
        progress.onStart(Map.of(), 1, 2);
        progress.onStep(1, 1, 0.5, 0.1, 10);
        int drawn = output().length() - 1;
        progress.onEpoch(1, 1, 0.5, 0.1, null);

        assertTrue(output().endsWith("\r" + " ".repeat(drawn) + "\r"),
                "the line is blanked so that the epoch's log line starts clean");
    }

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
