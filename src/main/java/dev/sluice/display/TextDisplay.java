package dev.sluice.display;

import dev.sluice.streaming.BatchInfo;
import dev.sluice.streaming.DStream;
import dev.sluice.streaming.OutputHandle;
import dev.sluice.streaming.Pair;
import dev.sluice.streaming.RDD;
import java.util.List;

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
        if (value instanceof RDD<?> rdd) {
            return rdd(rdd, MAX_ROWS);
        }
        if (value instanceof DStream<?> stream) {
            return Values.inline(stream);
        }
        if (value instanceof BatchInfo batch) {
            return BatchText.summary(batch);
        }
        if (value instanceof List<?> list && !list.isEmpty() && list.stream().allMatch(BatchInfo.class::isInstance)) {
            return BatchText.table(list.stream().map(BatchInfo.class::cast).toList());
        }
        if (value instanceof OutputHandle output) {
            return output(output);
        }
        if (ErrorTable.isErrorList(value)) {
            return ErrorTable.text((List<?>) value);
        }
        return Values.show(value);
    }

    /** The first {@code maxRows} elements of the dataset as a table; pairs get a key and a value column. */
    public static String rdd(RDD<?> rdd, int maxRows) {
        List<?> rows;
        try {
            rows = rdd.take(maxRows + 1);
        } catch (RuntimeException e) {
            return "cannot compute the dataset: " + e;
        }
        return rows(rows, maxRows);
    }

    /** Elements as a table: pairs as key and value columns, other elements in one column. */
    public static String rows(List<?> rows, int maxRows) {
        if (rows.isEmpty()) {
            return "(no rows)";
        }
        boolean pairs = rows.stream().allMatch(r -> r instanceof Pair<?, ?>);
        TextTable table = pairs ? TextTable.of("key", "value") : TextTable.of("value");
        int shown = Math.min(rows.size(), maxRows);
        for (int i = 0; i < shown; i++) {
            Object row = rows.get(i);
            if (pairs) {
                Pair<?, ?> p = (Pair<?, ?>) row;
                table.row(Values.inline(p.key()), Values.inline(p.value()));
            } else {
                table.row(Values.inline(row));
            }
        }
        String footer = rows.size() > maxRows
                ? "(first " + maxRows + " rows shown)"
                : "(" + shown + (shown == 1 ? " row)" : " rows)");
        return table.render() + "\n" + footer;
    }

    /**
     * An output as one line, as {@code :vars} shows it too: id, kind, stream and status, as in
     * {@code output 1: print of 'counts' (active)}.
     */
    public static String output(OutputHandle output) {
        return output.toString();
    }
}
