package com.shardprop.spark.cli;

import com.shardprop.core.EvaluationSum;
import com.shardprop.core.Initializer;
import com.shardprop.core.InvalidInputException;
import com.shardprop.core.Loss;
import com.shardprop.core.Model;
import com.shardprop.core.NetworkSpec;
import com.shardprop.core.OptimizerConfig;
import com.shardprop.core.Parameters;
import com.shardprop.core.Precision;
import com.shardprop.spark.checkpoint.Checkpoint;
import com.shardprop.spark.checkpoint.CheckpointOptions;
import com.shardprop.spark.checkpoint.Checkpointing;
import com.shardprop.spark.cli.SparkOptions.SparkRun;
import com.shardprop.spark.data.DataRole;
import com.shardprop.spark.data.LoadedData;
import com.shardprop.spark.data.TrainingDataLoader;
import com.shardprop.spark.report.EvaluationMetrics;
import com.shardprop.spark.report.JobDescriptions;
import com.shardprop.spark.report.ReportOptions;
import com.shardprop.spark.report.TrainingListener;
import com.shardprop.spark.train.DistributedEvaluation;
import com.shardprop.spark.train.Metrics;
import com.shardprop.spark.train.SparkTrainer;
import com.shardprop.spark.train.TrainingConfig;
import com.shardprop.spark.train.TrainingResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code shardprop train}: loads the data, trains with {@link SparkTrainer}, evaluates the test set
 * and writes the model. The model file is written only after training and evaluation succeed, to a
 * temporary name that is then renamed, so a failed run leaves a previous model at the path as it was.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Trains a network with synchronous data-parallel mini-batch SGD and writes the model file.",
        footer = {"", "Example (Fashion-MNIST, 10 classes of 28×28 images):",
                "  train --train train-images-idx3-ubyte.gz --test t10k-images-idx3-ubyte.gz \\",
                "        --layers 784,256:relu:0.2,128:relu:0.2,10:softmax --output fashion.model"})
