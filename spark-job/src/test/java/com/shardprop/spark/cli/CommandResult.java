package com.shardprop.spark.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** The exit code and the captured output of one {@link Main#run} call. */
record CommandResult(int exitCode, String out, String err) {

    /** Runs {@link Main#run} with {@code args}, capturing stdout and stderr. */
    static CommandResult run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CommandResult(code, out.toString(), err.toString());
    }

    /** Returns the last line written to stderr, where the error message belongs. */
    String lastErrorLine() {
        String[] lines = err.strip().split("\\R");
        return lines[lines.length - 1];
    }

    /** Returns the exit code and both outputs, for assertion messages. */
    String describe() {
        return "exit code " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
}
