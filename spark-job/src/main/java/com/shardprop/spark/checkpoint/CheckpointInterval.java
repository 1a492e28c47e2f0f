package com.shardprop.spark.checkpoint;

import com.shardprop.core.InvalidInputException;
import java.util.Locale;

/**
 * How often a run writes a checkpoint: every {@code N} optimizer steps ({@code 500s}) or every
 * {@code N} epochs ({@code 1e}). A step checkpoint that falls on the last step of an epoch is
 * written after that epoch's validation and summary, so that every checkpoint lies either inside
 * an epoch's steps or on an epoch boundary with the epoch fully recorded.
 */
public final class CheckpointInterval {

    /** The unit of an interval. */
    public enum Unit { STEPS, EPOCHS }

    private final long every;
    private final Unit unit;

    private CheckpointInterval(long every, Unit unit) {
        this.every = every;
        this.unit = unit;
    }

    /** Returns an interval of {@code every ≥ 1} steps. */
    public static CheckpointInterval steps(long every) {
        return new CheckpointInterval(requirePositive(every, every + "s"), Unit.STEPS);
    }

    /** Returns an interval of {@code every ≥ 1} epochs. */
    public static CheckpointInterval epochs(long every) {
        return new CheckpointInterval(requirePositive(every, every + "e"), Unit.EPOCHS);
    }

    /**
     * Parses {@code Ns} (every N steps) or {@code Ne} (every N epochs), N ≥ 1.
     *
     * @throws InvalidInputException naming the option and the accepted forms
     */
    public static CheckpointInterval parse(String text) {
        String trimmed = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (trimmed.length() >= 2) {
            char suffix = trimmed.charAt(trimmed.length() - 1);
            String number = trimmed.substring(0, trimmed.length() - 1);
            if ((suffix == 's' || suffix == 'e') && number.chars().allMatch(Character::isDigit)) {
                long every;
                try {
                    every = Long.parseLong(number);
                } catch (NumberFormatException e) {
                    throw invalid(text);
                }
                return suffix == 's' ? steps(every) : epochs(every);
            }
        }
        throw invalid(text);
    }

    private static InvalidInputException invalid(String text) {
        return new InvalidInputException("--checkpoint-every must be a whole number ≥ 1 followed by s for steps "
                + "or e for epochs, for example 500s or 1e, got '" + text + "'");
    }

    private static long requirePositive(long every, String text) {
        if (every < 1) {
            throw invalid(text);
        }
        return every;
    }

    public long every() {
        return every;
    }

    public Unit unit() {
        return unit;
    }

    /**
     * Returns whether a checkpoint is due after {@code step} steps of the run, in an epoch that
     * has steps left; end-of-epoch steps are decided by {@link #dueAtEpochEnd}.
     */
    public boolean dueInsideEpoch(long step) {
        return unit == Unit.STEPS && step % every == 0;
    }

    /**
     * Returns whether a checkpoint is due once epoch {@code epoch} (from 1) has been recorded, whose
     * last step was step {@code step} of the run (steps count from 1).
     */
    public boolean dueAtEpochEnd(int epoch, long step) {
        return unit == Unit.EPOCHS ? epoch % every == 0 : step % every == 0;
    }

    @Override
    public String toString() {
        return every + (unit == Unit.STEPS ? "s" : "e");
    }
}
