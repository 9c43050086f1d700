package dev.sluice.session;

/**
 * A snippet threw while running. {@link #getCause()} is the live exception the user's code threw;
 * the message is its description with the stack trace trimmed to the user's snippets.
 */
public final class EvalRuntimeException extends SessionException {

    private static final long serialVersionUID = 1L;

    EvalRuntimeException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String kind() {
        return getCause() == null ? "RuntimeError" : getCause().getClass().getName();
    }
}
