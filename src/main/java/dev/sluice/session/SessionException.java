package dev.sluice.session;

/**
 * Reports why a cell could not be evaluated; its message is ready to show to the user as is.
 *
 * <p>There is one subclass per kind of failure, so a front end can choose how to present each
 * (a terminal prints the message; a notebook turns it into an error reply).
 */
public abstract sealed class SessionException extends RuntimeException
        permits CompileException, IncompleteSourceException, EvalInterruptedException, EvalRuntimeException {

    private static final long serialVersionUID = 1L;

    SessionException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A short name of the failure kind, e.g. {@code "CompileError"}, for front ends that need one. */
    public abstract String kind();
}
