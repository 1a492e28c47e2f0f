package com.shardprop.spark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a class's {@code main} method in a new JVM with this test JVM's classpath and options,
 * which carry the module flags Spark needs on Java 17 (surefire's {@code argLine}). For tests that
 * need their own SparkContext settings or a process they can kill.
 */
public final class ChildJvm {

    private ChildJvm() {
    }

    /**
     * Starts {@code mainClass} with {@code arguments}; standard output and error both go to {@code log}.
     * The heap is capped at 1 GB, and a debugger agent of this JVM is not passed on.
     */
    public static Process start(Class<?> mainClass, List<String> arguments, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!option.startsWith("-Xmx") && !option.startsWith("-agentlib:jdwp")) {
                command.add(option);
            }
        }
        command.add("-Xmx1g");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(arguments);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
