package com.shardprop.bench.mllib;

import com.shardprop.core.NetworkSpec;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Fits Spark MLlib's {@code MultilayerPerceptronClassifier} with its defaults except the settings
 * named here, and measures the fit's wall-clock time and test accuracy.
 *
 * <p>MLlib's defaults (Spark 4.2.0): block size 128, tolerance 1e-6, step size 0.03 for {@code gd};
 * hidden layers are sigmoid and the output is softmax. Its {@code gd} solver is full-batch gradient
 * descent with a constant step (MLlib's {@code ANNUpdater}), so a fit started from the weights of
 * an earlier fit continues the same descent. {@code l-bfgs} keeps a curvature history that a new
 * fit does not inherit.
 */
final class MllibRuns {

    static final String GD = "gd";
    static final String LBFGS = "l-bfgs";

    /** MLlib's own seed for the initial weights; any fixed value makes runs repeatable. */
    private static final long SEED = 1;

    private MllibRuns() {
    }

    /** The model of one fit and its wall-clock time. */
    static final class Fit {
        final MultilayerPerceptronClassificationModel model;
        final double seconds;

        Fit(MultilayerPerceptronClassificationModel model, double seconds) {
            this.model = model;
            this.seconds = seconds;
        }

        /** Returns the iterations the optimizer ran (the objective history holds the initial loss too). */
        int iterations() {
            return Math.max(0, model.summary().objectiveHistory().length - 1);
        }
    }

    /**
     * Fits a classifier for {@code spec}'s layer widths on {@code training}.
     *
     * @param initialWeights weights to start from, or null to draw them from MLlib's seeded initializer
     */
    static Fit fit(Dataset<Row> training, NetworkSpec spec, String solver, int maxIter, Vector initialWeights) {
        MultilayerPerceptronClassifier classifier = new MultilayerPerceptronClassifier()
                .setLayers(layerWidths(spec))
                .setSolver(solver)
                .setMaxIter(maxIter)
                .setSeed(SEED);
        if (initialWeights != null) {
            classifier.setInitialWeights(initialWeights);
        }
        long start = System.nanoTime();
        MultilayerPerceptronClassificationModel model = classifier.fit(training);
        return new Fit(model, (System.nanoTime() - start) / 1e9);
    }

    /** Returns the fraction of {@code test} rows whose predicted class is the label. */
    static double accuracy(MultilayerPerceptronClassificationModel model, Dataset<Row> test) {
        return new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(model.transform(test));
    }

    /** Returns the layer widths MLlib takes: input, hidden layers, classes. */
    static int[] layerWidths(NetworkSpec spec) {
        int[] widths = new int[spec.layerCount() + 1];
        widths[0] = spec.inputWidth();
        for (int l = 0; l < spec.layerCount(); l++) {
            widths[l + 1] = spec.layer(l).width();
        }
        return widths;
    }
}
