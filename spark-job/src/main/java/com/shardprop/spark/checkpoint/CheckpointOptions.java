package com.shardprop.spark.checkpoint;

import com.shardprop.core.InvalidInputException;
import com.shardprop.core.NetworkSpec;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/**
 * Command-line options for checkpoints and resume, as a picocli {@code @Mixin} of the
 * {@code train} command; {@link #open} turns them into the run's {@link Checkpointing}.
 */
public final class CheckpointOptions {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointOptions.class);

    /** Default of {@code --checkpoint-every}. */
    public static final String DEFAULT_EVERY = "1e";
    /** Default of {@code --keep-checkpoints}. */
    public static final int DEFAULT_KEEP = 3;

    @Option(names = "--checkpoint-dir", paramLabel = "URI",
            description = "Write checkpoints to this folder: a local path or any Hadoop file system URI (hdfs://,"
                    + " s3a://, file://). Each is written to a temporary name and renamed. Without --resume the"
                    + " folder must not contain checkpoints yet. Default: no checkpoints.")
    String folder;

    @Option(names = "--checkpoint-every", paramLabel = "INTERVAL", defaultValue = DEFAULT_EVERY,
            description = "How often to write a checkpoint: Ns after every N optimizer steps (500s), Ne after every"
                    + " N epochs (1e). Needs --checkpoint-dir. Default: ${DEFAULT-VALUE}.")
    String every = DEFAULT_EVERY;

    @Option(names = "--keep-checkpoints", paramLabel = "N", defaultValue = "" + DEFAULT_KEEP,
            description = "Keep the newest N ≥ 1 checkpoints and delete older ones. Default: ${DEFAULT-VALUE}.")
    int keep = DEFAULT_KEEP;

    @Option(names = "--resume", negatable = true, defaultValue = "false", fallbackValue = "true",
            description = "Continue from the newest valid checkpoint in --checkpoint-dir (corrupt ones are skipped);"
                    + " starts from scratch when there is none. The network, data and settings must match the run"
                    + " that wrote it; --epochs may be larger. Default: ${DEFAULT-VALUE}.")
    boolean resume;

    /** Returns the checkpoint folder, or null when the run writes no checkpoints. */
    public String folder() {
        return folder;
    }

    /** Returns whether {@code --resume} was given. */
    public boolean resume() {
        return resume;
    }

    /**
     * Checks the options without touching a file system, so that mistakes fail before Spark starts.
     *
     * @return the parsed interval
     * @throws InvalidInputException for an invalid interval or count, or {@code --resume} without a folder
     */
    public CheckpointInterval validate() {
        if (resume && folder == null) {
            throw new InvalidInputException("--resume needs --checkpoint-dir, the folder to resume from;"
                    + " pass the --checkpoint-dir of the run to continue.");
        }
        if (keep < 1) {
            throw new InvalidInputException("--keep-checkpoints must be ≥ 1, got " + keep + ".");
        }
        return CheckpointInterval.parse(every);
    }

    /**
     * Opens the checkpoint folder and, with {@code --resume}, reads its newest valid checkpoint and
     * checks that it belongs to a run of {@code network} with the same standardization. The feature
     * scaling to store is set later with {@link Checkpointing#withFeatureScaling}, once the
     * training data is loaded.
     *
     * @param standardize whether this run standardizes its features ({@code --standardize})
     * @throws InvalidInputException for invalid options, checkpoints in the folder of a run started without
     *     {@code --resume}, or a checkpoint of another network or standardization
     * @throws IOException if the folder cannot be listed or read
     */
    public Checkpointing open(Configuration hadoopConfiguration, NetworkSpec network, boolean standardize)
            throws IOException {
        CheckpointInterval interval = validate();
        if (folder == null) {
            return Checkpointing.NONE;
        }
        CheckpointStore store = new CheckpointStore(folder, hadoopConfiguration, keep);
        Checkpointing checkpointing = Checkpointing.writeTo(store, interval, null);
        if (!resume) {
            // A new run's low step numbers would sort below the old checkpoints, so pruning would delete the
            // new ones and a later --resume would continue the old run.
            List<String> existing = store.list();
            if (!existing.isEmpty()) {
                throw new InvalidInputException("--checkpoint-dir " + folder + " already contains " + existing.size()
                        + " checkpoints of an earlier run, the newest " + existing.get(0) + ". Pass --resume to"
                        + " continue that run, or give an empty or new folder.");
            }
            return checkpointing;
        }
        Optional<CheckpointStore.Stored> latest = store.latestValid();
        if (latest.isEmpty()) {
            LOG.info("--resume: no valid checkpoint in {}, so training starts from step 0", store.folder());
            return checkpointing;
        }
        String source = latest.get().path();
        Checkpoint checkpoint = latest.get().checkpoint();
        // The data width and the remaining settings are checked by the trainer once the data is loaded.
        checkpoint.requireCompatible(source, network, network.inputWidth(), Map.of());
        boolean standardized = checkpoint.featureScaling() != null;
        if (standardized != standardize) {
            throw new InvalidInputException("Cannot resume from " + source + ": it was trained "
                    + (standardized ? "with" : "without") + " --standardize but this run is "
                    + (standardize ? "with" : "without") + " it. Resume with the same option.");
        }
        return checkpointing.resumeFrom(source, checkpoint);
    }
}
