package dev.ficus.platform;

/**
 * A start-up precondition that does not hold (PostgreSQL unreachable, {@code wal_level} not {@code logical},
 * a port already in use, ...). Its message is the one line printed to the user; it must say what is wrong and,
 * where possible, how to fix it.
 */
public class StartupCheckException extends RuntimeException {

    /**
     * @param message one line for the operator, e.g. {@code "port 61616 (Artemis acceptor) is already in use"}
     */
    public StartupCheckException(String message) {
        super(message);
    }

    /**
     * @param message one line for the operator
     * @param cause   the underlying failure, kept for the log
     */
    public StartupCheckException(String message, Throwable cause) {
        super(message, cause);
    }
}
