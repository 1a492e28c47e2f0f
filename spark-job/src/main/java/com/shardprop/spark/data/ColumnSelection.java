package com.shardprop.spark.data;

import com.shardprop.core.InvalidInputException;
import com.shardprop.spark.cli.DataOptions;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The positions of the feature and label columns among a file's columns, resolved once on the
 * driver from {@code --features} and {@code --label} and checked against the model's widths.
 */
final class ColumnSelection implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int[] featureIndex;
    private final int[] labelIndex;

    private ColumnSelection(int[] featureIndex, int[] labelIndex) {
        this.featureIndex = featureIndex;
        this.labelIndex = labelIndex;
    }

    /**
     * Resolves the columns. Labels are required except for prediction, where they are left out of
     * the features if present. Without {@code --features} every non-label column is a feature.
     *
     * @param source the file or data set named in error messages
     * @throws InvalidInputException if a named column is missing or the widths do not fit the model
     */
    static ColumnSelection of(List<String> columns, DataOptions options, RowChecker checker, String source) {
        List<String> labels = options.labelColumns();
        boolean predicting = checker.role() == DataRole.PREDICTION;
        int[] labelIndex = new int[predicting ? 0 : labels.size()];
        for (int t = 0; t < labelIndex.length; t++) {
            labelIndex[t] = indexOf(columns, labels.get(t), "label", source);
        }
        if (!predicting && labelIndex.length != checker.targetWidth()) {
            throw new InvalidInputException(source + ": --label names " + labelIndex.length + " column(s) " + labels
                    + " but the output layer takes " + checker.targetWidth() + " target value(s) per row. Fix: name "
                    + checker.targetWidth() + " label column(s), or change the output layer in --layers.");
        }

        List<String> features = options.featureColumns();
        List<Integer> featureIndex = new ArrayList<>();
        if (features.isEmpty()) {
            for (int c = 0; c < columns.size(); c++) {
                if (!labels.contains(columns.get(c))) {
                    featureIndex.add(c);
                }
            }
        } else {
            for (String feature : features) {
                featureIndex.add(indexOf(columns, feature, "feature", source));
            }
        }
        int width = featureIndex.size();
        if (width != checker.featureWidth()) {
            throw new InvalidInputException(source + " has " + width + " feature columns, but the model's input layer"
                    + " has " + checker.featureWidth() + ". Fix: " + (checker.role() == DataRole.TRAINING
                    ? "set the input width (first number of --layers) to " + width + ", or choose columns with --features"
                    : "score data with the feature columns the model was trained on, chosen with --features") + ".");
        }
        return new ColumnSelection(featureIndex.stream().mapToInt(Integer::intValue).toArray(), labelIndex);
    }

    private static int indexOf(List<String> columns, String name, String role, String source) {
        int index = columns.indexOf(name);
        if (index < 0) {
            throw new InvalidInputException(source + " has no " + role + " column '" + name + "'; its columns are "
                    + columns + ". Fix: pass --" + (role.equals("label") ? "label" : "features")
                    + " with existing column names (headerless CSV columns are _c0, _c1, …; use --header if the file"
                    + " has a header line).");
        }
        return index;
    }

    /** Returns the column positions of the features, in input order. */
    int[] featureIndex() {
        return featureIndex;
    }

    /** Returns the column positions of the labels (empty for prediction). */
    int[] labelIndex() {
        return labelIndex;
    }
}
