package com.shardprop.spark.report;

import com.shardprop.core.InvalidInputException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a file through the Hadoop {@link FileSystem} API so that readers see either the previous
 * file or the complete new one: the content goes to a hidden temporary name in the same folder,
 * which is then renamed to the target.
 *
 * <p>A path without a scheme resolves against {@code fs.defaultFS}, as Spark's own paths do: a
 * local file in local mode, HDFS on a typical YARN cluster. Checksum side files ({@code .crc}) are
 * not written.
 */
public final class AtomicHadoopFile {

    private static final Logger LOG = LoggerFactory.getLogger(AtomicHadoopFile.class);

    /** Writes the body of a file. */
    @FunctionalInterface
    public interface Body {
        /** Writes the content to {@code out}, which the caller closes. */
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicHadoopFile() {}

    /**
     * Writes {@code body} to {@code target}, replacing an existing file.
     *
     * @throws IOException when the folder cannot be created, the write fails or the rename is
     *     rejected; the temporary file is removed first
     */
    public static void write(String target, Configuration hadoopConfiguration, Body body) throws IOException {
        Path path = new Path(target);
        FileSystem fileSystem = path.getFileSystem(hadoopConfiguration);
        fileSystem.setWriteChecksum(false);
        Path qualified = fileSystem.makeQualified(path);
        Path parent = qualified.getParent();
        if (parent != null && !fileSystem.exists(parent) && !fileSystem.mkdirs(parent)) {
            throw new IOException("Failed to create the folder " + parent + " for " + qualified
                    + "; check that the parent path is a writable folder.");
        }
        Path temporary = new Path(parent, "." + qualified.getName() + ".tmp-" + UUID.randomUUID());

        try {
            try (OutputStream out = fileSystem.create(temporary, false)) {
                body.writeTo(out);
            }
            replace(fileSystem, temporary, qualified);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(fileSystem, temporary);
            throw e;
        }
    }

    /**
     * Checks, before a run starts, that {@code path} can receive an output file: it is not an
     * existing folder, Hadoop can open its file system, and its parent can be created.
     *
     * @param option      the command-line option that named the path, for the message
     * @param exampleName a file name to suggest when {@code path} is a folder
     * @throws InvalidInputException naming the option, the path and the fix
     */
    public static void checkFileTarget(String option, String path, String exampleName, Configuration hadoop) {
        try {
            Path target = new Path(path);
            FileSystem fileSystem = target.getFileSystem(hadoop);
            if (fileSystem.exists(target) && fileSystem.getFileStatus(target).isDirectory()) {
                throw new InvalidInputException(option + " " + path + " is a folder; give a file path such as "
                        + new Path(target, exampleName) + ".");
            }
            checkParentFolder(option, target, fileSystem);
        } catch (IOException | IllegalArgumentException e) {
            if (e instanceof InvalidInputException invalid) {
                throw invalid;
            }
            throw new InvalidInputException(option + " " + path + " cannot be written: " + e.getMessage()
                    + ". Give a local path or a URI of a configured Hadoop file system (hdfs://, s3a://, file://).", e);
        }
    }

    /**
     * Checks, before a run starts, that {@code target} can be created: the nearest existing ancestor
     * must be a folder. Otherwise the write at the end of the run would fail after all the work.
     *
     * @param option the command-line option that named the path, for the message
     * @throws InvalidInputException naming the option, the path and the ancestor that is a file
     */
    public static void checkParentFolder(String option, Path target, FileSystem fileSystem) throws IOException {
        for (Path parent = target.getParent(); parent != null; parent = parent.getParent()) {
            if (fileSystem.exists(parent)) {
                if (!fileSystem.getFileStatus(parent).isDirectory()) {
                    throw new InvalidInputException(option + " " + target + " cannot be created, because " + parent
                            + " is a file, not a folder. Fix: give a path inside a folder.");
                }
                return;
            }
        }
    }

    /**
     * Renames {@code temporary} to {@code target}. {@code FileSystem.rename} does not overwrite on
     * HDFS or the local file system, so an existing target is deleted first.
     */
    private static void replace(FileSystem fileSystem, Path temporary, Path target) throws IOException {
        if (fileSystem.rename(temporary, target)) {
            return;
        }
        // NOTE: between this delete and the rename, readers find no file at the target.
        if (fileSystem.exists(target) && fileSystem.getFileStatus(target).isFile()) {
            fileSystem.delete(target, false);
            if (fileSystem.rename(temporary, target)) {
                return;
            }
        }
        throw new IOException("Failed to rename " + temporary + " to " + target
                + "; check that the target is not a folder and that its folder is writable.");
    }

    private static void deleteQuietly(FileSystem fileSystem, Path temporary) {
        try {
            fileSystem.delete(temporary, false);
        } catch (IOException e) {
            LOG.warn("Failed to delete the temporary file {}; remove it by hand", temporary, e);
        }
    }
}
