package com.shardprop.bench.mllib;

import com.shardprop.spark.SparkDefaults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs Shardprop and Spark MLlib's {@code MultilayerPerceptronClassifier} side by side on
 * Fashion-MNIST, on one Spark master in one JVM, and prints the figures as a table and writes them
 * as CSV and JSON. BENCHMARKS.md describes each workload and records a full run.
 */
@Command(name = "mllib-comparison", mixinStandardHelpOptions = true,
        description = "Compares Shardprop with Spark MLlib's MultilayerPerceptronClassifier on Fashion-MNIST.")
public final class MllibComparison implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(MllibComparison.class);

    /** Workload names for {@code --workloads}, in the order they run. */
    static final List<String> WORKLOADS = List.of("throughput", "accuracy", "steps", "gemm", "memory", "epoch");

    @Option(names = "--size", defaultValue = "full", paramLabel = "SIZE",
            description = "full: the published measurement on all 60,000 training images; tiny: small models,"
                    + " few repetitions and short budgets, for a check that finishes in under a minute on the"
                    + " 4,000-row sample. Default: ${DEFAULT-VALUE}.")
    private String size = "full";

    @Option(names = "--data", defaultValue = "/usr/share/datasets/fashion-mnist", paramLabel = "DIR",
            description = "Folder with the four Fashion-MNIST IDX files (train-images-idx3-ubyte.gz and friends)."
                    + " Default: ${DEFAULT-VALUE}.")
    private Path data = Path.of("/usr/share/datasets/fashion-mnist");

    @Option(names = "--master", defaultValue = "local[2]", paramLabel = "URL",
            description = "Spark master for both trainers. Default: ${DEFAULT-VALUE}.")
    private String master = "local[2]";

    @Option(names = "--expect-executors", defaultValue = "0", paramLabel = "N",
            description = "Wait up to 120 s until N executors have registered before measuring (for a cluster"
                    + " master). Default: ${DEFAULT-VALUE}, no wait.")
    private int expectExecutors;

    @Option(names = "--workloads", defaultValue = "throughput,accuracy,steps,gemm,memory,epoch", split = ",",
            paramLabel = "NAME[,NAME…]",
            description = "Workloads to run, of throughput, accuracy, steps, gemm, memory, epoch. Default: all.")
    private List<String> workloads = new ArrayList<>(WORKLOADS);

    @Option(names = "--mllib-accuracy-budget", defaultValue = "0", paramLabel = "SECONDS",
            description = "MLlib's training-time budget per solver in the accuracy workload, in seconds, to let"
                    + " MLlib's solvers run longer than Shardprop. Default: 0, the size's budget (120 s full,"
                    + " 4 s tiny), which Shardprop always uses.")
    private int mllibAccuracyBudget;

    @Option(names = "--output", defaultValue = "bench/target/mllib-comparison", paramLabel = "DIR",
            description = "Folder for mllib-comparison-LABEL.csv and .json. Default: ${DEFAULT-VALUE}.")
    private Path output = Path.of("bench/target/mllib-comparison");

    @Option(names = "--label", paramLabel = "LABEL",
            description = "Name of this run in the output file names. Default: local for local masters,"
                    + " standalone for spark:// masters.")
    private String label;

    @Option(names = "--conf", paramLabel = "KEY=VALUE",
            description = "A Spark property for the session, e.g. spark.jars=…; repeatable.")
    private Map<String, String> conf = new LinkedHashMap<>();

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit status: 0 done, 2 invalid arguments, 1 failure. */
    static int run(String... args) {
        return new CommandLine(new MllibComparison()).execute(args);
    }

    @Override
    public Integer call() throws Exception {
        Sizes sizes = parseSize();
        for (String workload : workloads) {
            if (!WORKLOADS.contains(workload)) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--workloads: unknown workload '"
                        + workload + "'; expected some of " + WORKLOADS);
            }
        }
        if (mllibAccuracyBudget < 0) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--mllib-accuracy-budget must be ≥ 1"
                    + " second, or 0 for the size's budget, got " + mllibAccuracyBudget);
        }
        if (!Files.isReadable(data.resolve(FashionMnist.TRAIN_IMAGES))) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--data: " + data
                    + " has no readable " + FashionMnist.TRAIN_IMAGES + "; install Fashion-MNIST"
                    + " (apt-get install dataset-fashion-mnist) or pass the folder that holds it");
        }
        String runLabel = label != null ? label : master.startsWith("local") ? "local" : "standalone";

        SparkSession spark = startSpark();
        try {
            JobTimeline timeline = JobTimeline.attach(spark.sparkContext());
            int cores = executorCores(spark);
            Map<String, String> machine = Machine.describe(spark.version(), master, cores);
            machine.put("size", sizes.name().toLowerCase(Locale.ROOT));
            LOG.info("Comparing Shardprop and MLlib: {}", machine);

            Comparison comparison = new Comparison(spark, timeline, sizes, new FashionMnist(spark, data), cores);
            if (mllibAccuracyBudget > 0) {
                comparison.mllibAccuracySeconds = mllibAccuracyBudget;
            }
            for (String workload : WORKLOADS) {
                if (workloads.contains(workload)) {
                    long start = System.nanoTime();
                    runWorkload(workload, comparison);
                    LOG.info("Workload {} took {} s", workload, Math.round((System.nanoTime() - start) / 1e9));
                }
            }
            machine.put("load average at end", Machine.loadAverage());

            List<Figure> figures = new ArrayList<>(comparison.figures());
            figures.sort(Comparator.comparing(Figure::workload));
            ResultTable table = new ResultTable(machine, figures);
            Files.createDirectories(output);
            Path csv = output.resolve("mllib-comparison-" + runLabel + ".csv");
            Path json = output.resolve("mllib-comparison-" + runLabel + ".json");
            table.writeCsv(csv);
            table.writeJson(json);
            table.print(System.out);
            System.out.println();
            System.out.println("Wrote " + csv + " and " + json);
            return 0;
        } finally {
            spark.stop();
        }
    }

    private static void runWorkload(String workload, Comparison comparison) {
        switch (workload) {
            case "throughput" -> ThroughputWorkload.run(comparison);
            case "accuracy" -> TimeToAccuracyWorkload.run(comparison);
            case "steps" -> StepOverheadWorkload.run(comparison);
            case "gemm" -> GemmWorkload.run(comparison);
            case "memory" -> MemoryWorkload.run(comparison);
            case "epoch" -> EpochWorkload.run(comparison);
            default -> throw new IllegalArgumentException("unknown workload " + workload);
        }
    }

    private Sizes parseSize() {
        try {
            return Sizes.valueOf(size.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--size must be full or tiny, got '"
                    + size + "'");
        }
    }

    private SparkSession startSpark() {
        SparkSession.Builder builder = SparkSession.builder()
                .master(master)
                .appName("shardprop-mllib-comparison")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.sql.shuffle.partitions", "4");
        // Kryo with Shardprop's registrations; unregistered classes stay allowed because MLlib ships its own.
        for (Map.Entry<String, String> setting : SparkDefaults.settings().entrySet()) {
            builder.config(setting.getKey(), setting.getValue());
        }
        builder.config("spark.kryo.registrationRequired", "false");
        for (Map.Entry<String, String> setting : conf.entrySet()) {
            builder.config(setting.getKey(), setting.getValue());
        }
        return builder.getOrCreate();
    }

    /** Returns the task slots of the session, after waiting for {@code --expect-executors} executors. */
    private int executorCores(SparkSession spark) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        // The status tracker lists the driver as an executor too.
        while (expectExecutors > 0 && spark.sparkContext().statusTracker().getExecutorInfos().length - 1
                < expectExecutors) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + (spark.sparkContext().statusTracker().getExecutorInfos()
                        .length - 1) + " of " + expectExecutors + " executors registered with " + master
                        + " within 120 s; check the workers' logs and that they offer enough memory and cores");
            }
            Thread.sleep(200);
        }
        return spark.sparkContext().defaultParallelism();
    }
}
