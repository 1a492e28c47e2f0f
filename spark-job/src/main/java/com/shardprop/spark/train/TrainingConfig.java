package com.shardprop.spark.train;

import com.shardprop.core.InvalidInputException;
import com.shardprop.core.LearningRateSchedule;
import com.shardprop.core.OptimizerConfig;
import com.shardprop.core.Precision;
import com.shardprop.core.kernel.MatrixKernels;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The validated settings of one distributed training run. Option names in messages are the
 * command-line names, because that is where users set them.
 */
public final class TrainingConfig {

    /** Default of {@code --epochs}. */
    public static final int DEFAULT_EPOCHS = 20;
    /**
     * Default of {@code --batch-size}, the global batch summed over partitions. With
     * {@link #DEFAULT_LEARNING_RATE} it reached the same Fashion-MNIST test accuracy after 20 epochs
     * as batch 256 with η = 0.001 (0.8964 against 0.8969), with epochs 2.9 times shorter on an idle
     * {@code local[2]}, because every step pays Spark's fixed job overhead (BENCHMARKS.md, "Default
     * recipe").
     */
    public static final long DEFAULT_BATCH_SIZE = 1024;
    /** Default of {@code --seed}. */
    public static final long DEFAULT_SEED = 1;
    /** Default of {@code --learning-rate}: the base rate η of Adam, the default optimizer, for the default batch. */
    public static final double DEFAULT_LEARNING_RATE = 0.003;
    /** Default of {@code --schedule} on the command line; the builder's default is {@code constant}. */
    public static final String DEFAULT_SCHEDULE = "cosine";
    /** Default of {@code --warmup-epochs} on the command line; the builder's default is 0. */
    public static final double DEFAULT_WARMUP_EPOCHS = 1;
    /** Default of {@code --eval-every}. */
    public static final int DEFAULT_EVAL_EVERY = 1;
    /**
     * Default of {@code --precision} on the command line; the builder's default is double. float ran a
     * training step 1.25× faster than double with the vector kernel at B = 128 on an idle machine
     * (BENCHMARKS.md), and KernelAccuracyTest requires the same accuracy within half a point.
     */
    public static final String DEFAULT_PRECISION_NAME = "float";

    private final int epochs;
    private final long batchSize;
    private final long seed;
    private final OptimizerConfig optimizer;
    private final double learningRate;
    private final String schedule;
    private final double warmupEpochs;
    private final int aggregationDepth;
    private final int evalEvery;
    private final int earlyStoppingPatience;
    private final String kernel;
    private final Precision precision;

