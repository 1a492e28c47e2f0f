package com.shardprop.spark.data;

import com.shardprop.core.FeatureScaling;
import com.shardprop.core.InvalidInputException;
import com.shardprop.core.Loss;
import com.shardprop.core.NetworkSpec;
import com.shardprop.spark.cli.DataOptions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Loads a data set into persisted dense blocks, one per partition, checked against the network it
 * will feed. Executors read and pack the data (Parquet and CSV through Spark SQL or Hadoop's text
 * input, LIBSVM, IDX); the driver reads only file listings, headers and per-partition counts. Every
 * malformed row raises {@link InvalidInputException} from this call, before any training step.
 */
public final class TrainingDataLoader {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingDataLoader.class);

    private TrainingDataLoader() {
    }

    /**
     * Loads training data; with {@code --standardize} fits a {@link FeatureScaling} on it
     * (distributed) and applies it, and {@link LoadedData#scaling()} returns it for the model.
     *
     * @param partitions the partition count to produce, or ≤ 0 to keep the input's partitioning
     * @throws InvalidInputException for a missing path, an unreadable format, no rows, or any bad row
     */
    public static LoadedData load(SparkSession spark, DataOptions options, String path, NetworkSpec spec,
                                  int partitions) {
        return load(spark, options, path, spec, partitions, DataRole.TRAINING, null);
    }

    /**
     * Loads data for a role. For {@link DataRole#TRAINING} with {@code --standardize} the scaling is
     * fitted here and {@code scaling} must be null; for evaluation and prediction pass the model's
     * scaling (or null) and it is applied to every row.
     *
     * @throws InvalidInputException for a missing path, an unreadable format, no rows, or any bad row
     */
    public static LoadedData load(SparkSession spark, DataOptions options, String path, NetworkSpec spec,
                                  int partitions, DataRole role, FeatureScaling scaling) {
        if (scaling != null && scaling.width() != spec.inputWidth()) {
            throw new IllegalArgumentException("feature scaling of width " + scaling.width() + " does not fit input width "
                    + spec.inputWidth());
        }
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        RowChecker checker = new RowChecker(spec, role);
        List<FileStatus> files = listDataFiles(path, sc.hadoopConfiguration());
        DataFormat format = chooseFormat(options, path, files);
        LOG.info("Reading {} data from {} ({} file(s)) for {}", format.name().toLowerCase(Locale.ROOT), path,
                files.size(), role.name().toLowerCase(Locale.ROOT));

        JavaRDD<DataBlock> raw = surfaceInputErrors(() -> read(spark, sc, format, path, files, options, checker,
                partitions));
        JavaRDD<DataBlock> blocks = raw;
        long[] counts = null;
        if (partitions > 0 && raw.getNumPartitions() != partitions) {
            long[][] summaries = summarize(raw, checker);
            counts = rowCounts(summaries);
            checkTotals(summaries, options, format, path, checker);
            blocks = BlockRebalancer.rebalance(raw, counts, partitions, checker.featureWidth(), checker.targetWidth());
        }

        FeatureScaling applied = scaling;
        if (role == DataRole.TRAINING && options.standardize()) {
            if (counts == null) {
                long[][] summaries = summarize(blocks, checker);
                counts = rowCounts(summaries);
                checkTotals(summaries, options, format, path, checker);
            }
            applied = FeatureStatistics.fit(blocks, checker.featureWidth());
        }
        if (applied != null) {
            FeatureScaling transform = applied;
            blocks = blocks.map(block -> FeatureStatistics.scaled(block, transform));
        }

        blocks.persist(StorageLevel.MEMORY_AND_DISK());
        long[][] summaries = summarize(blocks, checker);
        checkTotals(summaries, options, format, path, checker);
        counts = rowCounts(summaries);
        String description = String.format(Locale.ROOT, "%s %s: %d rows × %d features, %d partitions%s",
                format.name().toLowerCase(Locale.ROOT), path, Arrays.stream(counts).sum(), checker.featureWidth(),
                counts.length, applied == null ? "" : ", standardized");
        LOG.info("Loaded {}", description);
        return new LoadedData(blocks, counts, checker.featureWidth(), checker.targetWidth(), applied, description);
    }

    private static JavaRDD<DataBlock> read(SparkSession spark, JavaSparkContext sc, DataFormat format, String path,
                                           List<FileStatus> files, DataOptions options, RowChecker checker,
                                           int partitions) {
        try {
            return switch (format) {
                case PARQUET -> ParquetFormat.read(spark, path, options, checker);
                case CSV -> CsvFormat.read(sc, path, files, options, checker);
                case LIBSVM -> LibsvmFormat.read(sc, path, options.numFeatures(), checker);
                case IDX -> {
                    if (files.size() != 1) {
                        throw new InvalidInputException("IDX input " + path + " names " + files.size() + " files;"
                                + " expected one images file. Fix: pass the images file itself, e.g."
                                + " …/train-images-idx3-ubyte.gz.");
                    }
                    yield IdxFormat.read(sc, files.get(0).getPath(), options.labelsFile(),
                            partitions > 0 ? partitions : sc.defaultParallelism(), checker);
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException("Reading " + path + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Runs one job returning, per partition in order, {@code [rows, sourceWidth, count of class 0, …]}
     * (class counts only for softmax training data). This job parses and validates every row.
     */
    private static long[][] summarize(JavaRDD<DataBlock> blocks, RowChecker checker) {
        int classes = checker.role() == DataRole.TRAINING && checker.spec().loss() == Loss.SOFTMAX_CROSS_ENTROPY
                ? checker.spec().outputWidth() : 0;
        return surfaceInputErrors(() -> blocks.map(block -> {
            long[] summary = new long[2 + classes];
            summary[0] = block.rows();
            summary[1] = block.sourceWidth();
            for (int r = 0; r < block.rows() && classes > 0; r++) {
                summary[2 + (int) block.targets()[r]]++;
            }
            return summary;
        }).collect()).toArray(long[][]::new);
    }

    private static long[] rowCounts(long[][] summaries) {
        return Arrays.stream(summaries).mapToLong(summary -> summary[0]).toArray();
    }

    /** Checks what only the whole data set shows: row count, LIBSVM width, classes present. */
    private static void checkTotals(long[][] summaries, DataOptions options, DataFormat format, String path,
                                    RowChecker checker) {
        long rows = Arrays.stream(summaries).mapToLong(summary -> summary[0]).sum();
        if (rows == 0) {
            throw new InvalidInputException("No data rows in " + path + " (" + format.name().toLowerCase(Locale.ROOT)
                    + "): expected at least one row. Fix: check the path, and for CSV files with only a header line"
                    + " check the files' contents.");
        }
        int inputWidth = checker.featureWidth();
        if (format == DataFormat.LIBSVM && checker.role() == DataRole.TRAINING) {
            long width = options.numFeatures() > 0 ? options.numFeatures()
                    : Arrays.stream(summaries).mapToLong(summary -> summary[1]).max().orElse(0);
            if (width != inputWidth) {
                throw new InvalidInputException("LIBSVM data " + path + " has " + width + " features ("
                        + (options.numFeatures() > 0 ? "--num-features" : "the largest index") + "), but the model's"
                        + " input layer has " + inputWidth + ". Fix: set the input width (first number of --layers) to "
                        + width + (options.numFeatures() > 0 ? "" : ", or pass --num-features " + inputWidth
                        + " if the trailing features are all zero") + ".");
            }
        }
        if (format == DataFormat.LIBSVM && options.numFeatures() > inputWidth) {
            throw new InvalidInputException("--num-features " + options.numFeatures() + " is wider than the model's"
                    + " input layer of " + inputWidth + ". Fix: score data with the features the model was trained on.");
        }
        int classes = summaries[0].length - 2;
        if (classes > 0) {
            List<Integer> absent = new ArrayList<>();
            for (int k = 0; k < classes; k++) {
                long count = 0;
                for (long[] summary : summaries) {
                    count += summary[2 + k];
                }
                if (count == 0) {
                    absent.add(k);
                }
            }
            if (!absent.isEmpty()) {
                throw new InvalidInputException("Training data " + path + " has no rows of class(es) " + absent
                        + ", but the softmax output layer has " + classes + " classes, so the data has "
                        + (classes - absent.size()) + " classes. Fix: set the output layer width in --layers to the"
                        + " number of classes and number them 0…k−1.");
            }
        }
    }

    /** Lists the data files a path names: the file itself, or the visible files of a directory or glob. */
    private static List<FileStatus> listDataFiles(String path, Configuration conf) {
        try {
            Path pattern = new Path(path);
            FileSystem fs = pattern.getFileSystem(conf);
            FileStatus[] matches = fs.globStatus(pattern);
            if (matches == null || matches.length == 0) {
                throw new InvalidInputException("Data path " + path + " was not found. Fix: check the path (local"
                        + " paths and URIs such as hdfs://host/dir work).");
            }
            List<FileStatus> files = new ArrayList<>();
            for (FileStatus match : matches) {
                if (match.isDirectory()) {
                    for (FileStatus child : fs.listStatus(match.getPath())) {
                        String name = child.getPath().getName();
                        if (child.isFile() && !name.startsWith("_") && !name.startsWith(".")) {
                            files.add(child);
                        }
                    }
                } else {
                    files.add(match);
                }
            }
            if (files.isEmpty()) {
                throw new InvalidInputException("Data path " + path + " contains no data files. Fix: check the path.");
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("Listing " + path + " failed: " + e.getMessage(), e);
        }
    }

    private static DataFormat chooseFormat(DataOptions options, String path, List<FileStatus> files) {
        DataFormat requested = options.format();
        if (requested != null) {
            return requested;
        }
        DataFormat byPath = DataFormat.fromFileName(new Path(path).getName());
        if (byPath != null) {
            return byPath;
        }
        DataFormat byFile = DataFormat.fromFileName(files.get(0).getPath().getName());
        if (byFile != null) {
            return byFile;
        }
        throw new InvalidInputException("Cannot tell the format of " + path + " from its name (" + files.get(0)
                .getPath().getName() + "). Fix: pass --format parquet, csv, libsvm or idx.");
    }

    /**
     * Runs Spark work and rethrows an {@link InvalidInputException} found in the failure's cause
     * chain, because Spark delivers task errors wrapped in a SparkException.
     */
    static <T> T surfaceInputErrors(Supplier<T> work) {
        try {
            return work.get();
        } catch (Exception e) {
            // SparkException is checked, but Spark's Scala code throws it through Java signatures that do not declare it.
            InvalidInputException invalid = InvalidInputException.findIn(e).orElse(null);
            if (invalid != null) {
                throw invalid;
            }
            if (isUnreadableFormat(e)) {
                throw new InvalidInputException("Cannot read the data: " + e.getMessage() + ". Fix: check that the"
                        + " files are in the format given by --format (or by their extension).", e);
            }
            throw TrainingDataLoader.<RuntimeException>rethrow(e);
        }
    }

    /** Returns true if Spark failed because a file is not in the format it was read as. */
    private static boolean isUnreadableFormat(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            String message = String.valueOf(cause.getMessage());
            if (cause.getClass().getName().endsWith("AnalysisException") || message.contains("FAILED_READ_FILE")
                    || message.contains("is not a Parquet file")) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    /** Rethrows any exception unchanged, checked or not, so callers see Spark's own exception type. */
    @SuppressWarnings("unchecked")
    private static <E extends Exception> E rethrow(Exception e) throws E {
        throw (E) e;
    }
}
