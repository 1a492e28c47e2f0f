package com.shardprop.spark.data;

import com.shardprop.core.InvalidInputException;

import java.util.Locale;

/** The training data file formats the loader reads. */
public enum DataFormat {
    /** Parquet with numeric columns, an array column, or a Spark ML vector column. */
    PARQUET,
    /** Delimited text with numeric columns, an optional header line in every file. */
    CSV,
    /** LIBSVM text: {@code label index:value …} with 1-based ascending indices. */
    LIBSVM,
    /** IDX images plus an IDX labels file (MNIST style), plain or gzip. */
    IDX;

    /**
     * Parses a format name as given to {@code --format} (case-insensitive).
     *
     * @throws InvalidInputException if the name is not a known format
     */
    public static DataFormat parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("Unknown data format '" + name + "'. Fix: pass --format with one of "
                    + "parquet, csv, libsvm, idx (or auto to choose by file extension).", e);
        }
    }

    /**
     * Chooses the format from a file name's extension ({@code .gz} is ignored): {@code .parquet},
     * {@code .csv}/{@code .tsv}, {@code .libsvm}/{@code .svm}, and IDX names containing
     * {@code idx1}/{@code idx3} or ending {@code -ubyte}.
     *
     * @return the format, or null if the name does not reveal one
     */
    public static DataFormat fromFileName(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        if (name.endsWith(".gz")) {
            name = name.substring(0, name.length() - 3);
        }
        if (name.endsWith(".parquet")) {
            return PARQUET;
        }
        if (name.endsWith(".csv") || name.endsWith(".tsv")) {
            return CSV;
        }
        if (name.endsWith(".libsvm") || name.endsWith(".svm")) {
            return LIBSVM;
        }
        if (name.contains("idx1") || name.contains("idx3") || name.endsWith("-ubyte") || name.endsWith(".idx")) {
            return IDX;
        }
        return null;
    }
}
