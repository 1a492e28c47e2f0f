package com.shardprop.spark.data;

import com.shardprop.core.InvalidInputException;
import com.shardprop.core.Loss;
import com.shardprop.core.NetworkSpec;

import java.io.Serializable;

/**
 * Checks parsed values against the network they will feed, so every malformed row fails while the
 * data is packed, before any training step. Label rules follow the output layer: softmax takes a
 * class index 0…k−1 (an integer value in any numeric type or a numeric string), sigmoid a value in
 * [0, 1] per output, identity any finite value. Feature values must be finite.
 */
final class RowChecker implements Serializable {

    private static final long serialVersionUID = 1L;

    private final NetworkSpec spec;
    private final DataRole role;

    RowChecker(NetworkSpec spec, DataRole role) {
        this.spec = spec;
        this.role = role;
    }

    NetworkSpec spec() {
        return spec;
    }

    DataRole role() {
        return role;
    }

    /** Returns the number of target values per row: 0 for prediction input, else the spec's target width. */
    int targetWidth() {
        return role == DataRole.PREDICTION ? 0 : spec.targetWidth();
    }

    /** Returns the width rows are padded to: the model's input width. */
    int featureWidth() {
        return spec.inputWidth();
    }

    /**
     * Parses one text cell as a number.
     *
     * @throws InvalidInputException naming the location, column and cell if it is empty or not a number
     */
    double parse(String cell, String column, RowLocation where) {
        return parse(cell, column, where, "");
    }

    /**
     * Parses one text cell as a number.
     *
     * @param hint text appended to the fix of a non-numeric value, starting with "; " or empty
     * @throws InvalidInputException naming the location, column and cell if it is empty or not a number
     */
    double parse(String cell, String column, RowLocation where, String hint) {
        String text = cell == null ? "" : cell.trim();
        if (text.isEmpty()) {
            throw new InvalidInputException("Missing value in " + where.describe() + ", column " + column
                    + ": expected a number, found an empty cell. Fix: fill in or drop rows with missing values.");
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("Non-numeric value '" + text + "' in " + where.describe() + ", column "
                    + column + ": expected a number. Fix: remove or encode non-numeric values" + hint + ".", e);
        }
    }

    /**
     * Checks that a feature value is finite.
     *
     * @throws InvalidInputException naming the location, column and value otherwise
     */
    void checkFeature(double value, String column, RowLocation where) {
        if (!Double.isFinite(value)) {
            throw new InvalidInputException("Invalid feature value " + value + " in " + where.describe() + ", column "
                    + column + ": expected a finite number. Fix: remove or impute NaN and infinite values.");
        }
    }

    /**
     * Checks a label value against the output layer and returns it as a target value.
     *
     * @throws InvalidInputException naming the location, column, value and the accepted range
     */
    double checkLabel(double value, String column, RowLocation where) {
        Loss loss = spec.loss();
        if (loss == Loss.SOFTMAX_CROSS_ENTROPY) {
            int classes = spec.outputWidth();
            if (value != Math.rint(value) || value < 0 || value >= classes) {
                throw new InvalidInputException("Invalid label " + value + " in " + where.describe() + ", column "
                        + column + ": the softmax output layer has " + classes + " classes, so labels must be integers"
                        + " 0…" + (classes - 1) + ". " + classFix(classes - 1));
            }
        } else if (loss == Loss.BINARY_CROSS_ENTROPY) {
            if (!(value >= 0 && value <= 1)) {
                throw new InvalidInputException("Invalid label " + value + " in " + where.describe() + ", column "
                        + column + ": a sigmoid output takes targets in [0, 1]. Fix: map the labels to 0 and 1"
                        + " (e.g. −1 to 0).");
            }
        } else if (!Double.isFinite(value)) {
            throw new InvalidInputException("Invalid target " + value + " in " + where.describe() + ", column " + column
                    + ": expected a finite number. Fix: remove rows with NaN or infinite targets.");
        }
        return value;
    }

    /** Returns the fix for a label outside 0…{@code maxClass}: training sets the classes, scoring must match them. */
    private String classFix(int maxClass) {
        if (role == DataRole.TRAINING) {
            return "Fix: map the classes to 0…" + maxClass + ", or set the output layer width in --layers to the"
                    + " number of classes.";
        }
        return "This data does not match the model's classes. Fix: give data whose labels are the model's classes 0…"
                + maxClass + ", numbered as in the training data.";
    }

    /**
     * Checks that a row's width as read fits the model.
     *
     * @param width    columns of a dense row, or the largest index of a sparse row
     * @param paddable true for sparse rows, which may be narrower than the model when scoring
     * @throws InvalidInputException if the row is wider, or narrower where padding is not allowed
     */
    void checkWidth(int width, boolean paddable, RowLocation where, String hint) {
        int expected = spec.inputWidth();
        if (width > expected) {
            throw new InvalidInputException("Row in " + where.describe() + " has " + width + " features, wider than the"
                    + " model's input layer of " + expected + ". Fix: " + (role == DataRole.TRAINING
                    ? "set the input width (first number of --layers) to " + width
                    : "score data with the columns the model was trained on") + hint + ".");
        }
        if (width < expected && !paddable) {
            throw new InvalidInputException("Row in " + where.describe() + " has " + width + " features, but the"
                    + " model's input layer has " + expected + ". Fix: " + (role == DataRole.TRAINING
                    ? "set the input width (first number of --layers) to " + width
                    : "score data with the columns the model was trained on") + hint + ".");
        }
    }
}
