package com.shardprop.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The job options in every submit and scheduling example exist in the train command. The
 * examples cannot run here against YARN, Kubernetes or Airflow, but a renamed or misspelt option
 * would fail there, so each is checked against 'bin/shardprop train --help'.
 */
class ExampleOptionsIT {

    /**
     * The subcommand on a line of its own: a shell word before a line continuation, a YAML list
     * item or a Python string in a list.
     */
    private static final Pattern TRAIN_COMMAND = Pattern.compile("(?m)^\\s*(- )?\"?train\"?,?\\s*\\\\?$");
    private static final Pattern OPTION = Pattern.compile("--[a-z][a-z0-9-]*");

    private final Distribution distribution = Distribution.assembled();

    @Test
    void exampleOptionsExistInTrainCommand() throws IOException {
        ProcessResult help = distribution.runLauncher(List.of("train", "--help"), Map.of(), Duration.ofMinutes(1));
        assertEquals(0, help.exitCode(), help.describe());

        List<Path> examples;
        try (Stream<Path> files = Files.walk(distribution.home().resolve("examples"))) {
            examples = files.filter(Files::isRegularFile)
                    .filter(file -> !file.getFileName().toString().equals("Dockerfile"))
                    .sorted()
                    .toList();
        }
        int checked = 0;
        for (Path example : examples) {
            String text = Files.readString(example);
            Matcher train = TRAIN_COMMAND.matcher(text);
            if (!text.contains("com.shardprop.spark.cli.Main") && !text.contains("bin/shardprop")
                    || !train.find()) {
                continue;
            }
            TreeSet<String> options = new TreeSet<>();
            Matcher option = OPTION.matcher(text.substring(train.end()));
            while (option.find()) {
                options.add(option.group());
            }
            assertFalse(options.isEmpty(), example + " passes no options to train");
            for (String name : options) {
                assertTrue(Pattern.compile("(^|[\\s,])" + Pattern.quote(name) + "([=\\s,\\[]|$)", Pattern.MULTILINE)
                                .matcher(help.output()).find(),
                        example + " uses " + name + ", which 'train --help' does not list");
            }
            checked++;
        }
        assertTrue(checked >= 6, "expected the 4 submit scripts, the manifest, the DAG and the scheduled script;"
                + " checked " + checked);
    }
}
