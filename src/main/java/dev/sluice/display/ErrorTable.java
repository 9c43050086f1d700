package dev.sluice.display;

import dev.sluice.streaming.StreamingError;
import java.util.List;

/**
 * Renders {@code ssc.recentErrors()} as a table, as text for the shell and HTML for a notebook: one
 * row per error with its time as a person reads it, the output and stream it belongs to, what was
 * thrown and how many times in a row it came.
 */
public final class ErrorTable {

    /** One row of the table. */
    public record Row(String time, String output, String stream, String error, int times) {
    }

    private ErrorTable() {
    }

    /** Whether {@code value} is a non-empty list of errors, as {@code ssc.recentErrors()} returns. */
    public static boolean isErrorList(Object value) {
        return value instanceof List<?> list && !list.isEmpty() && list.stream().allMatch(StreamingError.class::isInstance);
    }

    /** The rows of the table, oldest first. */
    public static List<Row> rows(List<?> errors) {
        return errors.stream().map(StreamingError.class::cast).map(e -> new Row(e.time().toLocalString(),
                e.output().orElse("-"), e.stream().orElse("-"),
                e.exception().map(Throwable::toString).orElse(e.message()), e.count())).toList();
    }

    /** The errors as a text table. */
    public static String text(List<?> errors) {
        TextTable table = TextTable.of("time", "output", "stream", "error", "times");
        for (Row r : rows(errors)) {
            table.row(r.time(), r.output(), r.stream(), r.error(), r.times());
        }
        return table.render() + "\n(" + errors.size() + (errors.size() == 1 ? " error" : " errors")
                + "; each keeps its exception: .exception().get().printStackTrace())";
    }

    /** The errors as an HTML table. */
    public static String html(List<?> errors) {
        return HtmlTable.render(rows(errors), "recent errors", false);
    }
}
