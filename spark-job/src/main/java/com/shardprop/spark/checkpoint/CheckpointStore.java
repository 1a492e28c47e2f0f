package com.shardprop.spark.checkpoint;

import com.shardprop.core.InvalidInputException;
import com.shardprop.spark.report.AtomicHadoopFile;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A folder of checkpoints on any Hadoop file system ({@code file:}, {@code hdfs:}, {@code s3a:} …;
 * a path without a scheme resolves against {@code fs.defaultFS}). Checkpoint files are named
 * {@code checkpoint-STEP.shardprop} with the step zero-padded to 12 digits. Each is written to a
 * hidden temporary name and renamed, so a crash mid-write leaves the previous checkpoints intact,
 * and after each write only the newest {@code keep} checkpoints stay.
 */
public final class CheckpointStore {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);
    private static final Pattern NAME = Pattern.compile("checkpoint-(\\d{12})\\.shardprop");

    private final Path folder;
    private final FileSystem fileSystem;
    private final Configuration hadoopConfiguration;
    private final int keep;

    /**
     * @param folder              the checkpoint folder URI; created on the first write
     * @param hadoopConfiguration resolves the file system (Spark's {@code sparkContext().hadoopConfiguration()})
     * @param keep                how many of the newest checkpoints to keep, ≥ 1
     * @throws InvalidInputException if {@code keep < 1}, or {@code folder} or one of its ancestors is a file
     * @throws IOException if the file system cannot be reached
     */
    public CheckpointStore(String folder, Configuration hadoopConfiguration, int keep) throws IOException {
        if (keep < 1) {
            throw new InvalidInputException("--keep-checkpoints must be ≥ 1, got " + keep);
        }
        Path path = new Path(folder);
        this.fileSystem = path.getFileSystem(hadoopConfiguration);
        this.folder = fileSystem.makeQualified(path);
        // Checked here, before training, because the first write would otherwise fail only after the first step.
        if (fileSystem.exists(this.folder) && !fileSystem.getFileStatus(this.folder).isDirectory()) {
            throw new InvalidInputException("--checkpoint-dir " + this.folder + " is a file, not a folder."
                    + " Fix: give a new or existing folder.");
        }
        AtomicHadoopFile.checkParentFolder("--checkpoint-dir", this.folder, fileSystem);
        this.hadoopConfiguration = hadoopConfiguration;
        this.keep = keep;
    }

    /** Returns the folder, qualified with its file system's scheme. */
    public String folder() {
        return folder.toString();
    }

    /** Returns the file name of the checkpoint after {@code step} steps. */
    static String fileName(long step) {
        return String.format(Locale.ROOT, "checkpoint-%012d.shardprop", step);
    }

    /**
     * Writes {@code checkpoint} atomically, then deletes all but the newest {@code keep} checkpoints.
     *
     * @return the URI of the written file
     * @throws IOException if the file cannot be written; earlier checkpoints are then untouched
     */
    public String write(Checkpoint checkpoint) throws IOException {
        Path target = new Path(folder, fileName(checkpoint.step()));
        AtomicHadoopFile.write(target.toString(), hadoopConfiguration, out -> CheckpointFormat.write(checkpoint, out));
        LOG.info("Wrote checkpoint {} after step {} (epoch {})", target, checkpoint.step(),
                checkpoint.completedEpochs() + (checkpoint.stepsIntoEpoch() > 0 ? 1 : 0));
        removeOld();
        return target.toString();
    }

    /**
     * Returns the newest checkpoint that reads without error, with its URI. Corrupt, truncated or
     * unreadable checkpoints are skipped with a WARN naming the file and the reason.
     *
     * @throws IOException if the folder cannot be listed
     */
    public Optional<Stored> latestValid() throws IOException {
        for (FileStatus file : checkpointsNewestFirst()) {
            String source = "checkpoint " + file.getPath();
            try {
                return Optional.of(new Stored(file.getPath().toString(), CheckpointFormat.read(readAll(file), source)));
            } catch (InvalidInputException e) {
                LOG.warn("Skipping {}: {}", source, e.getMessage());
            } catch (IOException e) {
                LOG.warn("Skipping {}: reading it failed: {}", source, e.toString());
            }
        }
        return Optional.empty();
    }

    /** A checkpoint and the file it was read from. */
    public record Stored(String path, Checkpoint checkpoint) {
    }

    /** Returns the URIs of the checkpoint files in the folder, newest first; none if the folder does not exist. */
    public List<String> list() throws IOException {
        List<String> paths = new ArrayList<>();
        for (FileStatus file : checkpointsNewestFirst()) {
            paths.add(file.getPath().toString());
        }
        return paths;
    }

    private List<FileStatus> checkpointsNewestFirst() throws IOException {
        FileStatus[] files;
        try {
            files = fileSystem.listStatus(folder);
        } catch (FileNotFoundException e) {
            return List.of();
        }
        List<FileStatus> checkpoints = new ArrayList<>();
        for (FileStatus file : files) {
            if (file.isFile() && NAME.matcher(file.getPath().getName()).matches()) {
                checkpoints.add(file);
            }
        }
        // Names zero-pad the step, so name order is step order.
        checkpoints.sort(Comparator.comparing((FileStatus file) -> file.getPath().getName()).reversed());
        return checkpoints;
    }

    private byte[] readAll(FileStatus file) throws IOException {
        if (file.getLen() > Integer.MAX_VALUE - 16) {
            throw new InvalidInputException("the file has " + file.getLen() + " bytes, more than a checkpoint "
                    + "can hold (2 GB)");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) file.getLen());
        try (InputStream in = fileSystem.open(file.getPath())) {
            in.transferTo(bytes);
        }
        return bytes.toByteArray();
    }

    private void removeOld() {
        try {
            List<FileStatus> checkpoints = checkpointsNewestFirst();
            for (FileStatus old : checkpoints.subList(Math.min(keep, checkpoints.size()), checkpoints.size())) {
                if (fileSystem.delete(old.getPath(), false)) {
                    LOG.debug("Deleted old checkpoint {}", old.getPath());
                } else {
                    LOG.warn("Failed to delete old checkpoint {}; remove it by hand", old.getPath());
                }
            }
        } catch (IOException e) {
            LOG.warn("Failed to remove checkpoints beyond the newest {} in {}; remove them by hand", keep, folder, e);
        }
    }
}
