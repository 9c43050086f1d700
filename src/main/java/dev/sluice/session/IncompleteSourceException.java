package dev.sluice.session;

/** The cell ends in the middle of a snippet (an open brace, a missing operand, ...). */
public final class IncompleteSourceException extends SessionException {

    private static final long serialVersionUID = 1L;

    private final String remaining;

    IncompleteSourceException(String remaining) {
        super("incomplete input: the cell ends before this snippet is finished:\n" + indent(remaining.strip())
                + "\nclose the open brackets or add the missing part, then run it again", null);
        this.remaining = remaining;
    }

    /** The unfinished source at the end of the cell. */
    public String remaining() {
        return remaining;
    }

    @Override
    public String kind() {
        return "IncompleteSource";
    }

    private static String indent(String text) {
        return "  " + text.replace("\n", "\n  ");
    }
}
