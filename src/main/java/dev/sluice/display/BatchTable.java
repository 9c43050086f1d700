package dev.sluice.display;

import dev.sluice.engine.BatchTimes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The rows of one batch as a live view shows them: in a chosen order (pairs with numeric values
 * largest first by default), the first N with a note of how many more there are, under a
 * one-line caption (stream name, batch time of day, record count), numbers right-aligned.
 */
public final class BatchTable {
    /** How rows are ordered. */
    public enum Order {
        /** As the batch has them. */
        ARRIVAL,
        /** By key (pairs) or by the element itself, ascending. */
        KEY,
        /** By value (pairs), largest first. */
        VALUE,
        /** By key, descending: a second click on the key column (in the page only). */
        KEY_DESCENDING,
        /** By value, smallest first: a second click on the value column (in the page only). */
        VALUE_ASCENDING
    }

    private BatchTable() {
    }

    /** The order a view starts with: pairs with numeric values by value, other pairs by key, anything else as it came. */
    public static Order defaultOrder(List<?> rows) {
        if (rows.isEmpty() || !rows.stream().allMatch(BatchTable::isPair)) return Order.ARRIVAL;
        return rows.stream().allMatch(r -> value(r) instanceof Number) ? Order.VALUE : Order.KEY;
    }

    /** The rows in {@code order} (a new list). */
    public static List<Object> sorted(List<?> rows, Order order) {
        List<Object> out = new ArrayList<>(rows);
        boolean pairs = !rows.isEmpty() && rows.stream().allMatch(BatchTable::isPair);
        switch (order) {
            case KEY -> out.sort(Comparator.comparing(r -> pairs ? key(r) : r, BatchTable::compare));
            case VALUE -> out.sort(Comparator.comparing((Object r) -> pairs ? value(r) : r, BatchTable::compare).reversed());
            case KEY_DESCENDING -> out.sort(Comparator.comparing((Object r) -> pairs ? key(r) : r, BatchTable::compare).reversed());
            case VALUE_ASCENDING -> out.sort(Comparator.comparing(r -> pairs ? value(r) : r, BatchTable::compare));
            default -> { }
        }
        return out;
    }

    /** The one-line caption: {@code counts · 10:04:21 · 3 records}. */
    public static String caption(String name, long batchMs, long records) {
        return name + " · " + BatchTimes.describe(batchMs) + " · " + String.format(Locale.ROOT, "%,d", records)
                + (records == 1 ? " record" : " records");
    }

    /**
     * The rows shown (already ordered and cut) as an HTML table, with {@code more} rows left out
     * ({@code -1}: an unknown number more).
     */
    public static String html(List<?> shown, long more, String caption, Order order) {
        return table(caption, List.of(new Body(order, shown, more)), order, false);
    }

    /**
     * A pair table that the reader can sort in the page: a click on the key or the value column
     * header shows the batch's first {@code top} rows in that column's order (keys A to Z, values
     * largest first), a second click on the same header the reverse, and the page remembers the
     * choice for the view across its in-place updates ({@link #SORT_SCRIPT}). All four orders are
     * in the HTML (three hidden), each cut from all {@code rows} of the batch, {@code total} of them;
     * {@code order} is the one shown until the reader clicks. Rows that are not all pairs get the
     * plain table in {@code order}.
     */
    public static String sortableHtml(List<?> rows, long total, int top, String caption, Order order) {
        boolean pairs = !rows.isEmpty() && rows.stream().allMatch(BatchTable::isPair);
        if (!pairs || order == Order.ARRIVAL) {
            List<Object> shown = sorted(rows, order);
            shown = shown.subList(0, Math.min(top, shown.size()));
            return html(shown, total - shown.size(), caption, order);
        }
        List<Body> bodies = new ArrayList<>();
        for (Order o : List.of(Order.KEY, Order.KEY_DESCENDING, Order.VALUE, Order.VALUE_ASCENDING)) {
            List<Object> shown = sorted(rows, o);
            shown = shown.subList(0, Math.min(top, shown.size()));
            bodies.add(new Body(o, shown, total - shown.size()));
        }
        return table(caption, bodies, order, true) + SORT_SCRIPT;
    }

    /** One order's rows of a table: the rows shown and how many more there are. */
    private record Body(Order order, List<?> shown, long more) {
    }

