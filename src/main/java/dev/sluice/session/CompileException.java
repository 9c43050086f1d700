package dev.sluice.session;

/** A snippet of the cell was rejected by the compiler; the message lists each error with a caret. */
public final class CompileException extends SessionException {

    private static final long serialVersionUID = 1L;

    private final String source;

    CompileException(String message, String source) {
        super(message, null);
        this.source = source;
    }

    /** The source of the rejected snippet. */
    public String source() {
        return source;
    }

    @Override
    public String kind() {
        return "CompileError";
    }
}
