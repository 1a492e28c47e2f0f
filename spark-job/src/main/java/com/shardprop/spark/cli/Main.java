package com.shardprop.spark.cli;

import com.shardprop.core.InvalidInputException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code spark-submit} entry point: {@code shardprop train | evaluate | predict}.
 *
 * <p>Exit codes: {@value #EXIT_OK} on success; {@value #EXIT_INVALID_INPUT} for invalid arguments
 * (a picocli parameter error) or invalid input (an {@link InvalidInputException} anywhere in the
 * cause chain, which is how Spark delivers a task's input error); {@value #EXIT_FAILURE} for any
 * other failure. The error message is the last line written to standard error; the stack trace
 * goes to the log at DEBUG.
 *
 * <p>Help ({@code --help} on the top level or a subcommand) is printed without starting Spark.
 */
@Command(name = "shardprop", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        subcommands = {TrainCommand.class, EvaluateCommand.class, PredictCommand.class},
        description = "Trains feed-forward neural networks with synchronous data-parallel mini-batch SGD on Spark,"
                + " and evaluates or applies the saved models.",
        footer = {"", "Exit codes: 0 success, 2 invalid arguments or input, 1 any other failure.",
                "Without --master and without spark.master (which spark-submit sets), runs on local[*] in this JVM."})
public final class Main implements Callable<Integer> {

    /** Exit code of a successful command. */
    public static final int EXIT_OK = 0;
    /** Exit code of a failure that is not the user's input. */
    public static final int EXIT_FAILURE = 1;
    /** Exit code of invalid arguments or invalid input data, model files or option values. */
    public static final int EXIT_INVALID_INPUT = 2;

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    @Spec
    private CommandSpec spec;

    /** Runs the command line and exits the JVM with its exit code. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line with the process's standard output and error, and returns the exit code. */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /**
     * Runs the command line and returns the exit code without exiting the JVM.
     *
     * @param out receives results (evaluation tables, summaries) and help
     * @param err receives error messages; the message is its last line
     */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new Main());
        // Each subcommand has -V from mixinStandardHelpOptions but no provider, so it would print nothing.
        commandLine.getSubcommands().values().forEach(sub -> sub.getCommandSpec().versionProvider(new Version()));
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setParameterExceptionHandler((error, arguments) -> {
            CommandLine failed = error.getCommandLine();
            err.println("Run '" + failed.getCommandSpec().qualifiedName() + " --help' for the options.");
            err.println("shardprop: error: " + error.getMessage());
            err.flush();
            return EXIT_INVALID_INPUT;
        });
        commandLine.setExecutionExceptionHandler((error, failed, parseResult) -> {
            int code = exitCode(error);
            LOG.debug("{} failed", failed.getCommandSpec().qualifiedName(), error);
            err.println("shardprop: error: " + message(error));
            err.flush();
            return code;
        });
        return commandLine.execute(args);
    }

    /** Returns {@value #EXIT_INVALID_INPUT} when the cause chain contains an InvalidInputException, else {@value #EXIT_FAILURE}. */
    static int exitCode(Throwable error) {
        return InvalidInputException.findIn(error).isPresent() ? EXIT_INVALID_INPUT : EXIT_FAILURE;
    }

    /** Returns the message a user should read: the input error's own message when there is one. */
    static String message(Throwable error) {
        Throwable shown = InvalidInputException.findIn(error).<Throwable>map(invalid -> invalid).orElse(error);
        String text = shown.getMessage();
        if (text == null || text.isBlank()) {
            return shown.getClass().getName() + " (run with DEBUG logging for the stack trace)";
        }
        return text;
    }

    /** Rejects a command line without a subcommand. */
    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing command: expected train, evaluate or predict.");
    }

    /** Reports the version from the jar manifest, which the Maven build writes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"shardprop " + (version == null ? "(development build, no jar manifest)" : version)};
        }
    }
}