    private static String table(String caption, List<Body> bodies, Order visible, boolean sortable) {
        List<Object> all = new ArrayList<>();
        for (Body b : bodies) all.addAll(b.shown());
        List<String> columns = HtmlTable.columns(all);
        boolean[] numeric = new boolean[columns.size()];
        java.util.Arrays.fill(numeric, !all.isEmpty());
        for (Object row : all) {
            List<Object> cells = HtmlTable.cells(row, columns.size());
            for (int i = 0; i < numeric.length; i++) numeric[i] &= cells.get(i) instanceof Number;
        }
        StringBuilder html = new StringBuilder("<div class=\"sluice-table\">");
        html.append("<div class=\"sluice-caption\" style=\"font:13px sans-serif;margin:2px 0 4px;white-space:nowrap\">")
                .append(captionHtml(caption));
        for (Body b : bodies) html.append(hiddenUnless(orderNote(b.order(), columns.size()), b.order(), visible, sortable));
        html.append("</div>");
        html.append("<table style=\"border-collapse:collapse;font-variant-numeric:tabular-nums;margin:0\"><thead><tr>");
        for (int i = 0; i < columns.size(); i++) {
            Order sortsBy = !sortable ? null : i == 0 ? Order.KEY : i == 1 ? Order.VALUE : null;
            html.append("<th style=\"text-align:").append(numeric[i] ? "right" : "left")
                    .append(";padding:3px 12px;border-bottom:1px solid #999");
            if (sortsBy != null) {
                boolean key = sortsBy == Order.KEY;
                String by = key ? "key, A to Z" : "value, largest first";
                html.append(";cursor:pointer;user-select:none\" data-sluice-sort=\"").append(sortsBy.name().toLowerCase(java.util.Locale.ROOT))
                        .append("\" title=\"Click to sort by ").append(by).append("; click again for the reverse\">");
                // The arrow of the order shown (up: ascending); the other column shows a faint two-way arrow.
                Order reverse = key ? Order.KEY_DESCENDING : Order.VALUE_ASCENDING;
                html.append(HtmlTable.escape(columns.get(i)))
                        .append(hiddenUnless(arrow(key ? "\u25B2" : "\u25BC"), sortsBy, visible, true))
                        .append(hiddenUnless(arrow(key ? "\u25BC" : "\u25B2"), reverse, visible, true));
                for (Order other : key ? List.of(Order.VALUE, Order.VALUE_ASCENDING) : List.of(Order.KEY, Order.KEY_DESCENDING)) {
                    html.append(hiddenUnless("<span style=\"color:#999\"> \u2195</span>", other, visible, true));
                }
            } else {
                html.append("\">").append(HtmlTable.escape(columns.get(i)));
            }
            html.append("</th>");
        }
        html.append("</tr></thead>");
        for (Body b : bodies) {
            html.append("<tbody");
            if (sortable) {
                html.append(" data-sluice-order=\"").append(attribute(b.order())).append('"');
                if (b.order() != visible) html.append(" hidden");
            }
            html.append('>');
            rows(html, b.shown(), b.more(), columns.size(), numeric);
            html.append("</tbody>");
        }
        return html.append("</table></div>").toString();
    }

    private static void rows(StringBuilder html, List<?> shown, long more, int columns, boolean[] numeric) {
        for (Object row : shown) {
            html.append("<tr>");
            List<Object> cells = HtmlTable.cells(row, columns);
            for (int i = 0; i < cells.size(); i++) {
                Object cell = cells.get(i);
                html.append("<td style=\"text-align:").append(numeric[i] ? "right" : "left").append(";padding:2px 12px\">")
                        .append(HtmlTable.escape(cell instanceof Number n ? number(n) : HtmlTable.cellText(cell))).append("</td>");
            }
            html.append("</tr>");
        }
        if (shown.isEmpty()) {
            html.append("<tr><td colspan=\"").append(columns).append("\" style=\"text-align:left;color:#777\"><i>(no records in this batch)</i></td></tr>");
        }
        if (more != 0) {
            html.append("<tr><td colspan=\"").append(columns).append("\" style=\"text-align:left;color:#666;padding:3px 12px\"><i>")
                    .append(more > 0 ? "and " + String.format(Locale.ROOT, "%,d", more) + " more" : "and more").append("</i></td></tr>");
        }
    }

    private static String arrow(String arrow) {
        return "<span class=\"sluice-arrow\" style=\"color:#555\"> " + arrow + "</span>";
    }

    /** {@code html} wrapped in a span marked with its order, hidden unless that order is the visible one. */
    private static String hiddenUnless(String html, Order order, Order visible, boolean sortable) {
        if (!sortable) return html;
        if (html.isEmpty()) return "";
        return "<span data-sluice-order=\"" + attribute(order) + "\"" + (order == visible ? "" : " hidden") + ">"
                + html + "</span>";
    }

