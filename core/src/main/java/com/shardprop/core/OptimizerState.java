package com.shardprop.core;

import java.io.Serializable;

/**
 * The mutable state of an {@link Optimizer}, explicit so that it can be saved in a model or
 * checkpoint and restored: the number of updates applied and up to two per-parameter moment
 * buffers. SGD uses {@code firstMoment} as the momentum velocity (null without momentum);
 * Adam uses both moments.
 */
public final class OptimizerState implements Serializable {

    private static final long serialVersionUID = 1L;

    private final OptimizerConfig.Kind kind;
    private long step;
    private final double[] firstMoment;
    private final double[] secondMoment;

    /**
     * @param step         updates applied so far, ≥ 0
     * @param firstMoment  wrapped, not copied; may be null
     * @param secondMoment wrapped, not copied; may be null
     */
    public OptimizerState(OptimizerConfig.Kind kind, long step, double[] firstMoment, double[] secondMoment) {
        if (step < 0) {
            throw new InvalidInputException("optimizer step must be ≥ 0, got " + step);
        }
        if (firstMoment != null && secondMoment != null && firstMoment.length != secondMoment.length) {
            throw new InvalidInputException("optimizer moments must have equal length, got " + firstMoment.length
                    + " and " + secondMoment.length);
        }
        this.kind = kind;
        this.step = step;
        this.firstMoment = firstMoment;
        this.secondMoment = secondMoment;
    }

    public OptimizerConfig.Kind kind() {
        return kind;
    }

    /** Returns the number of updates applied so far. */
    public long step() {
        return step;
    }

    void advance() {
        step++;
    }

    /** Returns the momentum velocity (SGD) or first moment m (Adam), or null; the buffer itself. */
    public double[] firstMoment() {
        return firstMoment;
    }

    /** Returns Adam's second moment v, or null; the buffer itself. */
    public double[] secondMoment() {
        return secondMoment;
    }

    /** Returns a deep copy. */
    public OptimizerState copy() {
        return new OptimizerState(kind, step, firstMoment == null ? null : firstMoment.clone(),
                secondMoment == null ? null : secondMoment.clone());
    }

    /** Overwrites this state's step and moments with those of {@code source}, which must have the same shape. */
    void copyFrom(OptimizerState source) {
        step = source.step;
        if (firstMoment != null) {
            System.arraycopy(source.firstMoment, 0, firstMoment, 0, firstMoment.length);
        }
        if (secondMoment != null) {
            System.arraycopy(source.secondMoment, 0, secondMoment, 0, secondMoment.length);
        }
    }

    /** Checks that this state fits an optimizer of {@code expected} kind over {@code parameterCount} parameters. */
    void requireCompatible(OptimizerConfig.Kind expected, int parameterCount, boolean needsFirst, boolean needsSecond) {
        if (kind != expected) {
            throw new InvalidInputException("optimizer state is for " + kind + " but the optimizer is " + expected
                    + "; start with a fresh state or use the same optimizer");
        }
        checkMoment(firstMoment, needsFirst, "first moment", parameterCount);
        checkMoment(secondMoment, needsSecond, "second moment", parameterCount);
    }

    private static void checkMoment(double[] moment, boolean needed, String name, int parameterCount) {
        if (needed && (moment == null || moment.length != parameterCount)) {
            throw new InvalidInputException("optimizer state " + name + " must have " + parameterCount + " values, got "
                    + (moment == null ? "none" : moment.length) + "; start with a fresh state");
        }
    }
}
