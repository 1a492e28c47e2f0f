package com.shardprop.spark.data;

import com.shardprop.core.InvalidInputException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Reads LIBSVM text: one row per line, {@code label index:value index:value …}, indices 1-based and
 * strictly ascending; absent indices are 0. Rows become dense, padded with zeros to the model's
 * input width. Blank lines and text after {@code #} are ignored.
 */
final class LibsvmFormat {

    private LibsvmFormat() {
    }

    /**
     * @param numFeatures the declared feature count ({@code --num-features}), or 0 to accept any index
     *                    up to the model's input width
     */
    static JavaRDD<DataBlock> read(JavaSparkContext sc, String path, int numFeatures, RowChecker checker) {
        if (checker.targetWidth() > 1) {
            throw new InvalidInputException("LIBSVM rows have one label, but the output layer takes "
                    + checker.targetWidth() + " targets per row. Fix: use Parquet or CSV with one column per target.");
        }
        return TextBlocks.read(sc, path, new Parser(numFeatures, checker), checker);
    }

    /** Parses LIBSVM lines into rows; runs on executors. */
    private static final class Parser implements TextBlocks.LineParser {

        private static final long serialVersionUID = 1L;

        private final int numFeatures;
        private final RowChecker checker;

        Parser(int numFeatures, RowChecker checker) {
            this.numFeatures = numFeatures;
            this.checker = checker;
        }

        @Override
        public void parse(String rawLine, boolean startOfFile, BlockBuilder out, TextLocation where) {
            int comment = rawLine.indexOf('#');
            String line = (comment >= 0 ? rawLine.substring(0, comment) : rawLine).trim();
            if (line.isEmpty()) {
                return;
            }
            String[] tokens = line.split("\\s+");
            int row = out.nextRow();
            if (checker.targetWidth() == 1) {
                double label = checker.parse(tokens[0], "label (first token)", where);
                out.targets()[row] = checker.checkLabel(label, "label (first token)", where);
            }
            double[] features = out.features();
            int base = row * checker.featureWidth();
            int previous = 0;
            for (int t = 1; t < tokens.length; t++) {
                String token = tokens[t];
                int colon = token.indexOf(':');
                if (colon <= 0 || colon == token.length() - 1) {
                    throw malformed(token, t, where, "expected index:value");
                }
                int index;
                try {
                    index = Integer.parseInt(token.substring(0, colon));
                } catch (NumberFormatException e) {
                    throw malformed(token, t, where, "the index is not an integer");
                }
                if (index < 1) {
                    throw new InvalidInputException("Invalid LIBSVM index " + index + " in " + where.describe()
                            + ", token '" + token + "': indices are 1-based. Fix: add 1 to every index if the file uses"
                            + " 0-based indices.");
                }
                if (index <= previous) {
                    throw new InvalidInputException("LIBSVM index " + index + " in " + where.describe() + ", token '"
                            + token + "', " + (index == previous ? "repeats" : "follows the larger") + " index "
                            + previous + ": indices must be strictly ascending without duplicates. Fix: sort each"
                            + " line's index:value pairs by index and merge duplicates.");
                }
                if (numFeatures > 0 && index > numFeatures) {
                    throw new InvalidInputException("LIBSVM index " + index + " in " + where.describe()
                            + " exceeds --num-features " + numFeatures + ". Fix: raise --num-features or remove the"
                            + " feature.");
                }
                checker.checkWidth(index, true, where, ", or drop features above index " + checker.featureWidth());
                String column = "index " + index;
                double value = checker.parse(token.substring(colon + 1), column, where);
                checker.checkFeature(value, column, where);
                features[base + index - 1] = value;
                previous = index;
            }
            out.noteSourceWidth(previous);
        }

        private static InvalidInputException malformed(String token, int position, TextLocation where, String problem) {
            return new InvalidInputException("Malformed LIBSVM token '" + token + "' (token " + (position + 1) + ") in "
                    + where.describe() + ": " + problem + ". Fix: write each feature as index:value, e.g. 3:0.5,"
                    + " separated by spaces.");
        }
    }
}
