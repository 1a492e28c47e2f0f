package com.shardprop.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/shardprop: help without Spark, the command lines it builds for local mode and for a Spark
 * installation, and its errors for a missing or old Java and a missing application jar.
 */
class LauncherIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private final Distribution distribution = Distribution.assembled();

    @TempDir
    Path temp;

    @Test
    void helpListsCommands() {
        ProcessResult result = distribution.runLauncher(List.of("--help"), Map.of(), TIMEOUT);
        assertEquals(0, result.exitCode(), result.describe());
        assertTrue(result.output().contains("Usage: shardprop [LAUNCHER OPTIONS] COMMAND"), result.describe());
        for (String command : List.of("train", "evaluate", "predict")) {
            assertTrue(result.output().contains(command), "help does not list " + command + ": " + result.describe());
        }
    }

    @Test
    void versionPrintsOnlyTheVersion() {
        ProcessResult result = distribution.runLauncher(List.of("--version"), Map.of(), TIMEOUT);
        assertEquals(0, result.exitCode(), result.describe());
        // The distribution folder is shardprop-VERSION.
        String version = distribution.home().getFileName().toString().substring("shardprop-".length());
        assertTrue(result.output().contains("shardprop " + version), result.describe());
        assertFalse(result.output().contains("Usage:"), "--version printed the usage: " + result.describe());
    }

    @Test
    void trainHelpListsJobOptions() {
        ProcessResult result = distribution.runLauncher(List.of("train", "--help"), Map.of(), TIMEOUT);
        assertEquals(0, result.exitCode(), result.describe());
        for (String option : List.of("--layers", "--epochs", "--output")) {
            assertTrue(result.output().contains(option), "train help lacks " + option + ": " + result.describe());
        }
    }

    @Test
    void helpRunsMainWithoutSparkSubmit() {
        List<String> command = dryRun(List.of("train", "--help"), Map.of());
        assertTrue(command.contains(Distribution.MAIN_CLASS), "help does not run Main: " + command);
        assertFalse(command.contains("org.apache.spark.deploy.SparkSubmit"), "help starts SparkSubmit: " + command);
    }

    @Test
    void localModeAddsModuleOptionsAndHeap() throws IOException {
        List<String> command = dryRun(List.of("train", "--conf", "spark.a=b", "--train", "x.gz"), Map.of());
        List<String> moduleOptions = Arrays.asList(
                Files.readString(distribution.home().resolve("lib/spark-jvm-options")).strip().split(" "));
        assertTrue(command.containsAll(moduleOptions), "module options missing: " + command);
        assertTrue(command.contains("-Xmx4g"), "default local heap missing: " + command);
        assertSubsequence(command, "org.apache.spark.deploy.SparkSubmit", "--master", "local[*]", "--conf", "spark.a=b",
                "--class", Distribution.MAIN_CLASS, distribution.applicationJar().toString(), "train", "--train", "x.gz");
        assertFalse(command.contains("--properties-file"), "no spark-defaults.conf, yet: " + command);
    }

    @Test
    void localModeTakesMasterMemoryAndDefaults() throws IOException {
        Files.writeString(temp.resolve("spark-defaults.conf"), "spark.executor.memory 1g\n");
        List<String> command = dryRun(List.of("--master=local[2]", "train", "--driver-memory", "3g", "--epochs", "2"),
                Map.of("SHARDPROP_CONF_DIR", temp.toString()));
        assertTrue(command.contains("-Xmx3g"), "driver memory is not the heap: " + command);
        assertSubsequence(command, "--master", "local[2]", "--properties-file", temp.resolve("spark-defaults.conf").toString(),
                "--class", Distribution.MAIN_CLASS, distribution.applicationJar().toString(), "train", "--epochs", "2");
        assertFalse(command.contains("--driver-memory"), "driver memory passed on: " + command);
    }

    @Test
    void sparkHomeModeCallsSparkSubmit() throws IOException {
        Path sparkHome = temp.resolve("spark");
        Path arguments = temp.resolve("arguments.txt");
        // A stand-in spark-submit that records its arguments and exits with a status of its own.
        writeScript(sparkHome.resolve("bin/spark-submit"),
                "#!/bin/sh\nprintf '%s\\n' \"$@\" > '" + arguments + "'\nexit 7\n");
        ProcessResult result = distribution.runLauncher(
                List.of("train", "--master", "spark://127.0.0.1:7077", "--conf", "spark.a=b", "--train", "x.gz",
                        "--executor-memory", "1g", "--driver-memory", "3g"),
                Map.of("SPARK_HOME", sparkHome.toString()), TIMEOUT);
        assertEquals(7, result.exitCode(), "spark-submit's exit status is not passed on: " + result.describe());
        assertEquals(List.of("--master", "spark://127.0.0.1:7077", "--driver-memory", "3g", "--conf", "spark.a=b",
                        "--executor-memory", "1g", "--class", Distribution.MAIN_CLASS,
                        distribution.applicationJar().toString(), "train", "--train", "x.gz"),
                Files.readAllLines(arguments));
    }

    @Test
    void sparkHomeOptionOverridesEnvironment() throws IOException {
        Path sparkHome = temp.resolve("spark");
        writeScript(sparkHome.resolve("bin/spark-submit"), "#!/bin/sh\nexit 0\n");
        List<String> command = dryRun(List.of("--spark-home", sparkHome.toString(), "evaluate"),
                Map.of("SPARK_HOME", temp.resolve("elsewhere").toString()));
        assertEquals(sparkHome.resolve("bin/spark-submit").toString(), command.get(0));
    }

    @Test
    void sparkHomeWithoutSparkSubmitIsReported() {
        ProcessResult result = distribution.runLauncher(List.of("train"), Map.of("SPARK_HOME", temp.toString()), TIMEOUT);
        assertEquals(1, result.exitCode(), result.describe());
        assertTrue(result.output().contains(temp.resolve("bin/spark-submit") + " is not an executable file"),
                result.describe());
    }

    @Test
    void optionWithoutValueExitsWithTwo() {
        ProcessResult result = distribution.runLauncher(List.of("train", "--master"), Map.of(), TIMEOUT);
        assertEquals(2, result.exitCode(), result.describe());
        assertTrue(result.output().contains("option --master needs a value"), result.describe());
    }

    @Test
    void invalidJavaHomeIsReported() {
        ProcessResult result = distribution.runLauncher(List.of("train"),
                Map.of("JAVA_HOME", temp.resolve("no-java").toString()), TIMEOUT);
        assertEquals(1, result.exitCode(), result.describe());
        assertTrue(result.output().contains("JAVA_HOME is '" + temp.resolve("no-java") + "'"), result.describe());
    }

    @Test
    void missingJavaIsReported() throws IOException {
        // A PATH with the tools the launcher runs before it looks for java, and no java.
        Path bin = Files.createDirectories(temp.resolve("bin"));
        for (String tool : List.of("bash", "dirname", "readlink")) {
            Files.createSymbolicLink(bin.resolve(tool), Path.of("/usr/bin", tool).toRealPath());
        }
        ProcessResult result = Commands.run(List.of("/usr/bin/env", "bash", distribution.launcher().toString(), "train"),
                temp, Commands.environment("PATH", bin.toString(), "JAVA_HOME", null, "SPARK_HOME", null), TIMEOUT);
        assertEquals(1, result.exitCode(), result.describe());
        assertTrue(result.output().contains("java not found"), result.describe());
    }

    @Test
    void oldJavaIsRejected() throws IOException {
        Path javaHome = temp.resolve("jdk8");
        // Prints the property line Java 8 prints for -XshowSettings:properties.
        writeScript(javaHome.resolve("bin/java"), "#!/bin/sh\necho '    java.specification.version = 1.8' >&2\n");
        ProcessResult result = distribution.runLauncher(List.of("train"), Map.of("JAVA_HOME", javaHome.toString()), TIMEOUT);
        assertEquals(1, result.exitCode(), result.describe());
        assertTrue(result.output().contains("is Java 1.8, but Spark 4 needs Java 17 or newer"), result.describe());
    }

    @Test
    void missingApplicationJarIsReported() throws IOException {
        // A copy of the distribution without lib/shardprop-spark-job.jar.
        Path copy = temp.resolve("dist");
        for (String file : List.of("bin/shardprop", "libexec/shardprop-functions.sh", "lib/spark-jvm-options")) {
            Files.createDirectories(copy.resolve(file).getParent());
            Files.copy(distribution.home().resolve(file), copy.resolve(file));
        }
        Files.createSymbolicLink(copy.resolve("lib/spark"), distribution.home().resolve("lib/spark"));
        ProcessResult result = Commands.run(List.of(copy.resolve("bin/shardprop").toString(), "train"), temp,
                Commands.environment("SPARK_HOME", null), TIMEOUT);
        assertEquals(1, result.exitCode(), result.describe());
        assertTrue(result.output().contains("application jar not found: " + copy.resolve("lib/shardprop-spark-job.jar")),
                result.describe());
    }

    /** Returns the command the launcher would run for {@code arguments}, one element per argument. */
    private List<String> dryRun(List<String> arguments, Map<String, String> environment) {
        Map<String, String> withDryRun = new java.util.HashMap<>(environment);
        withDryRun.put("SHARDPROP_DRY_RUN", "1");
        List<String> command = new java.util.ArrayList<>();
        command.add(distribution.launcher().toString());
        command.addAll(arguments);
        withDryRun.putIfAbsent("SPARK_HOME", null);
        ProcessResult result = Commands.run(command, temp, withDryRun, TIMEOUT);
        assertEquals(0, result.exitCode(), result.describe());
        // The launcher prints the command with printf %q: words separated by spaces, shell
        // characters escaped with a backslash. The test arguments contain no spaces.
        return Arrays.stream(result.output().strip().split(" +"))
                .map(word -> word.replaceAll("\\\\(.)", "$1"))
                .toList();
    }

    /** Asserts that {@code expected} occurs in {@code actual} as consecutive elements. */
    private static void assertSubsequence(List<String> actual, String... expected) {
        assertTrue(java.util.Collections.indexOfSubList(actual, List.of(expected)) >= 0,
                "expected " + List.of(expected) + " in " + actual);
    }

    private static void writeScript(Path script, String text) throws IOException {
        Files.createDirectories(script.getParent());
        Files.writeString(script, text);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
