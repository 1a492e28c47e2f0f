package com.shardprop.core;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A failure caused by the user's input: an invalid network specification, malformed data, a
 * corrupt model file or an out-of-range option value. The message says what was expected,
 * what was found, where (file, row, column or layer) and how to fix it. Command-line entry
 * points map this exception to exit code 2 and every other exception to exit code 1.
 */
public class InvalidInputException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Finds the first InvalidInputException in the cause chain of {@code error}, itself
     * included. Spark delivers an exception thrown inside a task to the driver wrapped in a
     * SparkException, so code that runs jobs calls this to recover the user-facing message.
     */
    public static Optional<InvalidInputException> findIn(Throwable error) {
        Map<Throwable, Boolean> visited = new IdentityHashMap<>();
        for (Throwable current = error; current != null && visited.put(current, Boolean.TRUE) == null;
                current = current.getCause()) {
            if (current instanceof InvalidInputException invalid) {
                return Optional.of(invalid);
            }
        }
        return Optional.empty();
    }
}
