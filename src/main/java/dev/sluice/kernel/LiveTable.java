package dev.sluice.kernel;

/**
 * A live view of a stream's latest batch ({@code display(stream)}): a table, or bars for a pair
 * stream's values, redrawn in place after every batch. The methods change how it is drawn from the
 * next redraw on (the current batch is redrawn at once) and return the view, so they chain:
 *
 * <pre>{@code
 * display(counts).chart().top(10);   // the ten largest counts as bars, live
 * display(counts).sortByKey();       // a table in key order
 * }</pre>
 *
 * <p>In the page, a pair table also sorts on a click on its key or value column header (a second
 * click reverses it); the page keeps the reader's order across redraws, and these methods set the
 * order it starts with.
 */
public interface LiveTable extends LiveView {
    /** Orders rows by key (pairs) or by the element, ascending. */
    LiveTable sortByKey();

    /** Orders pairs by value, largest first (the default for numeric values). */
    LiveTable sortByValue();

    /** Shows only the first {@code n} rows (default 20) and says how many more there are. */
    LiveTable top(int n);

    /** Draws the values of a pair stream as horizontal bars, one per key, instead of a table. */
    LiveTable chart();

    /** Draws a table again (the default). */
    LiveTable table();
}
