package com.shardprop.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs external commands (the launcher, the cluster scripts, bash, python3) for the tests. Their
 * output goes to a log file under target/ rather than a pipe, so a command that leaves a
 * background process behind cannot block the test on an open pipe.
 */
final class Commands {

    private static final AtomicInteger RUN_NUMBER = new AtomicInteger();

    private Commands() {}

    /** Folder for the logs and scratch files of this test run: target/deploy-tests. */
    static Path workFolder() {
        Path folder = Path.of(System.getProperty("shardprop.deploy.dir", "."), "target", "deploy-tests");
        try {
            return Files.createDirectories(folder).toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to create the test work folder " + folder, e);
        }
    }

    /**
     * Runs {@code command} in {@code directory} with the environment changed by
     * {@code environment} (a null value removes the variable), waits up to {@code timeout} and
     * returns its exit status and output. A command still running at the timeout is killed with
     * its child processes, and the method fails with its output so far.
     */
    static ProcessResult run(List<String> command, Path directory, Map<String, String> environment,
            Duration timeout) {
        return start(command, directory, environment).finish(timeout);
    }

    /** Starts {@code command} as {@link #run} does and returns without waiting for it. */
    static Started start(List<String> command, Path directory, Map<String, String> environment) {
        String name = Path.of(command.get(0)).getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_");
        Path log = workFolder().resolve("run-" + RUN_NUMBER.incrementAndGet() + "-" + name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        environment.forEach((key, value) -> {
            if (value == null) {
                builder.environment().remove(key);
            } else {
                builder.environment().put(key, value);
            }
        });
        try {
            return new Started(command, builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to start " + command, e);
        }
    }

    /** A command started by {@link #start}, with its output going to {@code log}. */
    record Started(List<String> command, Process process, Path log) {

        /** Waits up to {@code timeout} for the command; on timeout kills it and its children and fails. */
        ProcessResult finish(Duration timeout) {
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly().waitFor();
                    throw new AssertionError("Command timed out after " + timeout.toSeconds() + " s: " + command
                            + "\nOutput so far:\n" + Files.readString(log, StandardCharsets.UTF_8));
                }
                return new ProcessResult(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8), log);
            } catch (IOException e) {
                throw new UncheckedIOException("Failed to read the output of " + command + " from " + log, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while running " + command, e);
            }
        }
    }

    /**
     * Returns an environment change for {@link #run}: alternating names and values, where a
     * null value removes the variable (which {@link Map#of} cannot hold).
     */
    static Map<String, String> environment(String... namesAndValues) {
        Map<String, String> environment = new java.util.HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            environment.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return environment;
    }

    /** Returns true when {@code program} is an executable on PATH. */
    static boolean isInstalled(String program) {
        for (String folder : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!folder.isEmpty() && Files.isExecutable(Path.of(folder, program))) {
                return true;
            }
        }
        return false;
    }
}
