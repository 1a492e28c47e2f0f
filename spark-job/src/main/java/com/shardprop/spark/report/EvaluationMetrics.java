package com.shardprop.spark.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.shardprop.core.EvaluationSum;
import com.shardprop.core.Loss;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Metrics of a model on one data set (validation or test), as recorded in the run record.
 *
 * <p>Classification runs (softmax or sigmoid output) set {@code accuracy}, {@code classes} and
 * {@code confusionMatrix} and leave {@code rmse} null. Regression runs (identity output, mean
 * squared error) set {@code rmse} and leave the classification fields null.
 *
 * @param examples examples evaluated
 * @param loss mean loss per example, the same loss the run trains on
 * @param accuracy fraction of examples whose predicted class is the true class
 * @param rmse root mean squared error over all outputs
 * @param classes per-class precision, recall and F1, ordered by class index
 * @param confusionMatrix k×k counts, row = true class, column = predicted class
 */
public record EvaluationMetrics(
        @JsonProperty("examples") long examples,
        @JsonProperty("loss") Double loss,
        @JsonProperty("accuracy") Double accuracy,
        @JsonProperty("rmse") Double rmse,
        @JsonProperty("classes") List<ClassMetrics> classes,
        @JsonProperty("confusion_matrix") long[][] confusionMatrix) {

    /** Copies the lists and the matrix so that the record stays immutable. */
    public EvaluationMetrics {
        classes = classes == null ? null : List.copyOf(classes);
        confusionMatrix = confusionMatrix == null ? null : deepCopy(confusionMatrix);
    }

    /**
     * Converts the merged evaluation sums of a data set. Values that are not finite numbers (NaN
     * precision of a class never predicted, say) become null.
     *
     * <p>For sigmoid output every output unit makes one decision, so accuracy, the 2×2 confusion
     * matrix and the per-class support count decisions, not examples (see {@link EvaluationSum}).
     */
    public static EvaluationMetrics from(EvaluationSum sum) {
        Double loss = finiteOrNull(sum.meanLoss());
        if (sum.loss() == Loss.MEAN_SQUARED_ERROR) {
            return new EvaluationMetrics(sum.count(), loss, null, finiteOrNull(sum.rmse()), null, null);
        }
        long[][] confusion = sum.confusionMatrix();
        List<ClassMetrics> classes = new ArrayList<>();
        for (int c = 0; c < sum.classCount(); c++) {
            long support = 0;
            for (long count : confusion[c]) {
                support += count;
            }
            classes.add(new ClassMetrics(c, finiteOrNull(sum.precision(c)), finiteOrNull(sum.recall(c)),
                    finiteOrNull(sum.f1(c)), support));
        }
        return new EvaluationMetrics(sum.count(), loss, finiteOrNull(sum.accuracy()), null, classes, confusion);
    }

    /** Number of classes, or 0 for a regression run. */
    public int classCount() {
        return confusionMatrix == null ? 0 : confusionMatrix.length;
    }

    @Override
    public long[][] confusionMatrix() {
        return confusionMatrix == null ? null : deepCopy(confusionMatrix);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EvaluationMetrics that
                && examples == that.examples
                && Objects.equals(loss, that.loss)
                && Objects.equals(accuracy, that.accuracy)
                && Objects.equals(rmse, that.rmse)
                && Objects.equals(classes, that.classes)
                && Arrays.deepEquals(confusionMatrix, that.confusionMatrix);
    }

    @Override
    public int hashCode() {
        return Objects.hash(examples, loss, accuracy, rmse, classes)
                * 31 + Arrays.deepHashCode(confusionMatrix);
    }

    @Override
    public String toString() {
        return "EvaluationMetrics[examples=" + examples + ", loss=" + loss + ", accuracy=" + accuracy
                + ", rmse=" + rmse + ", classes=" + classes
                + ", confusionMatrix=" + Arrays.deepToString(confusionMatrix) + "]";
    }

    /** Returns {@code value}, or null when it is NaN or infinite (JSON has no such numbers). */
    static Double finiteOrNull(double value) {
        return Double.isFinite(value) ? value : null;
    }

    private static long[][] deepCopy(long[][] matrix) {
        long[][] copy = new long[matrix.length][];
        for (int row = 0; row < matrix.length; row++) {
            copy[row] = matrix[row].clone();
        }
        return copy;
    }
}
