package com.shardprop.bench.mllib;

import java.util.List;

/**
 * The sizes of one comparison run. {@link #FULL} is the published measurement on the whole of
 * Fashion-MNIST; {@link #TINY} runs every workload on the committed 4,000-row sample with few
 * repetitions and small models, so that it finishes in well under a minute and only proves that
 * the benchmark still works. Tiny figures mean nothing as speed figures.
 */
enum Sizes {

    FULL(3, 120, 2, 10, "784,1024:sigmoid,192:sigmoid,10:softmax", 100, 50, 5000, 500, 10, 1.0),
    TINY(2, 4, 1, 2, "784,120:sigmoid,40:sigmoid,10:softmax", 2, 4, 40, 20, 2, 0.2);

    /** Hidden layers MLlib supports are sigmoid only, so the compared network uses them too. */
    static final String COMPARED_LAYERS = "784,256:sigmoid,128:sigmoid,10:softmax";
    /** The network of Shardprop's Fashion-MNIST recipe (README, deploy/scripts/fashion-mnist.sh). */
    static final String RECIPE_LAYERS = "784,256:relu,128:relu,10:softmax";
    /** A network whose compute per step is negligible next to Spark's per-step overhead. */
    static final String TINY_MODEL = "784,10:softmax";
    static final List<Double> ACCURACY_TARGETS = List.of(0.80, 0.85, 0.88);
    static final List<Integer> STEP_PARTITIONS = List.of(2, 8, 32);

    /** Measured repetitions of each throughput figure, after one warm-up. */
    final int runs;
    /** Training-time budget in seconds of each trainer in the time-to-accuracy workload. */
    final int accuracySeconds;
    /** Seeded Shardprop runs of the time-to-accuracy workload (MLlib runs once: each run costs the budget). */
    final int accuracyRuns;
    /** MLlib iterations per {@code gd} fit, and the first {@code l-bfgs} iteration limit, of the time-to-accuracy workload. */
    final int mllibChunkIterations;
    /** The large model of the step-overhead workload: about 1M parameters at full size. */
    final String largeModel;
    final int warmupSteps;
    final int measuredSteps;
    /** Steps of the driver-heap run. */
    final int heapSteps;
    /** Steps between full garbage collections (and heap readings) in the driver-heap run. */
    final int heapInterval;
    /** MLlib gradient-descent iterations of its driver-heap run (each is a full pass). */
    final int mllibHeapIterations;
    /** Length of one plain-GEMM sample in seconds; the warm-up before the samples runs three times as long. */
    final double gemmSampleSeconds;

    Sizes(int runs, int accuracySeconds, int accuracyRuns, int mllibChunkIterations, String largeModel, int warmupSteps,
            int measuredSteps, int heapSteps, int heapInterval, int mllibHeapIterations, double gemmSampleSeconds) {
        this.runs = runs;
        this.accuracySeconds = accuracySeconds;
        this.accuracyRuns = accuracyRuns;
        this.mllibChunkIterations = mllibChunkIterations;
        this.largeModel = largeModel;
        this.warmupSteps = warmupSteps;
        this.measuredSteps = measuredSteps;
        this.heapSteps = heapSteps;
        this.heapInterval = heapInterval;
        this.mllibHeapIterations = mllibHeapIterations;
        this.gemmSampleSeconds = gemmSampleSeconds;
    }
}
