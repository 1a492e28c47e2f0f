package com.shardprop.core;

import java.io.Serializable;

/**
 * Mergeable evaluation counts over a set of examples; every metric is derived from the sums, so
 * partitions evaluate independently and {@link #add} combines them exactly.
 *
 * <p>Decisions: softmax makes one decision per example (argmax of the probabilities, a k×k
 * confusion matrix over k classes). Sigmoid makes one decision per output unit (probability ≥ 0.5
 * means class 1) and counts all of them in one 2×2 confusion matrix, so multi-label metrics are
 * micro-averaged. Identity output has no decisions and a squared-error sum instead.
 * Confusion matrix rows are the true class, columns the predicted class.
 */
public final class EvaluationSum implements Serializable {

    private static final long serialVersionUID = 1L;

    private final Loss loss;
    private final int outputWidth;
    /** Classes of the confusion matrix: k for softmax, 2 for sigmoid, 0 for identity. */
    private final int classCount;
    private final long[] confusion;
    private long count;
    private double lossSum;
    private long decisions;
    private long correct;
    private double squaredErrorSum;
    private long squaredErrorTerms;

    /** Creates empty counts for the loss and output width of {@code spec}. */
    public EvaluationSum(NetworkSpec spec) {
        this(spec.loss(), spec.outputWidth());
    }

    public EvaluationSum(Loss loss, int outputWidth) {
        this.loss = loss;
        this.outputWidth = outputWidth;
        this.classCount = switch (loss) {
            case SOFTMAX_CROSS_ENTROPY -> outputWidth;
            case BINARY_CROSS_ENTROPY -> 2;
            case MEAN_SQUARED_ERROR -> 0;
        };
        this.confusion = new long[classCount * classCount];
    }

    /**
     * Rebuilds counts saved field by field, as checkpoints store them; {@code decisions} and
     * {@code correct} are derived from the confusion matrix.
     *
     * @param confusion         {@code [actual][predicted]}, k×k for softmax, 2×2 for sigmoid, 0×0 for identity; copied
     * @param squaredErrorTerms outputs summed into {@code squaredErrorSum} (identity output only)
     * @throws InvalidInputException if the matrix shape does not fit the loss or a count is negative
     */
    public static EvaluationSum fromCounts(Loss loss, int outputWidth, long count, double lossSum, long[][] confusion,
                                           double squaredErrorSum, long squaredErrorTerms) {
        EvaluationSum sum = new EvaluationSum(loss, outputWidth);
        if (count < 0 || squaredErrorTerms < 0 || confusion.length != sum.classCount) {
            throw new InvalidInputException("evaluation counts for " + loss + " need a " + sum.classCount + "×"
                    + sum.classCount + " confusion matrix and counts ≥ 0, got " + confusion.length
                    + " rows, count " + count + " and " + squaredErrorTerms + " squared-error terms");
        }
        for (int actual = 0; actual < sum.classCount; actual++) {
            if (confusion[actual].length != sum.classCount) {
                throw new InvalidInputException("confusion matrix row " + actual + " has " + confusion[actual].length
                        + " entries, expected " + sum.classCount);
            }
            for (int predicted = 0; predicted < sum.classCount; predicted++) {
                long cell = confusion[actual][predicted];
                if (cell < 0) {
                    throw new InvalidInputException("confusion matrix entry [" + actual + "][" + predicted
                            + "] is negative (" + cell + ")");
                }
                sum.confusion[actual * sum.classCount + predicted] = cell;
                sum.decisions += cell;
                if (actual == predicted) {
                    sum.correct += cell;
                }
            }
        }
        sum.count = count;
        sum.lossSum = lossSum;
        sum.squaredErrorSum = squaredErrorSum;
        sum.squaredErrorTerms = squaredErrorTerms;
        return sum;
    }

    /**
     * Adds a block of examples.
     *
     * @param outputs  m×outputWidth network outputs (probabilities or values); not modified
     * @param targets  m×targetWidth; not modified
     * @param lossSum  {@code Σ L} over the block
     */
    public void addBlock(double[] outputs, double[] targets, int rows, double lossSum) {
        this.count += rows;
        this.lossSum += lossSum;
        switch (loss) {
            case SOFTMAX_CROSS_ENTROPY:
                for (int r = 0; r < rows; r++) {
                    int base = r * outputWidth;
                    int predicted = 0;
                    for (int k = 1; k < outputWidth; k++) {
                        if (outputs[base + k] > outputs[base + predicted]) {
                            predicted = k;
                        }
                    }
                    record((int) targets[r], predicted);
                }
                break;
            case BINARY_CROSS_ENTROPY:
                for (int i = 0; i < rows * outputWidth; i++) {
                    record(targets[i] >= 0.5 ? 1 : 0, outputs[i] >= 0.5 ? 1 : 0);
                }
                break;
            case MEAN_SQUARED_ERROR:
                for (int i = 0; i < rows * outputWidth; i++) {
                    double difference = outputs[i] - targets[i];
                    squaredErrorSum += difference * difference;
                }
                squaredErrorTerms += (long) rows * outputWidth;
                break;
            default:
                throw new IllegalStateException("unknown loss " + loss);
        }
    }

