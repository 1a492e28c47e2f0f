package com.shardprop.spark.cli;

import com.shardprop.core.InvalidInputException;
import com.shardprop.spark.data.DataFormat;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The options that say how to read a data file, shared by {@code train}, {@code evaluate} and
 * {@code predict} as a picocli mixin. Serializable because readers capture it in task closures.
 */
public final class DataOptions implements Serializable {

    private static final long serialVersionUID = 1L;

    @Option(names = "--format", defaultValue = "auto", paramLabel = "FORMAT",
            description = "Data file format: parquet, csv, libsvm, idx, or auto to choose by file extension"
                    + " (.parquet, .csv, .libsvm/.svm, *-idx3-ubyte[.gz]). Default: ${DEFAULT-VALUE}.")
    private String format = "auto";

    @Option(names = "--label", defaultValue = "label", paramLabel = "COLUMN[,COLUMN…]", split = ",",
            description = "Label column(s) for Parquet and CSV: one column of class indices or target values, several"
                    + " columns (or one array column) when the output layer has several targets. Headerless CSV columns"
                    + " are named _c0, _c1, …. Default: ${DEFAULT-VALUE}.")
    private List<String> label = new ArrayList<>(List.of("label"));

    @Option(names = "--features", paramLabel = "COLUMN[,COLUMN…]", split = ",",
            description = "Feature columns for Parquet and CSV, in input order. One array<float|double> or Spark ML"
                    + " vector column may be named alone. Default: every column except the label(s).")
    private List<String> features = new ArrayList<>();

    @Option(names = "--header", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "CSV files start with a header line naming the columns; each file's header is skipped."
                    + " Use --no-header for headerless files. Default: ${DEFAULT-VALUE}.")
    private boolean header = true;

    @Option(names = "--delimiter", defaultValue = ",", paramLabel = "CHAR",
            description = "CSV field delimiter, one character (\\t for tab). Default: ${DEFAULT-VALUE}.")
    private String delimiter = ",";

    @Option(names = "--num-features", defaultValue = "0", paramLabel = "N",
            description = "LIBSVM feature count (the largest 1-based index allowed). 0 takes the largest index in the"
                    + " data. Default: ${DEFAULT-VALUE}.")
    private int numFeatures;

    @Option(names = "--labels-file", paramLabel = "PATH",
            description = "IDX labels file for an IDX images path. Default: the standard name next to the images"
                    + " file (train-images-idx3-ubyte.gz → train-labels-idx1-ubyte.gz).")
    private String labelsFile;

    @Option(names = "--standardize", negatable = true, defaultValue = "false", fallbackValue = "true",
            description = "Standardize each feature to mean 0 and standard deviation 1 using training-set statistics,"
                    + " stored in the model and applied to every data set it scores. Only for train: evaluate and"
                    + " predict apply the model's own scaling. Default: ${DEFAULT-VALUE}.")
    private boolean standardize;

    /**
     * Rejects {@code --standardize} and {@code --no-standardize} on a command that scores a saved model,
     * because the model file fixes the feature scaling and the option would be ignored.
     *
     * @throws InvalidInputException if either form was given on {@code command}'s command line
     */
    static void rejectStandardize(CommandSpec command) {
        if (command.commandLine().getParseResult().hasMatchedOption("--standardize")) {
            throw new InvalidInputException("--standardize is an option of train only: " + command.name()
                    + " applies the feature scaling stored in the model file. Fix: remove --standardize.");
        }
    }

    /** Returns the requested format, or null for {@code auto} (choose by extension). */
    public DataFormat format() {
        return "auto".equalsIgnoreCase(format.trim()) ? null : DataFormat.parse(format);
    }

    public List<String> labelColumns() {
        return List.copyOf(label);
    }

    public List<String> featureColumns() {
        return List.copyOf(features);
    }

    public boolean header() {
        return header;
    }

    /** Returns the delimiter character; {@code \t} stands for tab. */
    public char delimiter() {
        String text = "\\t".equals(delimiter) ? "\t" : delimiter;
        if (text.length() != 1) {
            throw new InvalidInputException("--delimiter must be one character, got '" + delimiter
                    + "'. Fix: pass e.g. --delimiter ';' or --delimiter '\\t'.");
        }
        return text.charAt(0);
    }

    public int numFeatures() {
        if (numFeatures < 0) {
            throw new InvalidInputException("--num-features must be ≥ 0, got " + numFeatures
                    + ". Fix: pass the feature count, or 0 to take the largest index in the data.");
        }
        return numFeatures;
    }

    /** Returns the explicit IDX labels path, or null to look for the standard name. */
    public String labelsFile() {
        return labelsFile;
    }

    public boolean standardize() {
        return standardize;
    }

    // Setters for programmatic use (tests, the trainer); each returns this.

    public DataOptions format(DataFormat value) {
        this.format = value == null ? "auto" : value.name().toLowerCase(Locale.ROOT);
        return this;
    }

    public DataOptions labelColumns(String... columns) {
        this.label = new ArrayList<>(List.of(columns));
        return this;
    }

    public DataOptions featureColumns(String... columns) {
        this.features = new ArrayList<>(List.of(columns));
        return this;
    }

    public DataOptions header(boolean value) {
        this.header = value;
        return this;
    }

    public DataOptions delimiter(char value) {
        this.delimiter = value == '\t' ? "\\t" : String.valueOf(value);
        return this;
    }

    public DataOptions numFeatures(int value) {
        this.numFeatures = value;
        return this;
    }

    public DataOptions labelsFile(String path) {
        this.labelsFile = path;
        return this;
    }

    public DataOptions standardize(boolean value) {
        this.standardize = value;
        return this;
    }
}
