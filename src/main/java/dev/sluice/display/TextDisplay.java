package dev.sluice.display;

/**
 * Renders a live result as text for a terminal: an RDD as a compact table of its first rows, a
 * DStream as its one-line description, batch information as a summary, anything else as the shell
 * shows values.
 */
public final class TextDisplay {

    /** How many rows of a dataset are shown. */
    public static final int MAX_ROWS = 20;

    private TextDisplay() {
    }

    /** The value as text, possibly several lines, without a trailing newline. */
    public static String render(Object value) {
        return Values.show(value);
    }
}
