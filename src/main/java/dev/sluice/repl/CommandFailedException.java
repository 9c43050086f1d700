package dev.sluice.repl;

/** A command understood its arguments but could not do its job; the message says why in one line. */
public final class CommandFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A failure with this one-line explanation. */
    public CommandFailedException(String message) {
        super(message);
    }
}