    /**
     * Sorts live tables in the page. A click on a header marked {@code data-sluice-sort} stores the
     * column's order for the view (by the {@code data-sluice-id} of its frame) in
     * {@code window.sluiceSort}, or its reverse when the column's order is the one shown, and shows
     * the parts marked with that {@code data-sluice-order}, hiding the others. Every
     * frame runs this script when it is drawn, which installs the click handler once per page and
     * applies the stored orders, so a new frame that replaced the old one in place keeps the
     * reader's order. Without scripts (an exported notebook) the table keeps the kernel's order.
     */
    static final String SORT_SCRIPT = "<script>(function(){var W=window;"
            + "if(!W.sluiceSortApply){W.sluiceSort=W.sluiceSort||{};"
            + "W.sluiceSortApply=function(f){var o=W.sluiceSort[f.getAttribute('data-sluice-id')];if(!o)return;"
            + "f.querySelectorAll('[data-sluice-order]').forEach(function(e){e.hidden=e.getAttribute('data-sluice-order')!==o;});};"
            + "document.addEventListener('click',function(ev){var h=ev.target&&ev.target.closest&&ev.target.closest('th[data-sluice-sort]');"
            + "var f=h&&h.closest('.sluice-live[data-sluice-id]');if(!f)return;"
            + "var c=h.getAttribute('data-sluice-sort'),r=c==='key'?'key-descending':'value-ascending',"
            + "b=f.querySelector('tbody[data-sluice-order]:not([hidden])'),s=b&&b.getAttribute('data-sluice-order');"
            + "W.sluiceSort[f.getAttribute('data-sluice-id')]=s===c?r:c;W.sluiceSortApply(f);});}"
            + "document.querySelectorAll('.sluice-live[data-sluice-id]').forEach(W.sluiceSortApply);})();</script>";

    /** The same as plain text. */
    public static String text(List<?> shown, long more, String caption) {
        String table = HtmlTable.renderText(shown, false);
        return caption + "\n" + table + (more > 0 ? "\nand " + String.format(Locale.ROOT, "%,d", more) + " more" : "");
    }

    /** The pairs shown as bars: keys as labels, numeric values as lengths. */
    public static List<BarChart.Bar> bars(List<?> shown) {
        List<BarChart.Bar> bars = new ArrayList<>();
        for (Object row : shown) {
            Object v = isPair(row) ? value(row) : row;
            String label = isPair(row) ? Values.inline(key(row)) : Values.inline(row);
            bars.add(new BarChart.Bar(label, v instanceof Number n ? n.doubleValue() : 0));
        }
        return bars;
    }

    private static String captionHtml(String caption) {
        int dot = caption.indexOf(" · ");
        if (dot < 0) return "<b>" + HtmlTable.escape(caption) + "</b>";
        return "<b>" + HtmlTable.escape(caption.substring(0, dot)) + "</b><span style=\"color:#555\">"
                + HtmlTable.escape(caption.substring(dot)) + "</span>";
    }

    /** An order as the page names it: {@code key}, {@code key-descending}, {@code value}, {@code value-ascending}. */
    private static String attribute(Order order) {
        return order.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static String orderNote(Order order, int columns) {
        String note = switch (order) {
            case KEY -> columns > 1 ? "by key" : "sorted";
            case KEY_DESCENDING -> "by key, Z to A";
            case VALUE -> columns > 1 ? "largest value first" : "largest first";
            case VALUE_ASCENDING -> "smallest value first";
            default -> "";
        };
        return note.isEmpty() ? "" : "<span style=\"color:#888\"> · " + note + "</span>";
    }

    private static String number(Number n) {
        if (n instanceof Double || n instanceof Float) {
            double d = n.doubleValue();
            return Math.abs(d) >= 1000 ? String.format(Locale.ROOT, "%,.1f", d) : String.format(Locale.ROOT, "%.3f", d).replaceAll("\\.?0+$", "");
        }
        return String.format(Locale.ROOT, "%,d", n.longValue());
    }

    static boolean isPair(Object row) {
        return row instanceof java.util.Map.Entry<?, ?>
                || (row != null && row.getClass().isRecord() && row.getClass().getRecordComponents().length == 2
                    && row.getClass().getSimpleName().equals("Pair"));
    }

    static Object key(Object row) {
        return HtmlTable.cells(row, 2).get(0);
    }

    static Object value(Object row) {
        return HtmlTable.cells(row, 2).get(1);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(Object a, Object b) {
        if (a == null || b == null) return a == null ? (b == null ? 0 : -1) : 1;
        if (a instanceof Number x && b instanceof Number y) return Double.compare(x.doubleValue(), y.doubleValue());
        if (isPair(a) && isPair(b)) {
            int byKey = compare(key(a), key(b));
            return byKey != 0 ? byKey : compare(value(a), value(b));
        }
        if (a instanceof Comparable c && a.getClass() == b.getClass()) {
            try {
                return c.compareTo(b);
            } catch (RuntimeException e) {
                // fall through to text order
            }
        }
        return Values.inline(a).compareTo(Values.inline(b));
    }
}
