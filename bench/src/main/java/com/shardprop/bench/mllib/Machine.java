package com.shardprop.bench.mllib;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The machine a comparison ran on: cores, CPU model, Java and Spark versions, load. */
final class Machine {

    private static final Logger LOG = LoggerFactory.getLogger(Machine.class);

    private Machine() {
    }

    /**
     * Describes this machine. The CPU model is the "Model name" line of {@code lscpu}, and the load
     * is the first three fields of {@code /proc/loadavg}; either is "unknown" where unavailable.
     */
    static Map<String, String> describe(String sparkVersion, String master, int executorCores) {
        Map<String, String> machine = new LinkedHashMap<>();
        machine.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        machine.put("cpu", cpuModel());
        machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        machine.put("driver heap max", (Runtime.getRuntime().maxMemory() >> 20) + " MiB");
        machine.put("spark", sparkVersion);
        machine.put("master", master);
        machine.put("executor cores", Integer.toString(executorCores));
        machine.put("load average at start", loadAverage());
        return machine;
    }

    /** Returns the 1, 5 and 15 minute load averages, or "unknown". */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not read /proc/loadavg: {}", e.toString());
            return "unknown";
        }
    }

    private static String cpuModel() {
        try {
            Process lscpu = new ProcessBuilder("lscpu").redirectErrorStream(true).start();
            String output = new String(lscpu.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            lscpu.waitFor();
            for (String line : output.split("\n")) {
                if (line.startsWith("Model name:")) {
                    return line.substring("Model name:".length()).trim();
                }
            }
            LOG.warn("lscpu printed no 'Model name' line");
        } catch (IOException e) {
            LOG.warn("Could not run lscpu: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "unknown";
    }
}
