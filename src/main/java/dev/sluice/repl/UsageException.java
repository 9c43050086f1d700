package dev.sluice.repl;

/** A command was given arguments it cannot use; the message says what is wrong in one line. */
public final class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A usage error with this one-line explanation. */
    public UsageException(String message) {
        super(message);
    }
}
