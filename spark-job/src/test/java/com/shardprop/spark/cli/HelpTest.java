package com.shardprop.spark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** {@code --help} of the top level and of each subcommand: exit code 0, every option listed, no Spark. */
class HelpTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "train", "evaluate", "predict"})
    void helpListsEveryOption(String command) {
        boolean sparkRunning = SparkSession.getDefaultSession().isDefined();
        List<String> args = command.isEmpty() ? List.of("--help") : List.of(command, "--help");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));

        assertEquals(Main.EXIT_OK, code, err.toString());
        assertEquals("", err.toString());
        CommandLine root = new CommandLine(new Main());
        CommandLine described = command.isEmpty() ? root : root.getSubcommands().get(command);
        for (OptionSpec option : described.getCommandSpec().options()) {
            // Help shows a negatable --header as --[no-]header.
            String name = option.negatable() ? option.longestName().substring(2) : option.longestName();
            assertTrue(out.toString().contains(name), name + " missing from\n" + out);
        }
        for (String subcommand : root.getSubcommands().keySet()) {
            if (command.isEmpty()) {
                assertTrue(out.toString().contains(subcommand), subcommand + " missing from\n" + out);
            }
        }
        if (!sparkRunning) {
            assertFalse(SparkSession.getDefaultSession().isDefined(), "--help started Spark");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"train", "evaluate", "predict"})
    void everyOptionStatesDefault(String command) {
        CommandLine described = new CommandLine(new Main()).getSubcommands().get(command);
        for (OptionSpec option : described.getCommandSpec().options()) {
            if (option.usageHelp() || option.versionHelp()) {
                continue;
            }
            String description = String.join(" ", option.description());
            assertTrue(description.contains("Default:") || description.contains("Required."),
                    command + " " + option.longestName() + " does not state its default: " + description);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "train", "evaluate", "predict"})
    void versionNamesShardprop(String command) {
        List<String> args = command.isEmpty() ? List.of("--version") : List.of(command, "--version");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));

        assertEquals(Main.EXIT_OK, code, err.toString());
        // Test classes have no jar manifest, so the version itself reads "(development build, …)".
        assertTrue(out.toString().startsWith("shardprop "), "version output: '" + out + "'");
    }
}