final class TrainCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(TrainCommand.class);

    @Spec
    private CommandSpec spec;

    @Option(names = "--train", required = true, paramLabel = "PATH",
            description = "Training data: a file, folder or glob, local or any Hadoop file system URI. Required.")
    private String trainPath;

    @Option(names = "--validation", paramLabel = "PATH",
            description = "Validation data, evaluated every --eval-every epochs and at the end. Default: none.")
    private String validationPath;

    @Option(names = "--test", paramLabel = "PATH",
            description = "Test data, evaluated once after training; its metrics are stored in the model."
                    + " Default: none.")
    private String testPath;

    @Option(names = "--layers", required = true, paramLabel = "SPEC",
            description = "Network: the input width, then WIDTH[:ACTIVATION[:DROPOUT_RATE]] per layer, for example"
                    + " 784,256:relu:0.2,128:relu,10:softmax. Activations: relu, leaky_relu(SLOPE), sigmoid, tanh,"
                    + " identity; hidden layers default to relu. The output activation selects the loss: softmax"
                    + " (cross-entropy, labels 0…k−1), sigmoid (binary cross-entropy, targets in [0, 1]) or identity"
                    + " (mean squared error). Required. No default, because the input and output widths depend on the data.")
    private String layers;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "" + TrainingConfig.DEFAULT_EPOCHS,
            description = "Maximum passes over the training set (early stopping may end sooner)."
                    + " Default: ${DEFAULT-VALUE}.")
    private int epochs;

    @Option(names = "--batch-size", paramLabel = "ROWS", defaultValue = "" + TrainingConfig.DEFAULT_BATCH_SIZE,
            description = "Global mini-batch in rows, summed over all partitions; 0 for full-batch gradient"
                    + " descent. Default: ${DEFAULT-VALUE}.")
    private long batchSize;

    @Option(names = "--optimizer", paramLabel = "NAME", defaultValue = "adam",
            description = "Update rule: sgd, adam, or adamw (adam with decoupled weight decay)."
                    + " Default: ${DEFAULT-VALUE}.")
    private String optimizer;

    @Option(names = "--learning-rate", paramLabel = "RATE",
            defaultValue = "" + TrainingConfig.DEFAULT_LEARNING_RATE,
            description = "Base learning rate η, which --schedule scales per step. Default: ${DEFAULT-VALUE}.")
    private double learningRate;

    @Option(names = "--momentum", paramLabel = "MU",
            description = "SGD momentum μ in [0, 1); sgd only. Default: " + TrainCommand.DEFAULT_SGD_MOMENTUM
                    + " with sgd.")
    private Double momentum;

    @Option(names = "--nesterov", negatable = true, defaultValue = "false", fallbackValue = "true",
            description = "Use Nesterov momentum (sgd with --momentum > 0). Default: ${DEFAULT-VALUE}.")
    private boolean nesterov;

    @Option(names = "--weight-decay", paramLabel = "LAMBDA", defaultValue = "0",
            description = "Weight decay λ ≥ 0 on every parameter, biases included; added to the gradient as λθ"
                    + " unless --decoupled-weight-decay. Default: ${DEFAULT-VALUE}.")
    private double weightDecay;

    @Option(names = "--decoupled-weight-decay", negatable = true, defaultValue = "false", fallbackValue = "true",
            description = "Apply weight decay to θ directly (SGDW, AdamW) instead of through the gradient."
                    + " Default: ${DEFAULT-VALUE}, or true with --optimizer adamw.")
    private boolean decoupledWeightDecay;

    @Option(names = "--clip-norm", paramLabel = "NORM", defaultValue = "0",
            description = "Scale the mean gradient down to this global L2 norm when it is larger; 0 turns"
                    + " clipping off. Default: ${DEFAULT-VALUE}.")
    private double clipNorm;

    @Option(names = "--beta1", paramLabel = "BETA", defaultValue = "0.9",
            description = "Adam's first-moment decay β₁ in [0, 1). Default: ${DEFAULT-VALUE}.")
    private double beta1;

    @Option(names = "--beta2", paramLabel = "BETA", defaultValue = "0.999",
            description = "Adam's second-moment decay β₂ in [0, 1). Default: ${DEFAULT-VALUE}.")
    private double beta2;

    @Option(names = "--epsilon", paramLabel = "EPS", defaultValue = "1e-8",
            description = "Adam's ε > 0, added to √v̂. Default: ${DEFAULT-VALUE}.")
    private double epsilon;

    @Option(names = "--schedule", paramLabel = "SCHEDULE", defaultValue = TrainingConfig.DEFAULT_SCHEDULE,
            description = "Learning-rate schedule over optimizer steps: constant; step:FACTOR:EVERY_STEPS"
                    + " (η·FACTOR^⌊t/EVERY_STEPS⌋); cosine or cosine:MIN_RATE (linear warm-up, then cosine decay"
                    + " to MIN_RATE, default 0, at the last step). Default: ${DEFAULT-VALUE}.")
    private String schedule;

    @Option(names = "--warmup-epochs", paramLabel = "EPOCHS",
            defaultValue = "" + TrainingConfig.DEFAULT_WARMUP_EPOCHS,
            description = "Linear warm-up length in epochs, may be fractional; cosine only, so other schedules"
                    + " need 0. Default: ${DEFAULT-VALUE} with cosine, 0 otherwise.")
    private Double warmupEpochs;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "" + TrainingConfig.DEFAULT_SEED,
            description = "Seed of the initial weights, the per-epoch shuffles and the dropout masks; the same"
                    + " seed and data give the same model. Default: ${DEFAULT-VALUE}.")
    private long seed;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "0",
            description = "Partitions (parallel tasks per step) of the training data; validation and test data use"
                    + " the same count. 0 uses Spark's default parallelism (the core count in local mode)."
                    + " Default: ${DEFAULT-VALUE}.")
    private int partitions;

    @Option(names = "--aggregation-depth", paramLabel = "DEPTH", defaultValue = "0",
            description = "treeAggregate depth for summing gradients; 0 chooses it from the partition count."
                    + " Default: ${DEFAULT-VALUE}.")
    private int aggregationDepth;

    @Option(names = "--eval-every", paramLabel = "EPOCHS", defaultValue = "" + TrainingConfig.DEFAULT_EVAL_EVERY,
            description = "Epochs between validation runs; the last epoch is always evaluated."
                    + " Default: ${DEFAULT-VALUE}.")
    private int evalEvery;

    @Option(names = "--early-stopping-patience", paramLabel = "N", defaultValue = "0",
            description = "Stop after N validation runs without a lower validation loss and keep the best"
                    + " epoch's parameters; needs --validation. 0 turns early stopping off. Default: ${DEFAULT-VALUE}.")
    private int earlyStoppingPatience;

    @Option(names = "--output", required = true, paramLabel = "MODEL",
            description = "Model file to write (local path or Hadoop file system URI); replaced only when the run"
                    + " succeeds. Required.")
    private String output;

    @Option(names = "--precision", paramLabel = "TYPE", defaultValue = TrainingConfig.DEFAULT_PRECISION_NAME,
            description = "Floating-point type of the training steps' matrix products: double, or float (weights and"
                    + " activations narrowed to float for the products; gradient sums stay double). Evaluation and"
                    + " the saved model are always double. Default: ${DEFAULT-VALUE}.")
    private String precision;

    @Mixin
    private KernelOption kernel;

    @Mixin
    private DataOptions data;

    @Mixin
    private ReportOptions report;

    @Mixin
    private CheckpointOptions checkpoints;

    @Mixin
    private SparkOptions sparkOptions;

    /** SGD momentum used when {@code --optimizer sgd} is given without {@code --momentum}. */
    static final double DEFAULT_SGD_MOMENTUM = 0.9;

    @Override
    public Integer call() throws IOException {
        // Everything that can be checked without data fails here, before Spark starts.
        NetworkSpec network = parseLayers(layers);
        TrainingConfig config = trainingConfig();
        if (earlyStoppingPatience > 0 && validationPath == null) {
            throw new InvalidInputException("--early-stopping-patience " + earlyStoppingPatience
                    + " needs validation data; pass --validation PATH or drop the option.");
        }
        checkpoints.validate();
        if (partitions < 0) {
            throw new InvalidInputException("--partitions must be ≥ 1, or 0 for Spark's default parallelism, got "
                    + partitions + ".");
        }

        try (SparkRun run = sparkOptions.start("shardprop train")) {
            SparkSession session = run.session();
            Configuration hadoop = session.sparkContext().hadoopConfiguration();
            ModelStore.checkFileTarget("--output", output, hadoop);
            TrainingListener listener = report.listener(session.sparkContext());
            List<LoadedData> loaded = new ArrayList<>();
            try {
                EvaluationSum test = train(session, network, config, listener, loaded);
                listener.onFinish(test == null ? null : EvaluationMetrics.from(test), output);
            } catch (IOException | RuntimeException e) {
                listener.onFailure(e);
                throw e;
            } finally {
                loaded.forEach(LoadedData::unpersist);
                // A joined session (a test's or a notebook's) outlives the command: drop its label.
                session.sparkContext().setJobDescription(null);
            }
        }
        return Main.EXIT_OK;
    }

    /**
     * Loads the data sets (adding each to {@code loaded} for release), trains, tests and saves the
     * model; returns the test counts, or null without a test set.
     */
    private EvaluationSum train(SparkSession session, NetworkSpec network, TrainingConfig config, TrainingListener listener,
            List<LoadedData> loaded) throws IOException {
        int partitionCount = partitions > 0 ? partitions : session.sparkContext().defaultParallelism();
        // Each Spark job started from this thread carries the last description set, for the Spark UI.
        session.sparkContext().setJobDescription(JobDescriptions.task("train", "load training data"));
        Checkpointing checkpointing = checkpoints.open(session.sparkContext().hadoopConfiguration(), network,
                data.standardize());
        Checkpoint resumed = checkpointing.resumeFrom();
        if (resumed != null) {
            // A resumed run applies the checkpoint's scaling instead of fitting it again.
            data.standardize(false);
        }
        LoadedData training = TrainingDataLoader.load(session, data, trainPath, network, partitionCount,
                DataRole.TRAINING, resumed == null ? null : resumed.featureScaling());
        loaded.add(training);
        LoadedData validation = null;
        if (validationPath != null) {
            session.sparkContext().setJobDescription(JobDescriptions.task("train", "load validation data"));
            validation = TrainingDataLoader.load(session, data, validationPath, network, partitionCount,
                    DataRole.EVALUATION, training.scaling());
            loaded.add(validation);
        }
        LoadedData test = null;
        if (testPath != null) {
            session.sparkContext().setJobDescription(JobDescriptions.task("train", "load test data"));
            test = TrainingDataLoader.load(session, data, testPath, network, partitionCount, DataRole.EVALUATION,
                    training.scaling());
            loaded.add(test);
        }

        Map<String, String> description = new LinkedHashMap<>();
        description.put("train", training.description());
        if (validation != null) {
            description.put("validation", validation.description());
        }
        if (test != null) {
            description.put("test", test.description());
        }
        Parameters initial = Initializer.initialize(network, seed);
        TrainingResult result = new SparkTrainer(config, listener).train(training.blocks(),
                training.partitionRowCounts(), validation == null ? null : validation.blocks(), initial, description,
                checkpointing.withFeatureScaling(training.scaling()));

        EvaluationSum tested = null;
        if (test != null) {
            session.sparkContext().setJobDescription(JobDescriptions.task("train", "evaluate test data"));
            tested = DistributedEvaluation.evaluate(test.blocks(), result.parameters(), aggregationDepth,
                    config.kernel());
            LOG.info("Test set: {}", Metrics.summarize(tested));
        }
        Model model = new Model(result.parameters(), training.scaling(),
                metadata(config, training, validation, test, result, tested), null);
        ModelStore.save(model, output, session.sparkContext().hadoopConfiguration());
        LOG.info("Wrote the model ({} parameters, epoch {}) to {}", network.parameterCount(),
                result.parameterEpoch(), output);

        PrintWriter out = spec.commandLine().getOut();
        if (result.validation() != null) {
            out.println("Validation: " + Metrics.summarize(result.validation()));
        }
        if (tested != null) {
            out.println("Test: " + Metrics.summarize(tested));
        }
        out.println("Model: " + output);
        out.flush();
        return tested;
    }

    /**
     * Parses {@code --layers}, prefixing an error with the option and its text, so the user sees which
     * value to correct.
     *
     * @throws InvalidInputException for an invalid specification
     */
    static NetworkSpec parseLayers(String text) {
        try {
            return NetworkSpec.parse(text);
        } catch (InvalidInputException e) {
            String problem = e.getMessage().endsWith(".") ? e.getMessage() : e.getMessage() + ".";
            throw new InvalidInputException("--layers '" + text + "': " + problem + (problem.contains("Fix:") ? ""
                    : " Fix: correct --layers, which takes the input width and then WIDTH[:ACTIVATION[:DROPOUT_RATE]]"
                    + " per layer, for example 784,256:relu:0.2,10:softmax."), e);
        }
    }

    /**
     * Builds the validated run settings from the options.
     *
     * @throws InvalidInputException naming the option with an invalid value
     */
    TrainingConfig trainingConfig() {
        String name = optimizer.trim().toLowerCase(Locale.ROOT);
        if (!List.of("sgd", "adam", "adamw").contains(name)) {
            throw new InvalidInputException("--optimizer must be sgd, adam or adamw, got '" + optimizer + "'."
                    + " Fix: pass one of those names.");
        }
        boolean adamw = name.equals("adamw");
        OptimizerConfig.Kind kind = adamw ? OptimizerConfig.Kind.ADAM : OptimizerConfig.Kind.parse(name);
        // Momentum applies to SGD only. Adam gets 0, and OptimizerConfig rejects a --momentum given with it.
        double mu = 0;
        if (momentum != null) {
            mu = momentum;
        } else if (kind == OptimizerConfig.Kind.SGD) {
            mu = DEFAULT_SGD_MOMENTUM;
        }
        OptimizerConfig optimizerConfig = OptimizerConfig.builder()
                .kind(kind)
                .momentum(mu)
                .nesterov(nesterov)
                .weightDecay(weightDecay)
                .decoupledWeightDecay(decoupledWeightDecay || adamw)
                .clipNorm(clipNorm)
                .betas(beta1, beta2)
                .epsilon(epsilon)
                .build();
        return TrainingConfig.builder()
                .epochs(epochs)
                .batchSize(batchSize)
                .seed(seed)
                .optimizer(optimizerConfig)
                .learningRate(learningRate)
                .schedule(schedule)
                .warmupEpochs(warmupFor(schedule))
                .aggregationDepth(aggregationDepth)
                .evalEvery(evalEvery)
                .earlyStoppingPatience(earlyStoppingPatience)
                .kernel(kernel.validatedName())
                .precision(Precision.parse(precision))
                .build();
    }

    /**
     * Returns the warm-up to use: the default warm-up belongs to the default cosine schedule, so a
     * non-cosine schedule without an explicit {@code --warmup-epochs} gets none.
     */
    private double warmupFor(String scheduleText) {
        boolean explicit = spec.commandLine().getParseResult().hasMatchedOption("--warmup-epochs");
        boolean cosine = scheduleText.trim().toLowerCase(Locale.ROOT).startsWith("cosine");
        return explicit || cosine ? warmupEpochs : 0;
    }

    /** Returns the model metadata: the run's settings, the data it saw and its final metrics. */
    private Map<String, String> metadata(TrainingConfig config, LoadedData training, LoadedData validation,
            LoadedData test, TrainingResult result, EvaluationSum tested) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("layers", result.parameters().spec().toString());
        metadata.putAll(config.describe());
        metadata.put("standardize", Boolean.toString(training.scaling() != null));
        metadata.put("partitions", Integer.toString(training.partitionCount()));
        metadata.put("data", training.description());
        if (validation != null) {
            metadata.put("validation-data", validation.description());
        }
        if (test != null) {
            metadata.put("test-data", test.description());
        }
        metadata.put("epochs-trained", Integer.toString(result.epochsTrained()));
        metadata.put("parameter-epoch", Integer.toString(result.parameterEpoch()));
        metadata.put("stopped-early", Boolean.toString(result.stoppedEarly()));
        metadata.put("steps", Long.toString(result.steps()));
        metadata.put("final-training-loss", Double.toString(result.finalTrainingLoss()));
        putMetrics(metadata, "validation", result.validation());
        putMetrics(metadata, "test", tested);
        metadata.put("trained-at", java.time.Instant.now().toString());
        return metadata;
    }

    private static void putMetrics(Map<String, String> metadata, String prefix, EvaluationSum sum) {
        if (sum == null) {
            return;
        }
        metadata.put(prefix + "-rows", Long.toString(sum.count()));
        metadata.put(prefix + "-loss", Double.toString(sum.meanLoss()));
        if (sum.loss() == Loss.MEAN_SQUARED_ERROR) {
            metadata.put(prefix + "-rmse", Double.toString(sum.rmse()));
        } else {
            metadata.put(prefix + "-accuracy", Double.toString(sum.accuracy()));
        }
    }
}