    private void record(int actual, int predicted) {
        confusion[actual * classCount + predicted]++;
        decisions++;
        if (actual == predicted) {
            correct++;
        }
    }

    /** Adds {@code other}'s counts into this one and returns this. */
    public EvaluationSum add(EvaluationSum other) {
        if (other.loss != loss || other.outputWidth != outputWidth) {
            throw new IllegalArgumentException("cannot merge an evaluation of " + other.loss + " with width "
                    + other.outputWidth + " into one of " + loss + " with width " + outputWidth);
        }
        count += other.count;
        lossSum += other.lossSum;
        decisions += other.decisions;
        correct += other.correct;
        squaredErrorSum += other.squaredErrorSum;
        squaredErrorTerms += other.squaredErrorTerms;
        for (int i = 0; i < confusion.length; i++) {
            confusion[i] += other.confusion[i];
        }
        return this;
    }

    public Loss loss() {
        return loss;
    }

    /** Returns the number of examples. */
    public long count() {
        return count;
    }

    public double lossSum() {
        return lossSum;
    }

    /** Returns the number of correct decisions (see the class comment for what a decision is). */
    public long correct() {
        return correct;
    }

    /** Returns the number of decisions: examples for softmax, examples × outputs for sigmoid, 0 for identity. */
    public long decisions() {
        return decisions;
    }

    /** Returns the classes of the confusion matrix: k for softmax, 2 for sigmoid, 0 for identity. */
    public int classCount() {
        return classCount;
    }

    /** Returns the confusion matrix entry: decisions with true class {@code actual} predicted as {@code predicted}. */
    public long confusion(int actual, int predicted) {
        return confusion[actual * classCount + predicted];
    }

    /** Returns a copy of the confusion matrix, {@code [actual][predicted]}. */
    public long[][] confusionMatrix() {
        long[][] matrix = new long[classCount][classCount];
        for (int i = 0; i < classCount; i++) {
            System.arraycopy(confusion, i * classCount, matrix[i], 0, classCount);
        }
        return matrix;
    }

    public double squaredErrorSum() {
        return squaredErrorSum;
    }

    /** Returns the number of output values summed into {@link #squaredErrorSum()}: examples × outputs for identity output. */
    public long squaredErrorTerms() {
        return squaredErrorTerms;
    }

    /** Returns {@code correct / decisions}, NaN without decisions (always for identity output). */
    public double accuracy() {
        return decisions == 0 ? Double.NaN : (double) correct / decisions;
    }

    /** Returns {@code lossSum / count}, NaN over no examples. */
    public double meanLoss() {
        return count == 0 ? Double.NaN : lossSum / count;
    }

    /**
     * Returns {@code sqrt(Σ (ŷ − y)² / (examples × outputs))} for identity output.
     *
     * @throws IllegalStateException for classification losses, which record no squared error
     */
    public double rmse() {
        if (loss != Loss.MEAN_SQUARED_ERROR) {
            throw new IllegalStateException("RMSE is defined for identity output (mean squared error), not " + loss);
        }
        return squaredErrorTerms == 0 ? Double.NaN : Math.sqrt(squaredErrorSum / squaredErrorTerms);
    }

    /** Returns TP / (TP + FP) for class {@code c}, NaN if it was never predicted. */
    public double precision(int c) {
        checkClass(c);
        long predicted = 0;
        for (int actual = 0; actual < classCount; actual++) {
            predicted += confusion(actual, c);
        }
        return predicted == 0 ? Double.NaN : (double) confusion(c, c) / predicted;
    }

    /** Returns TP / (TP + FN) for class {@code c}, NaN if it never occurred. */
    public double recall(int c) {
        checkClass(c);
        long actual = 0;
        for (int predicted = 0; predicted < classCount; predicted++) {
            actual += confusion(c, predicted);
        }
        return actual == 0 ? Double.NaN : (double) confusion(c, c) / actual;
    }

    /** Returns the harmonic mean of precision and recall for class {@code c}; 0 when both are 0, NaN if either is undefined. */
    public double f1(int c) {
        double p = precision(c);
        double r = recall(c);
        if (Double.isNaN(p) || Double.isNaN(r)) {
            return Double.NaN;
        }
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    private void checkClass(int c) {
        if (c < 0 || c >= classCount) {
            throw new IllegalArgumentException("class must be in [0, " + classCount + "), got " + c
                    + (classCount == 0 ? " (identity output has no classes)" : ""));
        }
    }

    @Override
    public String toString() {
        if (loss == Loss.MEAN_SQUARED_ERROR) {
            return String.format(java.util.Locale.ROOT, "examples=%d loss=%.6f rmse=%.6f", count, meanLoss(), rmse());
        }
        return String.format(java.util.Locale.ROOT, "examples=%d loss=%.6f accuracy=%.4f", count, meanLoss(), accuracy());
    }
}
