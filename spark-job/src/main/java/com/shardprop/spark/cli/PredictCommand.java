package com.shardprop.spark.cli;

import com.shardprop.core.InvalidInputException;
import com.shardprop.core.Model;
import com.shardprop.core.Parameters;
import com.shardprop.spark.cli.SparkOptions.SparkRun;
import com.shardprop.spark.data.DataRole;
import com.shardprop.spark.data.LoadedData;
import com.shardprop.spark.data.TrainingDataLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code shardprop predict}: scores data with a saved model, distributed, and writes one Parquet row
 * per input row (columns in {@link ScoringTask}). The Parquet files go to a temporary folder next
 * to {@code --output}, which is renamed to {@code --output} once every task has succeeded.
 */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Scores data with a model file and writes the predictions and class probabilities as"
                + " Parquet.")
final class PredictCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(PredictCommand.class);

    @Spec
    private CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL",
            description = "Model file written by train --output (local path or Hadoop file system URI). Required.")
    private String modelPath;

    @Option(names = "--input", required = true, paramLabel = "PATH",
            description = "Data to score: a file, folder or glob, read with the data options below and the model's"
                    + " feature scaling. Labels are not read unless --keep-label. Required.")
    private String inputPath;

    @Option(names = "--output", required = true, paramLabel = "DIR",
            description = "Folder for the Parquet predictions (local path or Hadoop file system URI); an existing"
                    + " folder is replaced once the new predictions are complete. Required.")
    private String outputPath;

    @Option(names = "--keep-label", negatable = true, defaultValue = "false", fallbackValue = "true",
            description = "Read the labels too (checked as for evaluate) and copy them to a label column."
                    + " Default: ${DEFAULT-VALUE}.")
    private boolean keepLabel;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "0",
            description = "Partitions of the data, and so Parquet part files; 0 uses Spark's default parallelism."
                    + " Default: ${DEFAULT-VALUE}.")
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
        try (SparkRun run = sparkOptions.start("shardprop predict")) {
            SparkSession session = run.session();
            Configuration hadoop = session.sparkContext().hadoopConfiguration();
            Model model = ModelStore.load(modelPath, hadoop);
            checkOutputFolder(hadoop);
            int partitionCount = ScoringPartitions.resolve(partitions, session);
            LoadedData input = TrainingDataLoader.load(session, data, inputPath, model.spec(), partitionCount,
                    keepLabel ? DataRole.EVALUATION : DataRole.PREDICTION, model.featureScaling());
            try {
                write(session, model.parameters(), input, kernelName, hadoop);
            } finally {
                input.unpersist();
            }
            LOG.info("Wrote {} predictions of {} to {}", input.rowCount(), modelPath, outputPath);
            PrintWriter out = spec.commandLine().getOut();
            out.println("Predictions: " + input.rowCount() + " rows written to " + outputPath);
            out.flush();
        }
        return Main.EXIT_OK;
    }

    /** Scores every row into a temporary folder, then moves it to {@code --output}. */
    private void write(SparkSession session, Parameters parameters, LoadedData input, String kernelName,
            Configuration hadoop) throws IOException {
        long[] partitionRows = input.partitionRowCounts();
        long[] firstRowIds = new long[partitionRows.length];
        for (int p = 1; p < partitionRows.length; p++) {
            firstRowIds[p] = firstRowIds[p - 1] + partitionRows[p - 1];
        }
        Path target = new Path(outputPath);
        FileSystem fileSystem = target.getFileSystem(hadoop);
        Path qualified = fileSystem.makeQualified(target);
        Path temporary = new Path(qualified.getParent(), "." + qualified.getName() + ".tmp-" + UUID.randomUUID());

        JavaSparkContext context = JavaSparkContext.fromSparkContext(session.sparkContext());
        Broadcast<Parameters> broadcast = context.broadcast(parameters.copy());
        try {
            int labelWidth = input.targetWidth();
            StructType schema = ScoringTask.schema(parameters.spec(), labelWidth);
            JavaRDD<Row> rows = input.blocks().mapPartitionsWithIndex(
                    new ScoringTask(broadcast, firstRowIds, labelWidth, kernelName), true);
            session.createDataFrame(rows, schema).write().parquet(temporary.toString());
            replace(fileSystem, temporary, qualified);
        } catch (IOException | RuntimeException e) {
            if (fileSystem.exists(temporary) && !fileSystem.delete(temporary, true)) {
                LOG.warn("Failed to delete the temporary predictions folder {}; remove it by hand", temporary);
            }
            throw e;
        } finally {
            broadcast.destroy();
        }
    }

    /**
     * Moves the complete predictions to {@code target}. An existing folder is first renamed aside and
     * deleted only after the move, so a failed move leaves it in place.
     */
    private static void replace(FileSystem fileSystem, Path temporary, Path target) throws IOException {
        Path previous = null;
        if (fileSystem.exists(target)) {
            previous = new Path(target.getParent(), "." + target.getName() + ".old-" + UUID.randomUUID());
            if (!fileSystem.rename(target, previous)) {
                throw new IOException("Failed to move the previous predictions " + target + " aside to " + previous
                        + "; check that the folder is writable.");
            }
        }
        if (!fileSystem.rename(temporary, target)) {
            if (previous != null && !fileSystem.rename(previous, target)) {
                LOG.warn("Failed to restore the previous predictions from {} to {}", previous, target);
            }
            throw new IOException("Failed to rename " + temporary + " to " + target
                    + "; check that the parent folder is writable.");
        }
        if (previous != null && !fileSystem.delete(previous, true)) {
            LOG.warn("Failed to delete the previous predictions {}; remove it by hand", previous);
        }
    }

    /** Rejects an output path that is an existing file, before any work is done. */
    private void checkOutputFolder(Configuration hadoop) throws IOException {
        Path target = new Path(outputPath);
        FileSystem fileSystem = target.getFileSystem(hadoop);
        if (fileSystem.exists(target) && fileSystem.getFileStatus(target).isFile()) {
            throw new InvalidInputException("--output " + outputPath + " is a file; predictions are a folder of"
                    + " Parquet files. Fix: give a folder path.");
        }
    }
}
