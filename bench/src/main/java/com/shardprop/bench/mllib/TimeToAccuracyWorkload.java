package com.shardprop.bench.mllib;

import com.shardprop.core.NetworkSpec;
import com.shardprop.spark.train.TrainingConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.ml.linalg.Vector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wall-clock training seconds until test accuracy first reaches each target, on the compared
 * network, within a budget of {@link Sizes#accuracySeconds} per Shardprop run and
 * {@code --mllib-accuracy-budget} per MLlib solver (the same by default).
 *
 * <p>Shardprop trains with every default of {@code shardprop train}
 * ({@link TrainingConfig#commandLineDefaults()}), on its recipe network (ReLU) and once on MLlib's
 * sigmoid network, and evaluates the test set after every epoch, so a time is an upper bound with
 * one-epoch granularity. Evaluation time is not counted.
 *
 * <p>MLlib has no per-iteration callback, so its accuracy is read between fits. {@code gd} continues
 * from the previous fit's weights ({@code initialWeights}) in chunks of iterations, which continues
 * the same constant-step descent; its time is the sum of the chunk fits and so also counts MLlib's
 * per-fit setup once per chunk. {@code l-bfgs} would lose its curvature history in a continued
 * fit, so each {@code l-bfgs} fit starts from scratch with twice the previous {@code maxIter}, and
 * its time is the wall time of the first fit that reached the target. The MLlib cell is the
 * better of the two solvers.
 */
final class TimeToAccuracyWorkload {

    static final String NAME = "2 time to accuracy";
    private static final Logger LOG = LoggerFactory.getLogger(TimeToAccuracyWorkload.class);

    private TimeToAccuracyWorkload() {
    }

    static void run(Comparison comparison) {
        int budget = comparison.mllibAccuracySeconds;
        List<Double> targets = Sizes.ACCURACY_TARGETS;
        double lastTarget = targets.get(targets.size() - 1);

        // Shardprop: seeded runs of the default recipe, then one run of its settings on MLlib's network.
        shardprop(comparison, NetworkSpec.parse(Sizes.RECIPE_LAYERS), comparison.sizes.accuracyRuns, "default recipe");
        shardprop(comparison, comparison.comparedSpec, 1, "compared network");

        // MLlib: the better of gd and l-bfgs per target.
        Attempt gd = gradientDescent(comparison, budget, lastTarget);
        Attempt lbfgs = lbfgs(comparison, budget, lastTarget);
        for (double target : targets) {
            String measure = "seconds to " + String.format(Locale.ROOT, "%.2f", target);
            Double gdSeconds = gd.reached.get(target);
            Double lbfgsSeconds = lbfgs.reached.get(target);
            String note = "gd " + describe(gdSeconds, gd) + ", l-bfgs " + describe(lbfgsSeconds, lbfgs) + "; one run";
            if (gdSeconds == null && lbfgsSeconds == null) {
                double tried = Math.max(gd.longestSeconds, lbfgs.longestSeconds);
                comparison.add(Figure.text(NAME, measure, Comparison.MLLIB, "s",
                        "not reached in " + Figure.format(tried) + " s", note));
            } else {
                double best = Math.min(gdSeconds == null ? Double.MAX_VALUE : gdSeconds,
                        lbfgsSeconds == null ? Double.MAX_VALUE : lbfgsSeconds);
                comparison.add(Figure.measured(NAME, measure, Comparison.MLLIB, "s", List.of(best), note));
            }
        }
    }

    /**
     * Trains {@code runs} seeded runs of the command line's defaults on {@code spec} (the default
     * epochs, so the cosine schedule is the command line's), and adds one figure per target.
     */
    private static void shardprop(Comparison comparison, NetworkSpec spec, int runs, String label) {
        int budget = comparison.sizes.accuracySeconds;
        List<Double> targets = Sizes.ACCURACY_TARGETS;
        double lastTarget = targets.get(targets.size() - 1);
        TrainingConfig defaults = TrainingConfig.commandLineDefaults().build();
        List<Map<Double, Double>> reachedPerRun = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            StepRecorder recorder = StepRecorder.untilEpoch(epoch -> epoch.accuracy >= lastTarget
                    || epoch.trainingSeconds >= budget);
            ShardpropRuns.train(comparison.training(), comparison.test().blocks(), spec,
                    TrainingConfig.commandLineDefaults().seed(run).build(), recorder);
            Map<Double, Double> reached = new LinkedHashMap<>();
            for (StepRecorder.EpochEnd epoch : recorder.epochs()) {
                for (double target : targets) {
                    if (epoch.accuracy >= target) {
                        reached.putIfAbsent(target, epoch.trainingSeconds);
                    }
                }
                LOG.info("Shardprop {} run {} epoch {}: test accuracy {} after {} s", label, run, epoch.epoch,
                        epoch.accuracy, epoch.trainingSeconds);
            }
            reachedPerRun.add(reached);
        }
        for (double target : targets) {
            List<Double> seconds = new ArrayList<>();
            for (Map<Double, Double> reached : reachedPerRun) {
                if (reached.containsKey(target)) {
                    seconds.add(reached.get(target));
                }
            }
            String measure = "seconds to " + String.format(Locale.ROOT, "%.2f", target) + ", " + label;
            String note = spec + ", " + ShardpropRuns.defaultOptimizer() + ", batch " + defaults.batchSize() + ", "
                    + defaults.epochs() + " epochs " + defaults.schedule() + ", " + defaults.precision().name()
                    .toLowerCase(Locale.ROOT) + "; reached in " + seconds.size() + " of " + runs + " runs; epoch granularity";
            comparison.add(seconds.isEmpty()
                    ? Figure.text(NAME, measure, Comparison.SHARDPROP, "s", "not reached in " + budget + " s", note)
                    : Figure.measured(NAME, measure, Comparison.SHARDPROP, "s", seconds, note));
        }
    }

    /** The targets one MLlib solver reached, with their seconds, and the longest training time it tried. */
    private static final class Attempt {
        final Map<Double, Double> reached = new LinkedHashMap<>();
        double longestSeconds;
    }

    private static String describe(Double seconds, Attempt attempt) {
        return seconds == null ? "not reached in " + Figure.format(attempt.longestSeconds) + " s"
                : Figure.format(seconds) + " s";
    }

    /** Runs MLlib gd in continued chunks until the last target or the budget. */
    private static Attempt gradientDescent(Comparison comparison, int budget, double lastTarget) {
        Attempt attempt = new Attempt();
        int chunk = comparison.sizes.mllibChunkIterations;
        double seconds = 0;
        int iterations = 0;
        Vector weights = null;
        while (seconds < budget) {
            MllibRuns.Fit fit = MllibRuns.fit(comparison.mllibTraining(), comparison.comparedSpec, MllibRuns.GD, chunk,
                    weights);
            seconds += fit.seconds;
            iterations += fit.iterations();
            weights = fit.model.weights();
            double accuracy = MllibRuns.accuracy(fit.model, comparison.mllibTest());
            LOG.info("MLlib gd: test accuracy {} after {} iterations, {} s", accuracy, iterations, seconds);
            record(attempt, accuracy, seconds);
            if (accuracy >= lastTarget || fit.iterations() < chunk) {
                break;
            }
        }
        return attempt;
    }

    /** Runs MLlib l-bfgs fits from scratch with doubling iteration limits. */
    private static Attempt lbfgs(Comparison comparison, int budget, double lastTarget) {
        Attempt attempt = new Attempt();
        int maxIter = comparison.sizes.mllibChunkIterations;
        while (true) {
            MllibRuns.Fit fit = MllibRuns.fit(comparison.mllibTraining(), comparison.comparedSpec, MllibRuns.LBFGS,
                    maxIter, null);
            double accuracy = MllibRuns.accuracy(fit.model, comparison.mllibTest());
            LOG.info("MLlib l-bfgs: test accuracy {} after {} iterations (maxIter {}), {} s", accuracy,
                    fit.iterations(), maxIter, fit.seconds);
            record(attempt, accuracy, fit.seconds);
            // The next fit runs about twice as long: stop when it would exceed the budget or L-BFGS converged.
            if (accuracy >= lastTarget || 2 * fit.seconds > budget || fit.iterations() < maxIter) {
                return attempt;
            }
            maxIter *= 2;
        }
    }

    private static void record(Attempt attempt, double accuracy, double seconds) {
        attempt.longestSeconds = Math.max(attempt.longestSeconds, seconds);
        for (double target : Sizes.ACCURACY_TARGETS) {
            if (accuracy >= target) {
                attempt.reached.putIfAbsent(target, seconds);
            }
        }
    }
}
