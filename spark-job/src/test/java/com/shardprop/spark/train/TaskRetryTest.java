package com.shardprop.spark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.shardprop.core.Model;
import com.shardprop.core.ModelFile;
import com.shardprop.spark.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task that fails once and is retried by Spark, as after a lost executor, leaves the trained
 * model bit-identical to an undisturbed run. That holds because every task is a pure function of
 * the broadcast parameters, its partition, the step and the seed. The runs happen in a child JVM
 * ({@link TaskRetryRun}) whose Spark master allows task retries.
 */
class TaskRetryTest {

    @TempDir
    Path folder;

    @Test
    void retriedTaskGivesSameModel() throws IOException, InterruptedException {
        Path log = folder.resolve("child.log");
        Process child = ChildJvm.start(TaskRetryRun.class, List.of(folder.toString()), log);
        // A guard against a hung child, not a speed check: the child normally needs well under a minute.
        boolean exited = child.waitFor(180, TimeUnit.SECONDS);
        if (!exited) {
            child.destroyForcibly();
        }
        assertTrue(exited, "the child JVM did not finish; its log:\n" + Files.readString(log));
        assertEquals(0, child.exitValue(), "child JVM failed; its log:\n" + Files.readString(log));

        assertEquals("1", Files.readString(folder.resolve(TaskRetryRun.FAILURES)), "injected task failures");
        Model undisturbed = ModelFile.load(folder.resolve(TaskRetryRun.UNDISTURBED));
        Model retried = ModelFile.load(folder.resolve(TaskRetryRun.RETRIED));
        double[] expected = undisturbed.parameters().values();
        double[] actual = retried.parameters().values();
        assertEquals(expected.length, actual.length, "parameter count");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(actual[i]),
                    "parameter " + i);
        }
        assertEquals(undisturbed.metadata(), retried.metadata(), "steps and final training loss");
    }
}
