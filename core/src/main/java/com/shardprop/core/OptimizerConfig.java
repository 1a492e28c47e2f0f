package com.shardprop.core;

import java.io.Serializable;
import java.util.Locale;

/**
 * Immutable, validated optimizer hyper-parameters. The learning rate is not here: it comes
 * from the {@link LearningRateSchedule} at every step.
 *
 * <p>One update with mean gradient {@code ḡ}, parameters θ and learning rate η:
 * <ol>
 *   <li>Clipping ({@code clipNorm > 0}): {@code g = ḡ · min(1, clipNorm / ‖ḡ‖₂)}, the global norm
 *       over all parameters; otherwise {@code g = ḡ}.</li>
 *   <li>Weight decay λ, coupled (L2, default): {@code g ← g + λ θ}. Decoupled (SGDW/AdamW,
 *       Loshchilov and Hutter 2019): {@code θ ← θ − η λ θ} before the gradient step.
 *       It applies to every parameter, biases included.</li>
 *   <li>SGD: with momentum μ, {@code v ← μ v + g} and the step is {@code v}, or
 *       {@code g + μ v} with Nesterov; without momentum the step is {@code g}.
 *       {@code θ ← θ − η · step}.</li>
 *   <li>Adam (Kingma and Ba 2015), t the 1-based update count: {@code m ← β₁ m + (1 − β₁) g},
 *       {@code v ← β₂ v + (1 − β₂) g²}, {@code θ ← θ − η m̂ / (√v̂ + ε)} with
 *       {@code m̂ = m / (1 − β₁ᵗ)}, {@code v̂ = v / (1 − β₂ᵗ)}.</li>
 * </ol>
 */
