package com.shardprop.spark.checkpoint;

import com.shardprop.core.FeatureScaling;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * The checkpoint settings of one training run: where and how often the trainer writes checkpoints,
 * the feature scaling to store in them, and the checkpoint the run resumes from. Immutable.
 */
public final class Checkpointing {

    /** Writes no checkpoints and starts from the initial parameters. */
    public static final Checkpointing NONE = new Checkpointing(null, null, null, null, null);

    private final CheckpointStore store;
    private final CheckpointInterval interval;
    private final FeatureScaling featureScaling;
    private final String resumeSource;
    private final Checkpoint resumeFrom;

    private Checkpointing(CheckpointStore store, CheckpointInterval interval, FeatureScaling featureScaling,
            String resumeSource, Checkpoint resumeFrom) {
        this.store = store;
        this.interval = interval;
        this.featureScaling = featureScaling;
        this.resumeSource = resumeSource;
        this.resumeFrom = resumeFrom;
    }

    /**
     * Returns settings that write a checkpoint to {@code store} every {@code interval}.
     *
     * @param featureScaling the scaling applied to the training features, stored in each checkpoint; may be null
     */
    public static Checkpointing writeTo(CheckpointStore store, CheckpointInterval interval,
            FeatureScaling featureScaling) {
        return new Checkpointing(Objects.requireNonNull(store, "store"), Objects.requireNonNull(interval, "interval"),
                featureScaling, null, null);
    }

    /**
     * Returns these settings with a checkpoint to resume from.
     *
     * @param source names the checkpoint (its file) in messages
     */
    public Checkpointing resumeFrom(String source, Checkpoint checkpoint) {
        return new Checkpointing(store, interval, featureScaling, Objects.requireNonNull(source, "source"),
                Objects.requireNonNull(checkpoint, "checkpoint"));
    }

    /** Returns these settings with {@code featureScaling} (may be null) to store in each checkpoint. */
    public Checkpointing withFeatureScaling(FeatureScaling featureScaling) {
        return new Checkpointing(store, interval, featureScaling, resumeSource, resumeFrom);
    }

    /** Returns the checkpoint to resume from, or null for a run from the initial parameters. */
    public Checkpoint resumeFrom() {
        return resumeFrom;
    }

    /** Returns the name of the checkpoint to resume from, or null. */
    public String resumeSource() {
        return resumeSource;
    }

    /** Returns the interval between checkpoints, or null when the run writes none. */
    public CheckpointInterval interval() {
        return interval;
    }

    /** Returns the feature scaling to store in each checkpoint, or null. */
    public FeatureScaling featureScaling() {
        return featureScaling;
    }

    /** Returns whether the run writes checkpoints. */
    public boolean writes() {
        return store != null;
    }

    /**
     * Writes {@code checkpoint} to the store.
     *
     * @throws IllegalStateException if this run writes no checkpoints
     * @throws UncheckedIOException naming the folder if the write fails; earlier checkpoints are then untouched
     */
    public void write(Checkpoint checkpoint) {
        if (store == null) {
            throw new IllegalStateException("this run has no checkpoint store");
        }
        try {
            store.write(checkpoint);
        } catch (IOException e) {
            throw new UncheckedIOException("Writing the checkpoint after step " + checkpoint.step() + " to "
                    + store.folder() + " failed: " + e.getMessage() + ". Check that --checkpoint-dir is writable"
                    + " and has space; rerun with --resume to continue from the last checkpoint written.", e);
        }
    }
}
