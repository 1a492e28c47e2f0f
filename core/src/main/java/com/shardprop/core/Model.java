package com.shardprop.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A trained network as saved by {@link ModelFile}: parameters (which carry the
 * {@link NetworkSpec}), the feature scaling applied to inputs (null when features are used
 * as given), training metadata (seed, data description, epochs, metrics, all as text) and
 * the optimizer state (null unless saved to resume training). Immutable references; the
 * parameter buffer itself is shared, not copied.
 */
public final class Model {

    private final Parameters parameters;
    private final FeatureScaling featureScaling;
    private final Map<String, String> metadata;
    private final OptimizerState optimizerState;

    /**
     * @param featureScaling may be null; its width must equal the input width
     * @param metadata       copied, iteration order kept; null means empty
     * @param optimizerState may be null; its moments must match the parameter count
     */
    public Model(Parameters parameters, FeatureScaling featureScaling, Map<String, String> metadata,
                 OptimizerState optimizerState) {
        this.parameters = Objects.requireNonNull(parameters, "parameters");
        NetworkSpec spec = parameters.spec();
        if (featureScaling != null && featureScaling.width() != spec.inputWidth()) {
            throw new InvalidInputException("feature scaling has " + featureScaling.width()
                    + " columns but the network input width is " + spec.inputWidth());
        }
        if (optimizerState != null) {
            checkMoment(optimizerState.firstMoment(), "first", spec.parameterCount());
            checkMoment(optimizerState.secondMoment(), "second", spec.parameterCount());
        }
        this.featureScaling = featureScaling;
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata == null ? Map.of() : metadata));
        this.metadata.forEach((key, value) -> {
            Objects.requireNonNull(key, "metadata key");
            Objects.requireNonNull(value, () -> "metadata value of " + key);
        });
        this.optimizerState = optimizerState;
    }

    private static void checkMoment(double[] moment, String name, int parameterCount) {
        if (moment != null && moment.length != parameterCount) {
            throw new InvalidInputException("optimizer " + name + " moment has " + moment.length
                    + " values but the network has " + parameterCount + " parameters");
        }
    }

    /** Creates a model with parameters only. */
    public Model(Parameters parameters) {
        this(parameters, null, Map.of(), null);
    }

    public NetworkSpec spec() {
        return parameters.spec();
    }

    public Parameters parameters() {
        return parameters;
    }

    /** Returns the input standardization, or null. */
    public FeatureScaling featureScaling() {
        return featureScaling;
    }

    /** Returns the training metadata (unmodifiable, in insertion order). */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** Returns the saved optimizer state, or null. */
    public OptimizerState optimizerState() {
        return optimizerState;
    }
}