public final class OptimizerConfig implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The update rules. */
    public enum Kind {
        SGD, ADAM;

        /** Parses {@code sgd} or {@code adam} (case-insensitive); {@code adamw} is adam with decoupled decay, set by the caller. */
        public static Kind parse(String text) {
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("optimizer must be sgd or adam, got '" + text + "'", e);
            }
        }
    }

    private final Kind kind;
    private final double momentum;
    private final boolean nesterov;
    private final double weightDecay;
    private final boolean decoupledWeightDecay;
    private final double clipNorm;
    private final double beta1;
    private final double beta2;
    private final double epsilon;

    private OptimizerConfig(Builder builder) {
        this.kind = builder.kind;
        this.momentum = builder.momentum;
        this.nesterov = builder.nesterov;
        this.weightDecay = builder.weightDecay;
        this.decoupledWeightDecay = builder.decoupledWeightDecay;
        this.clipNorm = builder.clipNorm;
        this.beta1 = builder.beta1;
        this.beta2 = builder.beta2;
        this.epsilon = builder.epsilon;
    }

    /** Returns a builder with the defaults: SGD, no momentum, no decay, no clipping, β₁ 0.9, β₂ 0.999, ε 1e-8. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns plain SGD with the defaults. */
    public static OptimizerConfig sgd() {
        return builder().build();
    }

    /** Returns Adam with the defaults. */
    public static OptimizerConfig adam() {
        return builder().kind(Kind.ADAM).build();
    }

    public Kind kind() {
        return kind;
    }

    public double momentum() {
        return momentum;
    }

    public boolean nesterov() {
        return nesterov;
    }

    public double weightDecay() {
        return weightDecay;
    }

    public boolean decoupledWeightDecay() {
        return decoupledWeightDecay;
    }

    /** Returns the global-norm clipping threshold; 0 means no clipping. */
    public double clipNorm() {
        return clipNorm;
    }

    public double beta1() {
        return beta1;
    }

    public double beta2() {
        return beta2;
    }

    public double epsilon() {
        return epsilon;
    }

    /** Returns the factor {@code min(1, clipNorm / ‖ḡ‖₂)} by which the gradient is scaled, or 1 without clipping. */
    double clipScale(double[] meanGradient) {
        if (clipNorm == 0) {
            return 1;
        }
        double norm = FlatArrays.norm(meanGradient);
        return norm > clipNorm ? clipNorm / norm : 1;
    }

    /** Returns a builder holding this configuration's values. */
    public Builder toBuilder() {
        return builder().kind(kind).momentum(momentum).nesterov(nesterov).weightDecay(weightDecay)
                .decoupledWeightDecay(decoupledWeightDecay).clipNorm(clipNorm).betas(beta1, beta2).epsilon(epsilon);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(kind.name().toLowerCase(Locale.ROOT));
        if (kind == Kind.SGD) {
            text.append(" momentum=").append(momentum).append(nesterov ? " nesterov" : "");
        } else {
            text.append(" beta1=").append(beta1).append(" beta2=").append(beta2).append(" epsilon=").append(epsilon);
        }
        text.append(" weightDecay=").append(weightDecay).append(decoupledWeightDecay ? " (decoupled)" : "");
        return text.append(" clipNorm=").append(clipNorm).toString();
    }

    /** Collects and validates optimizer settings. */
    public static final class Builder {
        private Kind kind = Kind.SGD;
        private double momentum = 0;
        private boolean nesterov = false;
        private double weightDecay = 0;
        private boolean decoupledWeightDecay = false;
        private double clipNorm = 0;
        private double beta1 = 0.9;
        private double beta2 = 0.999;
        private double epsilon = 1e-8;

        private Builder() {
        }

        public Builder kind(Kind kind) {
            this.kind = kind;
            return this;
        }

        /** Sets the SGD momentum μ in [0, 1). */
        public Builder momentum(double momentum) {
            this.momentum = momentum;
            return this;
        }

        /** Uses Nesterov momentum (SGD with momentum > 0 only). */
        public Builder nesterov(boolean nesterov) {
            this.nesterov = nesterov;
            return this;
        }

        /** Sets the weight decay λ ≥ 0. */
        public Builder weightDecay(double weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        /** Applies weight decay directly to θ (SGDW/AdamW) instead of adding λθ to the gradient. */
        public Builder decoupledWeightDecay(boolean decoupled) {
            this.decoupledWeightDecay = decoupled;
            return this;
        }

        /** Sets the global-norm clipping threshold, ≥ 0; 0 turns clipping off. */
        public Builder clipNorm(double clipNorm) {
            this.clipNorm = clipNorm;
            return this;
        }

        /** Sets Adam's β₁ and β₂, each in [0, 1). */
        public Builder betas(double beta1, double beta2) {
            this.beta1 = beta1;
            this.beta2 = beta2;
            return this;
        }

        /** Sets Adam's ε &gt; 0, added to √v̂. */
        public Builder epsilon(double epsilon) {
            this.epsilon = epsilon;
            return this;
        }

        /** Validates and returns the configuration. */
        public OptimizerConfig build() {
            if (kind == null) {
                throw new InvalidInputException("optimizer kind is missing; use sgd or adam");
            }
            requireInUnitInterval("momentum", momentum);
            if (nesterov && (kind != Kind.SGD || momentum == 0)) {
                throw new InvalidInputException("Nesterov needs SGD with momentum > 0, got " + kind.name().toLowerCase(Locale.ROOT)
                        + " with momentum " + momentum + "; set --momentum, for example 0.9");
            }
            if (momentum != 0 && kind != Kind.SGD) {
                throw new InvalidInputException("momentum applies to SGD only, got momentum " + momentum
                        + " with adam; Adam's β₁ plays that role");
            }
            requireNonNegative("weight decay", weightDecay);
            requireNonNegative("clip norm", clipNorm);
            requireInUnitInterval("beta1", beta1);
            requireInUnitInterval("beta2", beta2);
            if (!(epsilon > 0 && Double.isFinite(epsilon))) {
                throw new InvalidInputException("epsilon must be > 0 and finite, got " + epsilon);
            }
            return new OptimizerConfig(this);
        }

        private static void requireInUnitInterval(String name, double value) {
            if (!(value >= 0 && value < 1)) {
                throw new InvalidInputException(name + " must be in [0, 1), got " + value);
            }
        }

        private static void requireNonNegative(String name, double value) {
            if (!(value >= 0 && Double.isFinite(value))) {
                throw new InvalidInputException(name + " must be ≥ 0 and finite, got " + value);
            }
        }
    }
}
