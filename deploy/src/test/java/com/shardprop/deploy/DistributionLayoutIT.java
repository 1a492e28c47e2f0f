package com.shardprop.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/** The assembled distribution's folders and the content of the application jar. */
class DistributionLayoutIT {

    private final Distribution distribution = Distribution.assembled();

    @Test
    void scriptsAreExecutable() {
        for (String script : List.of("bin/shardprop", "sbin/start-local-cluster.sh", "sbin/stop-local-cluster.sh",
                "examples/submit-standalone.sh", "examples/scheduling/scheduled-train.sh")) {
            assertTrue(Files.isExecutable(distribution.home().resolve(script)), script + " is not executable");
        }
    }

    @Test
    void configurationTemplatesPresent() throws IOException {
        String defaults = Files.readString(distribution.home().resolve("conf/spark-defaults.conf.template"));
        assertTrue(defaults.contains("spark.serializer                      org.apache.spark.serializer.KryoSerializer"),
                "spark-defaults.conf.template does not select Kryo");
        assertTrue(defaults.contains("com.shardprop.spark.ShardpropKryoRegistrator"),
                "spark-defaults.conf.template does not name the Kryo registrator");
        String log4j = Files.readString(distribution.home().resolve("conf/log4j2.properties"));
        assertTrue(log4j.contains("rootLogger.level = warn"), "log4j2.properties does not quiet the root logger");
        assertTrue(log4j.contains("logger.shardprop.level = info"), "log4j2.properties does not log com.shardprop at INFO");
    }

    @Test
    void jvmOptionsMatchParentPom() throws IOException {
        String expected = System.getProperty("shardprop.spark.jvm.flags");
        assertNotNull(expected, "system property shardprop.spark.jvm.flags is not set; run through Maven");
        assertEquals(expected.strip(), Files.readString(distribution.home().resolve("lib/spark-jvm-options")).strip());
    }

    @Test
    void bundledSparkIsASparkHome() throws IOException {
        Path jars = distribution.home().resolve("lib/spark/jars");
        try (var files = Files.list(jars)) {
            List<String> names = files.map(path -> path.getFileName().toString()).toList();
            assertTrue(names.stream().anyMatch(name -> name.startsWith("spark-core_2.13-")), "no spark-core in " + jars);
            assertTrue(names.stream().anyMatch(name -> name.startsWith("spark-sql_2.13-")), "no spark-sql in " + jars);
            assertTrue(names.stream().anyMatch(name -> name.startsWith("log4j-slf4j2-impl-")), "no SLF4J binding in " + jars);
            assertFalse(names.stream().anyMatch(name -> name.startsWith("shardprop")), "Shardprop jar inside " + jars);
        }
    }

    @Test
    void applicationJarHoldsShardpropAndRelocatedLibraries() throws IOException {
        List<String> entries = jarEntries();
        for (String expected : List.of(
                "com/shardprop/spark/cli/Main.class",
                "com/shardprop/spark/ShardpropKryoRegistrator.class",
                "com/shardprop/core/Backprop.class",
                "com/shardprop/shaded/picocli/CommandLine.class",
                "com/shardprop/shaded/org/ejml/data/DMatrixRMaj.class")) {
            assertTrue(entries.contains(expected), "application jar lacks " + expected);
        }
    }

    @Test
    void applicationJarLeavesClusterLibrariesOut() throws IOException {
        // Spark, Scala, Hadoop, Kryo, Jackson and logging come from the cluster; picocli and
        // EJML must only appear relocated.
        List<String> forbidden = List.of("org/apache/spark/", "scala/", "org/apache/hadoop/", "com/esotericsoftware/",
                "com/twitter/chill/", "com/fasterxml/jackson/", "org/slf4j/", "org/apache/logging/", "picocli/",
                "org/ejml/", "com/github/mustachejava/");
        for (String entry : jarEntries()) {
            for (String prefix : forbidden) {
                assertFalse(entry.startsWith(prefix), "application jar contains " + entry);
            }
        }
    }

    @Test
    void applicationJarNamesMainClass() throws IOException {
        try (JarFile jar = new JarFile(distribution.applicationJar().toFile())) {
            assertEquals(Distribution.MAIN_CLASS, jar.getManifest().getMainAttributes().getValue("Main-Class"));
        }
    }

    private List<String> jarEntries() throws IOException {
        try (JarFile jar = new JarFile(distribution.applicationJar().toFile())) {
            return Collections.list(jar.entries()).stream().map(ZipEntry::getName).toList();
        }
    }
}