    private TrainingConfig(Builder builder) {
        this.epochs = builder.epochs;
        this.batchSize = builder.batchSize;
        this.seed = builder.seed;
        this.optimizer = builder.optimizer;
        this.learningRate = builder.learningRate;
        this.schedule = builder.schedule;
        this.warmupEpochs = builder.warmupEpochs;
        this.aggregationDepth = builder.aggregationDepth;
        this.evalEvery = builder.evalEvery;
        this.earlyStoppingPatience = builder.earlyStoppingPatience;
        this.kernel = builder.kernel;
        this.precision = builder.precision;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Returns the maximum number of passes over the training set; early stopping may end sooner. */
    public int epochs() {
        return epochs;
    }

    /** Returns the global batch size {@code B} summed over partitions, or 0 for full-batch gradient descent. */
    public long batchSize() {
        return batchSize;
    }

    /** Returns the run seed from which shuffles and dropout masks derive. */
    public long seed() {
        return seed;
    }

    public OptimizerConfig optimizer() {
        return optimizer;
    }

    /** Returns the base learning rate η that the schedule scales. */
    public double learningRate() {
        return learningRate;
    }

    /** Returns the schedule in the text form of {@link LearningRateSchedule#parse}. */
    public String schedule() {
        return schedule;
    }

    /** Returns the linear warm-up length in epochs (cosine schedule only); may be fractional. */
    public double warmupEpochs() {
        return warmupEpochs;
    }

    /** Returns the {@code treeAggregate} depth, or 0 to choose it from the partition count. */
    public int aggregationDepth() {
        return aggregationDepth;
    }

    /** Returns how many epochs pass between validation runs. */
    public int evalEvery() {
        return evalEvery;
    }

    /** Returns the validation runs without a lower validation loss after which training stops, or 0 for never. */
    public int earlyStoppingPatience() {
        return earlyStoppingPatience;
    }

    /**
     * Returns the normalized matrix kernel name that every executor uses, or null to let each
     * executor take the fastest kernel of its own JVM ({@link MatrixKernels#fastest()}).
     */
    public String kernel() {
        return kernel;
    }

    /** Returns the precision of the matrix products in the training steps. */
    public Precision precision() {
        return precision;
    }

    /**
     * Builds the learning-rate schedule for a run of {@code stepsPerEpoch} steps per epoch.
     *
     * @throws InvalidInputException for an invalid schedule text
     */
    public LearningRateSchedule learningRateSchedule(long stepsPerEpoch) {
        long warmupSteps = Math.round(warmupEpochs * stepsPerEpoch);
        return LearningRateSchedule.parse(schedule, learningRate, warmupSteps, epochs * stepsPerEpoch);
    }

    /** Returns the settings by command-line name, in display order, for logs and model metadata. */
    public Map<String, String> describe() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("epochs", Integer.toString(epochs));
        settings.put("batch-size", batchSize == 0 ? "full" : Long.toString(batchSize));
        settings.put("seed", Long.toString(seed));
        settings.put("optimizer", optimizer.toString());
        settings.put("learning-rate", Double.toString(learningRate));
        settings.put("schedule", schedule);
        settings.put("warmup-epochs", Double.toString(warmupEpochs));
        settings.put("aggregation-depth", aggregationDepth == 0 ? "auto" : Integer.toString(aggregationDepth));
        settings.put("eval-every", Integer.toString(evalEvery));
        settings.put("early-stopping-patience", Integer.toString(earlyStoppingPatience));
        settings.put("kernel", kernel == null ? "auto" : kernel);
        settings.put("precision", precision.toString());
        return settings;
    }

    @Override
    public String toString() {
        return describe().toString();
    }

    /**
     * Returns a builder with every default of {@code shardprop train}: the builder's defaults plus
     * the command line's schedule, warm-up and precision. This is the recipe that the README and
     * BENCHMARKS.md measure.
     */
    public static Builder commandLineDefaults() {
        return builder()
                .schedule(DEFAULT_SCHEDULE)
                .warmupEpochs(DEFAULT_WARMUP_EPOCHS)
                .precision(Precision.parse(DEFAULT_PRECISION_NAME));
    }

    /**
     * Collects settings; {@link #build} validates them. Defaults are those of the command line except
     * the schedule and the precision. A builder starts with a constant rate and no warm-up, so a
     * caller who sets only the learning rate gets exactly that rate at every step. It also starts in
     * double precision, which reproduces {@link com.shardprop.core.ReferenceTrainer} up to summation order.
     */
    public static final class Builder {
        private int epochs = DEFAULT_EPOCHS;
        private long batchSize = DEFAULT_BATCH_SIZE;
        private long seed = DEFAULT_SEED;
        private OptimizerConfig optimizer = OptimizerConfig.adam();
        private double learningRate = DEFAULT_LEARNING_RATE;
        private String schedule = "constant";
        private double warmupEpochs;
        private int aggregationDepth;
        private int evalEvery = DEFAULT_EVAL_EVERY;
        private int earlyStoppingPatience;
        private String kernel;
        private Precision precision = Precision.DOUBLE;

        private Builder() {
        }

