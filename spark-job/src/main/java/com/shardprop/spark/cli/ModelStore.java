package com.shardprop.spark.cli;

import com.shardprop.core.InvalidInputException;
import com.shardprop.core.Model;
import com.shardprop.core.ModelFile;
import com.shardprop.spark.report.AtomicHadoopFile;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Reads and writes model files through the Hadoop {@link FileSystem} API, so a model path may be
 * local or any configured file system URI ({@code hdfs://}, {@code s3a://}, {@code file://}). A
 * path without a scheme resolves against {@code fs.defaultFS}.
 */
final class ModelStore {

    private ModelStore() {
    }

    /**
     * Writes {@code model} to a temporary name next to {@code path}, then renames it over
     * {@code path}, so a failed write leaves any previous model untouched.
     */
    static void save(Model model, String path, Configuration hadoop) throws IOException {
        AtomicHadoopFile.write(path, hadoop, out -> ModelFile.write(model, out));
    }

    /**
     * Loads the model at {@code path}.
     *
     * @throws InvalidInputException if the path is missing, is a folder or is not a valid model file
     */
    static Model load(String path, Configuration hadoop) throws IOException {
        Path file = new Path(path);
        FileSystem fileSystem = file.getFileSystem(hadoop);
        if (!fileSystem.exists(file)) {
            throw new InvalidInputException("Model file " + path + " was not found. Fix: pass the --output path of a"
                    + " finished train run.");
        }
        FileStatus status = fileSystem.getFileStatus(file);
        if (status.isDirectory()) {
            throw new InvalidInputException("Model path " + path + " is a folder; expected a model file written by"
                    + " train --output.");
        }
        try (InputStream in = fileSystem.open(file)) {
            return ModelFile.read(in);
        } catch (InvalidInputException e) {
            throw new InvalidInputException("Model file " + path + " is not a valid Shardprop model: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Checks that {@code path} can receive an output: not an existing folder, and a file system
     * Hadoop can open.
     *
     * @param option the command-line option that named the path, for the message
     * @throws InvalidInputException otherwise
     */
    static void checkFileTarget(String option, String path, Configuration hadoop) {
        AtomicHadoopFile.checkFileTarget(option, path, "model.shardprop", hadoop);
    }
}
