package com.shardprop.core;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Single-process mini-batch training over in-memory arrays: the oracle that the Spark trainer
 * is tested against, and a way to train with {@code core} alone.
 *
 * <p>Step semantics, exactly:
 * <ol>
 *   <li>Epoch e (from 0) visits the rows in the order {@link #epochOrder}(seed, e, N): a
 *       Fisher–Yates shuffle driven by {@code Seeds.derive(seed, SHUFFLE_SALT, e)}.</li>
 *   <li>Batch k of the epoch is {@code order[k·B, min((k+1)·B, N))}; the last batch may be
 *       smaller and is kept. So an epoch has ⌈N / B⌉ steps, and B ≥ N is full-batch descent.</li>
 *   <li>Global step t (from 0, counting across epochs) sums the batch's gradients with
 *       {@link Backprop#accumulate}, dropout seed {@link #dropoutSeed}(seed, t) and row id = row
 *       index in the arrays; then {@code ḡ = Σ ∂L_i/∂θ / count}.</li>
 *   <li>{@code optimizer.update(θ, ḡ, schedule.rate(t), state)}.</li>
 *   <li>If ḡ or the updated θ has a NaN or infinity, the run stops with an exception and θ and
 *       the optimizer state are restored to their values before the step.</li>
 * </ol>
 * The reported epoch loss is the mean of the per-example losses measured in the forward pass of
 * each step, before that step's update.
 */
public final class ReferenceTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(ReferenceTrainer.class);

    /** Salt that separates the shuffle stream from other seeds derived from the run seed. */
    public static final long SHUFFLE_SALT = 0x5348554646L;
    /** Salt that separates the dropout seeds from other seeds derived from the run seed. */
    public static final long DROPOUT_SALT = 0x44524F50L;

    private final NetworkSpec spec;
    private final int batchSize;
    private final Optimizer optimizer;
    private final LearningRateSchedule schedule;
    private final long seed;
    private final Backprop backprop;
    /** θ and optimizer state before the current step, restored if the step produces a NaN or infinity. */
    private double[] previousParameters;
    private OptimizerState previousState;

    /**
     * @param batchSize global batch size B ≥ 1
     * @param seed      drives the shuffles and dropout masks (initialization has its own seed)
     */
    public ReferenceTrainer(NetworkSpec spec, int batchSize, OptimizerConfig optimizer, LearningRateSchedule schedule,
                            long seed) {
        this.spec = Objects.requireNonNull(spec, "spec");
        if (batchSize < 1) {
            throw new InvalidInputException("batch size must be ≥ 1, got " + batchSize);
        }
        this.batchSize = batchSize;
        this.optimizer = Optimizer.from(optimizer);
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        this.seed = seed;
        this.backprop = new Backprop(spec, Math.min(batchSize, 1024));
    }

    /** Returns the row order of epoch {@code epoch}: a permutation of 0..rows−1, a pure function of its arguments. */
    public static int[] epochOrder(long seed, long epoch, int rows) {
        int[] order = new int[rows];
        for (int i = 0; i < rows; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(Seeds.derive(seed, SHUFFLE_SALT, epoch));
        for (int i = rows - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }

    /** Returns the dropout seed of global step {@code step}. */
    public static long dropoutSeed(long seed, long step) {
        return Seeds.derive(seed, DROPOUT_SALT, step);
    }

    /** Returns the optimizer built from the configuration. */
    public Optimizer optimizer() {
        return optimizer;
    }

    /**
     * Runs {@code epochs} epochs starting at epoch {@code firstEpoch} and returns the mean training
     * loss of each epoch.
     *
     * @param parameters θ, modified in place
     * @param state      optimizer state, modified; its step count is the global step t
     * @param features   rows × inputWidth, row-major (already scaled); not modified
     * @param targets    rows × targetWidth; not modified
     */
    public double[] train(Parameters parameters, OptimizerState state, double[] features, double[] targets, int rows,
                          int firstEpoch, int epochs) {
        if (rows < 1) {
            throw new InvalidInputException("training needs at least 1 row, got 0");
        }
        checkShape(features, rows, spec.inputWidth(), "features");
        checkShape(targets, rows, spec.targetWidth(), "targets");
        long[] rowIds = new long[rows];
        for (int i = 0; i < rows; i++) {
            rowIds[i] = i;
        }
        LOG.info("reference training of {} on {} rows: {} epochs, batch size {}, optimizer {}, schedule {}, seed {}",
                spec, rows, epochs, batchSize, optimizer.config(), schedule, seed);

        GradientSum sum = new GradientSum(spec.parameterCount());
        double[] epochLosses = new double[epochs];
        for (int e = 0; e < epochs; e++) {
            int epoch = firstEpoch + e;
            int[] order = epochOrder(seed, epoch, rows);
            double lossSum = 0;
            for (int from = 0; from < rows; from += batchSize) {
                int to = Math.min(rows, from + batchSize);
                sum.clear();
                lossSum += step(parameters, state, features, targets, order, from, to, rowIds, sum);
            }
            epochLosses[e] = lossSum / rows;
            LOG.info("epoch {}: mean training loss {}", epoch, epochLosses[e]);
        }
        return epochLosses;
    }

    /**
     * Performs one global step on rows {@code order[from..to)} and returns its loss sum.
     *
     * @param sum cleared work buffer; contains the step's gradient sum afterwards
     * @throws IllegalStateException if the mean gradient or the updated parameters contain a NaN or infinity;
     *                               parameters and optimizer state are then restored to their values before the step
     */
    public double step(Parameters parameters, OptimizerState state, double[] features, double[] targets, int[] order,
                       int from, int to, long[] rowIds, GradientSum sum) {
        long t = state.step();
        backprop.accumulate(parameters, features, targets, order, from, to, dropoutSeed(seed, t), rowIds, sum);
        double[] mean = sum.meanGradient();
        int bad = FlatArrays.firstNonFinite(mean);
        if (bad >= 0) {
            throw new IllegalStateException("step " + t + ": gradient of parameter " + bad + " is " + mean[bad]
                    + " (loss sum " + sum.lossSum() + "); training diverged, lower the learning rate or enable clipping");
        }
        double rate = schedule.rate(t);
        savePrevious(parameters, state);
        optimizer.update(parameters.values(), mean, rate, state);
        int badParameter = parameters.firstNonFinite();
        if (badParameter >= 0) {
            double value = parameters.values()[badParameter];
            System.arraycopy(previousParameters, 0, parameters.values(), 0, previousParameters.length);
            state.copyFrom(previousState);
            throw new IllegalStateException("step " + t + ": the update made parameter " + badParameter + " " + value
                    + " at learning rate " + rate + "; training diverged, lower the learning rate or enable clipping");
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("step {}: rows {}, mean loss {}, learning rate {}", t, sum.count(), sum.meanLoss(), rate);
        }
        return sum.lossSum();
    }

    private void savePrevious(Parameters parameters, OptimizerState state) {
        if (previousParameters == null || previousParameters.length != parameters.values().length
                || previousState == null || previousState.kind() != state.kind()) {
            previousParameters = new double[parameters.values().length];
            previousState = state.copy();
        } else {
            previousState.copyFrom(state);
        }
        System.arraycopy(parameters.values(), 0, previousParameters, 0, previousParameters.length);
    }

    private static void checkShape(double[] values, int rows, int width, String what) {
        if (values.length != (long) rows * width) {
            throw new InvalidInputException(what + " must hold " + rows + " rows × " + width + " = " + (long) rows * width
                    + " values, got " + values.length);
        }
    }
}