        public Builder epochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /** Sets the global batch size; 0 means full batch. */
        public Builder batchSize(long batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder optimizer(OptimizerConfig optimizer) {
            this.optimizer = optimizer;
            return this;
        }

        public Builder learningRate(double learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        public Builder schedule(String schedule) {
            this.schedule = schedule;
            return this;
        }

        public Builder warmupEpochs(double warmupEpochs) {
            this.warmupEpochs = warmupEpochs;
            return this;
        }

        /** Sets the tree aggregation depth; 0 chooses it from the partition count. */
        public Builder aggregationDepth(int aggregationDepth) {
            this.aggregationDepth = aggregationDepth;
            return this;
        }

        public Builder evalEvery(int evalEvery) {
            this.evalEvery = evalEvery;
            return this;
        }

        /** Sets the early-stopping patience in validation runs; 0 turns early stopping off. */
        public Builder earlyStoppingPatience(int earlyStoppingPatience) {
            this.earlyStoppingPatience = earlyStoppingPatience;
            return this;
        }

        /** Sets the matrix kernel by name ({@link MatrixKernels#names()}); null picks the fastest per executor. */
        public Builder kernel(String kernel) {
            this.kernel = kernel;
            return this;
        }

        public Builder precision(Precision precision) {
            this.precision = precision;
            return this;
        }

        /**
         * Validates and builds the configuration.
         *
         * @throws InvalidInputException naming the option and the value out of range
         */
        public TrainingConfig build() {
            require(epochs >= 1, "--epochs must be ≥ 1, got " + epochs);
            require(batchSize >= 0, "--batch-size must be ≥ 1, or 0 for full batch, got " + batchSize);
            require(learningRate > 0 && Double.isFinite(learningRate),
                    "--learning-rate must be > 0 and finite, got " + learningRate);
            require(warmupEpochs >= 0 && Double.isFinite(warmupEpochs),
                    "--warmup-epochs must be ≥ 0, got " + warmupEpochs);
            require(aggregationDepth >= 0, "--aggregation-depth must be ≥ 1, or 0 for automatic, got "
                    + aggregationDepth);
            require(evalEvery >= 1, "--eval-every must be ≥ 1 epoch, got " + evalEvery);
            require(earlyStoppingPatience >= 0, "--early-stopping-patience must be ≥ 0 (0 turns it off), got "
                    + earlyStoppingPatience);
            require(optimizer != null, "an optimizer configuration is required");
            require(precision != null, "a precision is required; use --precision double or float");
            if (kernel != null) {
                // Fails on the driver, before Spark starts work, with the list of valid names.
                kernel = MatrixKernels.byName(kernel).name();
            }
            require(schedule != null && !schedule.isBlank(), "--schedule must not be empty; use constant, "
                    + "step:FACTOR:EVERY_STEPS, cosine or cosine:MIN_RATE");

            // The warm-up is checked in epochs: the step counts are known only once the data is loaded.
            boolean cosine = schedule.trim().toLowerCase(Locale.ROOT).split(":", -1)[0].equals("cosine");
            require(cosine || warmupEpochs == 0, "--warmup-epochs " + warmupEpochs + " applies only to the"
                    + " cosine schedule, got --schedule " + schedule + ". Fix: drop --warmup-epochs or use --schedule"
                    + " cosine.");
            require(!cosine || warmupEpochs < epochs, "--warmup-epochs " + warmupEpochs + " must be shorter than"
                    + " --epochs " + epochs + ", because the cosine schedule decays the learning rate after the"
                    + " warm-up (--warmup-epochs defaults to " + DEFAULT_WARMUP_EPOCHS + " with cosine). Fix: pass a"
                    + " shorter --warmup-epochs (0 turns the warm-up off), more --epochs, or --schedule constant.");
            TrainingConfig config = new TrainingConfig(this);
            // Parse once here so that an invalid schedule fails before Spark starts work. With one step per
            // epoch a fractional warm-up would round to a whole epoch, so the warm-up is left out here.
            LearningRateSchedule.parse(schedule, learningRate, 0, epochs);
            return config;
        }

        private static void require(boolean condition, String message) {
            if (!condition) {
                throw new InvalidInputException(message);
            }
        }
    }
}
