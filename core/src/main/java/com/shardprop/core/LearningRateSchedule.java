package com.shardprop.core;

import java.io.Serializable;
import java.util.Locale;

/**
 * The learning rate η as a function of the optimizer step (0 for the first update). All
 * implementations are immutable and pure functions of the step, so a resumed run continues
 * the schedule exactly.
 *
 * <p>Text forms read by {@link #parse}: {@code constant}, {@code step:FACTOR:EVERY_STEPS},
 * {@code cosine} or {@code cosine:MIN_RATE}. The base rate, warm-up and total step count come
 * from the caller, because they usually derive from other options (epochs × steps per epoch).
 */
public interface LearningRateSchedule extends Serializable {

    /** Returns η for optimizer step {@code step} ≥ 0. */
    double rate(long step);

    /** Returns {@code η_t = base}. */
    static LearningRateSchedule constant(double base) {
        return new Constant(base);
    }

    /** Returns {@code η_t = base · factor^⌊t / every⌋}. */
    static LearningRateSchedule stepDecay(double base, double factor, long every) {
        return new StepDecay(base, factor, every);
    }

    /**
     * Returns linear warm-up then cosine decay: {@code η_t = base · (t + 1) / warmup} for
     * {@code t < warmup}; afterwards, with {@code p = (t − warmup) / (total − warmup)} capped at 1,
     * {@code η_t = min + (base − min) · ½ (1 + cos π p)}.
     */
    static LearningRateSchedule cosine(double base, long warmupSteps, long totalSteps, double minRate) {
        return new CosineWithWarmup(base, warmupSteps, totalSteps, minRate);
    }

    /**
     * Parses a schedule name: {@code constant}, {@code step:FACTOR:EVERY_STEPS}, {@code cosine}
     * or {@code cosine:MIN_RATE}. Warm-up is cosine's only; the other schedules reject a
     * warm-up above 0 rather than ignore it.
     *
     * @throws InvalidInputException for an unknown name or an invalid number
     */
    static LearningRateSchedule parse(String text, double base, long warmupSteps, long totalSteps) {
        String[] parts = text.trim().toLowerCase(Locale.ROOT).split(":", -1);
        String name = parts[0];
        if (!name.equals("cosine") && warmupSteps > 0) {
            throw new InvalidInputException("schedule '" + text + "' has no warm-up, got " + warmupSteps
                    + " warm-up steps; use cosine or drop the warm-up");
        }
        switch (name) {
            case "constant":
                requireParts(text, parts, 1, "constant");
                return constant(base);
            case "step":
                requireParts(text, parts, 3, "step:FACTOR:EVERY_STEPS, for example step:0.5:1000");
                return stepDecay(base, parseNumber(text, parts[1], "FACTOR"), (long) parseNumber(text, parts[2], "EVERY_STEPS"));
            case "cosine":
                if (parts.length > 2) {
                    requireParts(text, parts, 2, "cosine or cosine:MIN_RATE");
                }
                double min = parts.length == 2 ? parseNumber(text, parts[1], "MIN_RATE") : 0;
                return cosine(base, warmupSteps, totalSteps, min);
            default:
                throw new InvalidInputException("unknown learning-rate schedule '" + text
                        + "'; expected constant, step:FACTOR:EVERY_STEPS, cosine or cosine:MIN_RATE");
        }
    }

    private static void requireParts(String text, String[] parts, int expected, String form) {
        if (parts.length != expected) {
            throw new InvalidInputException("learning-rate schedule '" + text + "' must be written " + form);
        }
    }

    private static double parseNumber(String text, String value, String name) {
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new InvalidInputException("learning-rate schedule '" + text + "': " + name + " must be a number, got '"
                    + value + "'", e);
        }
    }

    private static void requirePositiveRate(String name, double rate) {
        if (!(rate > 0 && Double.isFinite(rate))) {
            throw new InvalidInputException(name + " must be > 0 and finite, got " + rate);
        }
    }

    /** {@code η_t = base}. */
    final class Constant implements LearningRateSchedule {
        private static final long serialVersionUID = 1L;
        private final double base;

        public Constant(double base) {
            requirePositiveRate("learning rate", base);
            this.base = base;
        }

        @Override
        public double rate(long step) {
            return base;
        }

        @Override
        public String toString() {
            return "constant(" + base + ")";
        }
    }

    /** {@code η_t = base · factor^⌊t / every⌋}. */
    final class StepDecay implements LearningRateSchedule {
        private static final long serialVersionUID = 1L;
        private final double base;
        private final double factor;
        private final long every;

        public StepDecay(double base, double factor, long every) {
            requirePositiveRate("learning rate", base);
            if (!(factor > 0 && factor <= 1)) {
                throw new InvalidInputException("step decay factor must be in (0, 1], got " + factor);
            }
            if (every < 1) {
                throw new InvalidInputException("step decay interval must be ≥ 1 step, got " + every);
            }
            this.base = base;
            this.factor = factor;
            this.every = every;
        }

        @Override
        public double rate(long step) {
            return base * Math.pow(factor, (double) (step / every));
        }

        @Override
        public String toString() {
            return "step(" + base + ", factor " + factor + " every " + every + " steps)";
        }
    }

    /** Linear warm-up to {@code base}, then cosine decay to {@code min} at {@code total} steps; {@code min} afterwards. */
    final class CosineWithWarmup implements LearningRateSchedule {
        private static final long serialVersionUID = 1L;
        private final double base;
        private final long warmup;
        private final long total;
        private final double min;

        public CosineWithWarmup(double base, long warmup, long total, double min) {
            requirePositiveRate("learning rate", base);
            if (warmup < 0) {
                throw new InvalidInputException("warm-up must be ≥ 0 steps, got " + warmup);
            }
            if (total <= warmup) {
                throw new InvalidInputException("cosine schedule needs more total steps than warm-up steps, got total "
                        + total + " and warm-up " + warmup + "; train longer or shorten the warm-up");
            }
            if (!(min >= 0 && min <= base)) {
                throw new InvalidInputException("cosine minimum rate must be in [0, " + base + "], got " + min);
            }
            this.base = base;
            this.warmup = warmup;
            this.total = total;
            this.min = min;
        }

        @Override
        public double rate(long step) {
            if (step < warmup) {
                return base * (step + 1) / warmup;
            }
            double progress = Math.min(1.0, (double) (step - warmup) / (total - warmup));
            return min + (base - min) * 0.5 * (1 + Math.cos(Math.PI * progress));
        }

        @Override
        public String toString() {
            return "cosine(" + base + " → " + min + ", warm-up " + warmup + " of " + total + " steps)";
        }
    }
}
