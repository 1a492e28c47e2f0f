package com.shardprop.deploy;

import java.nio.file.Path;

/**
 * Outcome of one external command run by the tests.
 *
 * @param exitCode the process's exit status
 * @param output stdout and stderr interleaved, as the command wrote them
 * @param log the file that holds {@code output}, kept under target/ for a failed test's report
 */
record ProcessResult(int exitCode, String output, Path log) {

    /** Describes the run for an assertion message: exit status, log file and the output's end. */
    String describe() {
        String tail = output.length() > 4000 ? "…" + output.substring(output.length() - 4000) : output;
        return "exit status " + exitCode + ", log " + log + ", output:\n" + tail;
    }
}
