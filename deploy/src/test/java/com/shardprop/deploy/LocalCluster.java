package com.shardprop.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A Spark standalone cluster on 127.0.0.1 started with the distribution's
 * sbin/start-local-cluster.sh and stopped with sbin/stop-local-cluster.sh. A JVM shutdown hook
 * also stops it, so that an aborted test run leaves no master or worker behind.
 */
final class LocalCluster implements AutoCloseable {

    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(3);

    private final Distribution distribution;
    private final Path stateFolder;
    private final String masterUrl;
    private final Thread shutdownHook;
    private boolean stopped;

    private LocalCluster(Distribution distribution, Path stateFolder, String masterUrl) {
        this.distribution = distribution;
        this.stateFolder = stateFolder;
        this.masterUrl = masterUrl;
        this.shutdownHook = new Thread(this::stop, "stop-local-cluster");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts a master and {@code workers} workers with one core and {@code workerMemory} each,
     * and returns once all of them are registered.
     */
    static LocalCluster start(Distribution distribution, Path stateFolder, int workers, String workerMemory) {
        ProcessResult result = Commands.run(List.of(distribution.home().resolve("sbin/start-local-cluster.sh").toString(),
                        "--workers", Integer.toString(workers), "--worker-cores", "1",
                        "--worker-memory", workerMemory, "--dir", stateFolder.toString(), "--timeout", "120"),
                distribution.home(), Map.of(), SCRIPT_TIMEOUT);
        if (result.exitCode() != 0) {
            // The script stops what it started when it fails; this is for a failure it missed.
            stop(distribution, stateFolder);
        }
        assertEquals(0, result.exitCode(), "start-local-cluster.sh failed: " + result.describe());
        String[] lines = result.output().strip().split("\\R");
        return new LocalCluster(distribution, stateFolder, lines[lines.length - 1].strip());
    }

    /** The master's URL, spark://127.0.0.1:PORT. */
    String masterUrl() {
        return masterUrl;
    }

    /** The folders of one application's executors: worker-N/APP_ID/EXECUTOR_ID. */
    List<Path> executorFolders(String applicationId) {
        try (Stream<Path> workers = Files.list(stateFolder)) {
            return workers.filter(path -> path.getFileName().toString().matches("worker-\\d+"))
                    .filter(Files::isDirectory)
                    .map(worker -> worker.resolve(applicationId))
                    .filter(Files::isDirectory)
                    .flatMap(LocalCluster::list)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to list " + stateFolder, e);
        }
    }

    /** The ids of the applications that have run on this cluster, in start order. */
    List<String> applicationIds() {
        try (Stream<Path> paths = Files.walk(stateFolder, 2)) {
            return paths.map(path -> path.getFileName().toString())
                    .filter(name -> name.startsWith("app-"))
                    .distinct()
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to list " + stateFolder, e);
        }
    }

    /** The executor JVM whose working folder is {@code executorFolder}, if it is running. */
    static Optional<ProcessHandle> executorProcess(Path executorFolder) {
        return ProcessHandle.allProcesses()
                .filter(process -> process.info().commandLine()
                        .map(line -> line.contains("org.apache.spark.executor.CoarseGrainedExecutorBackend"))
                        .orElse(false))
                .filter(process -> workingFolder(process).map(executorFolder::equals).orElse(false))
                .findFirst();
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down and runs the hook itself.
        }
    }

    private synchronized void stop() {
        if (!stopped) {
            stopped = true;
            stop(distribution, stateFolder);
        }
    }

    private static void stop(Distribution distribution, Path stateFolder) {
        ProcessResult result = Commands.run(List.of(distribution.home().resolve("sbin/stop-local-cluster.sh").toString(),
                "--dir", stateFolder.toString()), distribution.home(), Map.of(), SCRIPT_TIMEOUT);
        assertEquals(0, result.exitCode(), "stop-local-cluster.sh failed: " + result.describe());
    }

    private static Optional<Path> workingFolder(ProcessHandle process) {
        try {
            return Optional.of(Files.readSymbolicLink(Path.of("/proc", Long.toString(process.pid()), "cwd")));
        } catch (IOException | SecurityException e) {
            // The process has exited or belongs to another user: it is not one of our executors.
            return Optional.empty();
        }
    }

    private static Stream<Path> list(Path folder) {
        try (Stream<Path> children = Files.list(folder)) {
            return children.toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to list " + folder, e);
        }
    }
}
