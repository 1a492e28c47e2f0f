package com.shardprop.bench.mllib;

import com.shardprop.spark.train.TrainingConfig;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Memory of both trainers.
 *
 * <p>Cached training set: the memory plus disk size Spark's storage status reports
 * ({@code SparkContext.getRDDStorageInfo}) for Shardprop's cached blocks and for the cached
 * DataFrame given to MLlib, against the raw size rows × features × 8 bytes (one {@code double} per
 * value).
 *
 * <p>Driver heap: heap in use after a full GC every {@link Sizes#heapInterval} steps of a Shardprop
 * run of {@link Sizes#heapSteps} steps on the compared network at the default batch size, and the
 * largest heap in use seen at the end of a step. MLlib's only step is a full pass, so its run is
 * {@link Sizes#mllibHeapIterations} {@code gd} iterations, with the heap sampled every 50 ms. In
 * local mode the driver JVM also runs the executors and holds both cached training sets, so
 * these heap figures include them.
 */
final class MemoryWorkload {

    static final String NAME = "5 memory";
    private static final Logger LOG = LoggerFactory.getLogger(MemoryWorkload.class);
    private static final double MIB = 1024.0 * 1024.0;

    private MemoryWorkload() {
    }

    static void run(Comparison comparison) {
        double rows = comparison.training().rowCount();
        double rawBytes = rows * comparison.training().featureWidth() * Double.BYTES;
        String raw = String.format(Locale.ROOT, "raw %.0f MiB (%d × %d × 8 B)", rawBytes / MIB, (long) rows,
                comparison.training().featureWidth());

        long shardpropBytes = comparison.storedBytes(List.of(comparison.training().blocks().id()));
        comparison.add(Figure.measured(NAME, "cached training set ÷ raw size", Comparison.SHARDPROP, "ratio",
                List.of(shardpropBytes / rawBytes), String.format(Locale.ROOT, "%.0f MiB stored, %s",
                        shardpropBytes / MIB, raw)));

        comparison.mllibTraining();
        long mllibBytes = comparison.storedBytes(null);
        comparison.add(Figure.measured(NAME, "cached training set ÷ raw size", Comparison.MLLIB, "ratio",
                List.of(mllibBytes / rawBytes), String.format(Locale.ROOT,
                        "%.0f MiB stored (cached DataFrame of label, vector), %s", mllibBytes / MIB, raw)));

        shardpropHeap(comparison);
        mllibHeap(comparison);
    }

    private static void shardpropHeap(Comparison comparison) {
        Sizes sizes = comparison.sizes;
        StepRecorder recorder = StepRecorder.untilStep(sizes.heapSteps, sizes.heapInterval);
        ShardpropRuns.train(comparison.training(), null, comparison.comparedSpec,
                TrainingConfig.commandLineDefaults().epochs(10_000).build(), recorder);
        List<Long> afterGc = recorder.heapAfterGc();
        LOG.info("Shardprop driver heap after GC every {} steps (bytes): {}", sizes.heapInterval, afterGc);
        double first = afterGc.get(0) / MIB;
        double last = afterGc.get(afterGc.size() - 1) / MIB;
        String run = sizes.heapSteps + " steps, batch " + ShardpropRuns.defaultBatchSize();
        comparison.add(Figure.measured(NAME, "driver heap after GC, step " + sizes.heapInterval, Comparison.SHARDPROP,
                "MiB", List.of(first), run));
        comparison.add(Figure.measured(NAME, "driver heap after GC, step " + sizes.heapSteps, Comparison.SHARDPROP,
                "MiB", List.of(last), run + "; every reading: " + mebibytes(afterGc)));
        comparison.add(Figure.measured(NAME, "driver heap growth, step " + sizes.heapInterval + " to "
                + sizes.heapSteps, Comparison.SHARDPROP, "%", List.of(100 * (last - first) / first), run));
        comparison.add(Figure.measured(NAME, "peak driver heap", Comparison.SHARDPROP, "MiB",
                List.of(recorder.peakHeapBytes() / MIB), run + "; sampled at the end of every step"));
    }

    private static void mllibHeap(Comparison comparison) {
        Sizes sizes = comparison.sizes;
        System.gc();
        Runtime runtime = Runtime.getRuntime();
        double before = (runtime.totalMemory() - runtime.freeMemory()) / MIB;
        AtomicLong peak = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(runtime.totalMemory() - runtime.freeMemory(), Math::max);
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "mllib-heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
        try {
            MllibRuns.fit(comparison.mllibTraining(), comparison.comparedSpec, MllibRuns.GD,
                    sizes.mllibHeapIterations, null);
        } finally {
            sampler.interrupt();
        }
        System.gc();
        double after = (runtime.totalMemory() - runtime.freeMemory()) / MIB;
        String run = sizes.mllibHeapIterations + " gd iterations (full passes)";
        comparison.add(Figure.measured(NAME, "driver heap after GC, before and after the run", Comparison.MLLIB, "MiB",
                List.of(before, after), run));
        comparison.add(Figure.measured(NAME, "peak driver heap", Comparison.MLLIB, "MiB", List.of(peak.get() / MIB),
                run + "; sampled every 50 ms"));
    }

    private static String mebibytes(List<Long> bytes) {
        StringBuilder text = new StringBuilder();
        for (long value : bytes) {
            text.append(text.length() == 0 ? "" : " ").append(Math.round(value / MIB));
        }
        return text + " MiB";
    }
}
