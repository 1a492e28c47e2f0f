package com.shardprop.spark.data;

import com.shardprop.core.InvalidInputException;
import com.shardprop.spark.cli.DataOptions;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads delimited text with numeric columns. With {@code --header} the first line of every file
 * names the columns and is skipped (each part file of a directory has its own header, which must
 * match the first file's); without it columns are named {@code _c0, _c1, …} as Spark names them.
 * Fields may be wrapped in double quotes ({@code ""} inside quotes is one quote); a quoted field
 * may not span lines.
 */
final class CsvFormat {

    private CsvFormat() {
    }

    static JavaRDD<DataBlock> read(JavaSparkContext sc, String path, List<FileStatus> files, DataOptions options,
                                   RowChecker checker) throws IOException {
        char delimiter = options.delimiter();
        String firstFile = files.get(0).getPath().toString();
        String firstLine = readFirstLine(sc, files.get(0).getPath());
        if (firstLine == null) {
            throw new InvalidInputException("CSV file " + firstFile + " is empty: expected "
                    + (options.header() ? "a header line and " : "") + "data rows. Fix: check the path.");
        }
        List<String> firstFields = split(firstLine, delimiter);
        List<String> columns = new ArrayList<>();
        for (int c = 0; c < firstFields.size(); c++) {
            columns.add(options.header() ? firstFields.get(c).trim() : "_c" + c);
        }
        ColumnSelection selection = ColumnSelection.of(columns, options, checker, "CSV file " + firstFile);
        String header = options.header() ? firstLine : null;
        return TextBlocks.read(sc, path, new Parser(header, delimiter, columns, selection, checker), checker);
    }

    private static String readFirstLine(JavaSparkContext sc, Path path) throws IOException {
        FileSystem fs = path.getFileSystem(sc.hadoopConfiguration());
        CompressionCodec codec = new CompressionCodecFactory(sc.hadoopConfiguration()).getCodec(path);
        try (InputStream raw = fs.open(path);
             InputStream in = codec == null ? raw : codec.createInputStream(raw);
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line = reader.readLine();
            return line == null ? null : stripCarriageReturn(line);
        }
    }

    private static String stripCarriageReturn(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    /**
     * Splits one line into fields at {@code delimiter}, honouring double-quoted fields.
     *
     * @throws IllegalArgumentException if a quoted field is not closed on the line
     */
    static List<String> split(String line, char delimiter) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == delimiter) {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("a quoted field is not closed before the end of the line");
        }
        fields.add(field.toString());
        return fields;
    }

    /** Parses CSV lines into rows; runs on executors. */
    private static final class Parser implements TextBlocks.LineParser {

        private static final long serialVersionUID = 1L;

        private final String header;
        private final char delimiter;
        private final List<String> columns;
        private final ColumnSelection selection;
        private final RowChecker checker;

        Parser(String header, char delimiter, List<String> columns, ColumnSelection selection, RowChecker checker) {
            this.header = header;
            this.delimiter = delimiter;
            this.columns = List.copyOf(columns);
            this.selection = selection;
            this.checker = checker;
        }

        @Override
        public void parse(String rawLine, boolean startOfFile, BlockBuilder out, TextLocation where) {
            String line = stripCarriageReturn(rawLine);
            if (startOfFile && header != null) {
                if (!line.equals(header)) {
                    throw new InvalidInputException("CSV header in " + where.describe() + " is '" + line
                            + "' but the first file's header is '" + header + "'. Fix: give every part file the same"
                            + " columns in the same order, or read the files separately.");
                }
                return;
            }
            if (line.isBlank()) {
                return;
            }
            List<String> fields;
            try {
                fields = split(line, delimiter);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("Malformed CSV line in " + where.describe() + ": " + e.getMessage()
                        + ". Fix: close the quote or remove the stray quote character.", e);
            }
            if (fields.size() != columns.size()) {
                throw new InvalidInputException("CSV line in " + where.describe() + " has " + fields.size()
                        + " fields, expected " + columns.size() + " (" + String.join(",", columns) + ")."
                        + " Fix: give every line the same number of fields; use --delimiter if it is not ','.");
            }
            // Without --header a header line reaches the parser as data, so its first name is a non-numeric value.
            String hint = header == null ? "; if this line is a header, read the file with --header" : "";
            int row = out.nextRow();
            int[] featureIndex = selection.featureIndex();
            double[] features = out.features();
            int base = row * checker.featureWidth();
            for (int f = 0; f < featureIndex.length; f++) {
                String column = columns.get(featureIndex[f]);
                double value = checker.parse(fields.get(featureIndex[f]), column, where, hint);
                checker.checkFeature(value, column, where);
                features[base + f] = value;
            }
            out.noteSourceWidth(featureIndex.length);
            int[] labelIndex = selection.labelIndex();
            double[] targets = out.targets();
            for (int t = 0; t < labelIndex.length; t++) {
                String column = columns.get(labelIndex[t]);
                double value = checker.parse(fields.get(labelIndex[t]), column, where, hint);
                targets[row * labelIndex.length + t] = checker.checkLabel(value, column, where);
            }
        }
    }
}
