package com.shardprop.deploy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The unpacked distribution that the build assembled (target/shardprop-VERSION-bin/shardprop-VERSION),
 * whose folder failsafe passes in the system property {@code shardprop.dist.dir}.
 */
final class Distribution {

    static final String MAIN_CLASS = "com.shardprop.spark.cli.Main";

    private final Path home;

    private Distribution(Path home) {
        this.home = home;
    }

    /** Returns the distribution the build assembled; fails when it has not been packaged. */
    static Distribution assembled() {
        String property = System.getProperty("shardprop.dist.dir");
        assertTrue(property != null && Files.isDirectory(Path.of(property)),
                "no assembled distribution at '" + property + "' (system property shardprop.dist.dir);"
                        + " run the integration tests through Maven: mvn -B verify");
        return new Distribution(Path.of(property).toAbsolutePath());
    }

    Path home() {
        return home;
    }

    Path launcher() {
        return home.resolve("bin/shardprop");
    }

    Path applicationJar() {
        return home.resolve("lib/shardprop-spark-job.jar");
    }

    /**
     * Runs {@code bin/shardprop} with {@code arguments} in local mode: SPARK_HOME is removed from
     * the environment, the driver heap is kept small for the test machine, and {@code environment}
     * is applied last.
     */
    ProcessResult runLauncher(List<String> arguments, Map<String, String> environment, Duration timeout) {
        List<String> command = new ArrayList<>();
        command.add(launcher().toString());
        command.addAll(arguments);
        Map<String, String> effective = new HashMap<>();
        effective.put("SPARK_HOME", null);
        effective.put("SHARDPROP_DRY_RUN", null);
        effective.putAll(environment);
        return Commands.run(command, Commands.workFolder(), effective, timeout);
    }
}
