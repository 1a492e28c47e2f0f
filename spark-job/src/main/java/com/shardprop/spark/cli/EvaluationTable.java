package com.shardprop.spark.cli;

import com.shardprop.core.EvaluationSum;
import com.shardprop.core.Loss;
import java.util.Locale;

/**
 * Formats evaluation counts as plain-text tables for a terminal: the summary line, per-class
 * precision, recall, F1 and support, and the confusion matrix (rows = true class, columns =
 * predicted class). Regression (identity output) gets loss and RMSE only. An undefined ratio,
 * such as the precision of a class never predicted, prints as {@code -}.
 */
final class EvaluationTable {

    private EvaluationTable() {
    }

    static String format(EvaluationSum sum) {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "Examples  %d%n", sum.count()));
        text.append(String.format(Locale.ROOT, "Loss      %.4f%n", sum.meanLoss()));
        if (sum.loss() == Loss.MEAN_SQUARED_ERROR) {
            text.append(String.format(Locale.ROOT, "RMSE      %.4f%n", sum.rmse()));
            return text.toString();
        }
        text.append(String.format(Locale.ROOT, "Accuracy  %.4f", sum.accuracy()));
        if (sum.loss() == Loss.BINARY_CROSS_ENTROPY) {
            // Sigmoid outputs each make a decision, so the counts below are decisions, not examples.
            text.append(String.format(Locale.ROOT, "  (over %d output decisions)", sum.decisions()));
        }
        text.append(String.format("%n%n"));
        appendClassMetrics(text, sum);
        text.append(String.format("%n"));
        appendConfusionMatrix(text, sum);
        return text.toString();
    }

    private static void appendClassMetrics(StringBuilder text, EvaluationSum sum) {
        text.append(String.format(Locale.ROOT, "%-6s %9s %9s %9s %9s%n", "class", "precision", "recall", "f1",
                "support"));
        long[][] confusion = sum.confusionMatrix();
        for (int c = 0; c < sum.classCount(); c++) {
            long support = 0;
            for (long count : confusion[c]) {
                support += count;
            }
            text.append(String.format(Locale.ROOT, "%-6d %9s %9s %9s %9d%n", c, ratio(sum.precision(c)),
                    ratio(sum.recall(c)), ratio(sum.f1(c)), support));
        }
    }

    private static void appendConfusionMatrix(StringBuilder text, EvaluationSum sum) {
        long[][] confusion = sum.confusionMatrix();
        int width = 5;
        for (long[] row : confusion) {
            for (long count : row) {
                width = Math.max(width, Long.toString(count).length());
            }
        }
        text.append("Confusion matrix (rows: true class, columns: predicted class)").append(String.format("%n"));
        text.append(String.format("%-6s", "true"));
        for (int predicted = 0; predicted < confusion.length; predicted++) {
            text.append(' ').append(pad(Integer.toString(predicted), width));
        }
        text.append(String.format("%n"));
        for (int actual = 0; actual < confusion.length; actual++) {
            text.append(String.format("%-6d", actual));
            for (long count : confusion[actual]) {
                text.append(' ').append(pad(Long.toString(count), width));
            }
            text.append(String.format("%n"));
        }
    }

    private static String ratio(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.4f", value) : "-";
    }

    private static String pad(String value, int width) {
        return " ".repeat(Math.max(0, width - value.length())) + value;
    }
}
