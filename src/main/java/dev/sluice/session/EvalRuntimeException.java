package dev.sluice.session;

/**
 * A snippet threw while running. {@link #getCause()} is the live exception the user's code threw;
 * the message is its description with the stack trace trimmed to the user's snippets.
 */
public final class EvalRuntimeException extends SessionException {

    private static final long serialVersionUID = 1L;

    private final String source;

    EvalRuntimeException(String message, Throwable cause, String source) {
        super(message, cause);
        this.source = source;
    }

    /** The source of the snippet that threw. */
    public String source() {
        return source;
    }

    @Override
    public String kind() {
        return getCause() == null ? "RuntimeError" : getCause().getClass().getName();
    }
}
