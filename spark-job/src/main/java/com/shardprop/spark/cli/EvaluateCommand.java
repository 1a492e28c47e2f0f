package com.shardprop.spark.cli;

import com.shardprop.core.EvaluationSum;
import com.shardprop.core.Model;
import com.shardprop.spark.cli.SparkOptions.SparkRun;
import com.shardprop.spark.data.DataRole;
import com.shardprop.spark.data.LoadedData;
import com.shardprop.spark.data.TrainingDataLoader;
import com.shardprop.spark.train.DistributedEvaluation;
import com.shardprop.spark.train.Metrics;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code shardprop evaluate}: scores a saved model on labelled data, distributed, and prints
 * accuracy, per-class precision, recall and F1 and the confusion matrix (loss and RMSE for
 * regression) to standard output.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Evaluates a model file on labelled data and prints its metrics as a table.")
final class EvaluateCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(EvaluateCommand.class);

    @Spec
    private CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL",
            description = "Model file written by train --output (local path or Hadoop file system URI). Required.")
    private String modelPath;

    @Option(names = "--test", required = true, paramLabel = "PATH",
            description = "Labelled data to evaluate: a file, folder or glob; read with the data options below and"
                    + " the model's feature scaling. Required.")
    private String testPath;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "0",
            description = "Partitions of the data; 0 uses Spark's default parallelism. Default: ${DEFAULT-VALUE}.")
    private int partitions;

    @Mixin
    private DataOptions data;

    @Mixin
    private KernelOption kernel;

    @Mixin
    private SparkOptions sparkOptions;

    @Override
    public Integer call() throws IOException {
        DataOptions.rejectStandardize(spec);
        ScoringPartitions.check(partitions);
        String kernelName = kernel.validatedName();
        try (SparkRun run = sparkOptions.start("shardprop evaluate")) {
            SparkSession session = run.session();
            Model model = ModelStore.load(modelPath, session.sparkContext().hadoopConfiguration());
            int partitionCount = ScoringPartitions.resolve(partitions, session);
            LoadedData test = TrainingDataLoader.load(session, data, testPath, model.spec(), partitionCount,
                    DataRole.EVALUATION, model.featureScaling());
            try {
                EvaluationSum sum = DistributedEvaluation.evaluate(test.blocks(), model.parameters(), 0, kernelName);
                LOG.info("Evaluated {} on {}: {}", modelPath, test.description(), Metrics.summarize(sum));
                PrintWriter out = spec.commandLine().getOut();
                out.println("Model " + modelPath + " (" + model.spec() + ") on " + test.description());
                out.println();
                out.print(EvaluationTable.format(sum));
                out.flush();
            } finally {
                test.unpersist();
            }
        }
        return Main.EXIT_OK;
    }
}
