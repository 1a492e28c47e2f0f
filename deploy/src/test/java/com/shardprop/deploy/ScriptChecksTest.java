package com.shardprop.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Static checks of the distribution's scripts and examples, the ones possible without a cluster:
 * shell syntax and shellcheck, YAML syntax, and Python syntax for the Airflow DAG (Airflow itself
 * is not installed). Runs on the sources, before the distribution is packaged.
 */
class ScriptChecksTest {

    private static final Path DEPLOY = Path.of(System.getProperty("shardprop.deploy.dir", ".")).toAbsolutePath();
    private static final Duration TIMEOUT = Duration.ofMinutes(1);

    @Test
    void shellScriptsParse() throws IOException {
        List<Path> scripts = shellScripts();
        assertFalse(scripts.isEmpty(), "no shell scripts found under " + DEPLOY);
        for (Path script : scripts) {
            ProcessResult result = run("bash", "-n", script.toString());
            assertEquals(0, result.exitCode(), "bash -n " + script + ": " + result.describe());
        }
    }

    @Test
    void shellScriptsPassShellcheck() throws IOException {
        assumeTrue(Commands.isInstalled("shellcheck"),
                "shellcheck is not installed (deploy/scripts/test.sh installs it with apt-get)");
        List<String> command = new ArrayList<>(List.of("shellcheck", "--external-sources", "--severity=style"));
        shellScripts().forEach(script -> command.add(script.toString()));
        ProcessResult result = Commands.run(command, DEPLOY, Map.of(), TIMEOUT);
        assertEquals(0, result.exitCode(), "shellcheck: " + result.describe());
    }

    @Test
    void mavenCallsPrintNoColorCodes() throws IOException {
        // Maven 3.8.7 prints ANSI colour codes even with -B and -q, which end up in logs as ESC[0m.
        for (Path script : shellScripts()) {
            List<String> lines = Files.readAllLines(script);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.contains("mvn -")) {
                    assertTrue(line.contains("-Dstyle.color=never"), script + " line " + (i + 1) + ": " + line);
                }
            }
        }
    }

    @Test
    void yamlExamplesParse() throws IOException {
        List<Path> files = filesEndingWith(".yaml");
        assertFalse(files.isEmpty(), "no YAML examples found");
        for (Path file : files) {
            // PyYAML: Debian's python3-yaml, which deploy/scripts/test.sh installs.
            ProcessResult result = run("python3", "-c",
                    "import sys, yaml; docs = list(yaml.safe_load_all(open(sys.argv[1])));"
                            + " assert docs and all(isinstance(d, dict) for d in docs), 'no mapping document'",
                    file.toString());
            assertEquals(0, result.exitCode(), "YAML parse of " + file + ": " + result.describe());
        }
    }

    @Test
    void pythonExamplesCompile() throws IOException {
        List<Path> files = filesEndingWith(".py");
        assertFalse(files.isEmpty(), "no Python examples found");
        Path compiled = Commands.workFolder().resolve("py-compile");
        Files.createDirectories(compiled);
        for (Path file : files) {
            // Writes the byte code under target/, not next to the source as py_compile would.
            ProcessResult result = run("python3", "-c",
                    "import py_compile, sys; py_compile.compile(sys.argv[1], cfile=sys.argv[2], doraise=True)",
                    file.toString(), compiled.resolve(file.getFileName() + "c").toString());
            assertEquals(0, result.exitCode(), "py_compile of " + file + ": " + result.describe());
        }
    }

    private static ProcessResult run(String... command) {
        return Commands.run(List.of(command), DEPLOY, Map.of(), TIMEOUT);
    }

    /** Every *.sh file and every file under a bin/ or sbin/ folder, in the sources and .ci/. */
    private static List<Path> shellScripts() throws IOException {
        List<Path> scripts = new ArrayList<>();
        for (Path root : List.of(DEPLOY.resolve("src/dist"), DEPLOY.resolve("scripts"), DEPLOY.resolveSibling(".ci"))) {
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(Files::isRegularFile)
                        .filter(file -> file.toString().endsWith(".sh") || file.getFileName().toString().equals("run")
                                || file.getParent().getFileName().toString().matches("s?bin"))
                        .sorted()
                        .forEach(scripts::add);
            }
        }
        return scripts;
    }

    private static List<Path> filesEndingWith(String suffix) throws IOException {
        try (Stream<Path> files = Files.walk(DEPLOY.resolve("src/dist/examples"))) {
            return files.filter(file -> file.toString().endsWith(suffix)).sorted().toList();
        }
    }
}
