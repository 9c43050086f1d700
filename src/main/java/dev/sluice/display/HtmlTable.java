package dev.sluice.display;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Renders a list of rows as an HTML table: records (such as {@code Pair}) get one column per
 * component, map entries a key and a value column, anything else a single {@code value} column.
 */
public final class HtmlTable {
    private static final int MAX_CELL_CHARS = 200;

    private HtmlTable() {
    }

    /**
     * Renders {@code rows} with an optional caption; {@code more} adds a final row saying that
     * the table shows only the first rows.
     */
    public static String render(List<?> rows, String caption, boolean more) {
        List<String> columns = columns(rows);
        StringBuilder html = new StringBuilder();
        html.append("<table class=\"sluice-table\" style=\"border-collapse:collapse\">");
        if (caption != null && !caption.isEmpty()) {
            html.append("<caption style=\"text-align:left;font-weight:bold\">").append(escape(caption)).append("</caption>");
        }
        html.append("<thead><tr>");
        for (String column : columns) html.append("<th style=\"text-align:left\">").append(escape(column)).append("</th>");
        html.append("</tr></thead><tbody>");
        for (Object row : rows) {
            html.append("<tr>");
            for (Object cell : cells(row, columns.size())) {
                html.append("<td style=\"text-align:left\">").append(escape(cellText(cell))).append("</td>");
            }
            html.append("</tr>");
        }
        if (rows.isEmpty()) {
            html.append("<tr><td colspan=\"").append(columns.size()).append("\"><i>(empty)</i></td></tr>");
        }
        if (more) {
            html.append("<tr><td colspan=\"").append(columns.size()).append("\"><i>… more rows not shown</i></td></tr>");
        }
        html.append("</tbody></table>");
        return html.toString();
    }

    /** The column names {@link #render} uses for these rows. */
    public static List<String> columns(List<?> rows) {
        Class<?> common = null;
        boolean allEntries = !rows.isEmpty();
        for (Object row : rows) {
            if (row == null) continue;
            if (!(row instanceof Map.Entry)) allEntries = false;
            if (common == null) common = row.getClass();
            else if (common != row.getClass()) common = Object.class;
        }
        if (common != null && common.isRecord()) {
            List<String> names = new ArrayList<>();
            for (RecordComponent c : common.getRecordComponents()) names.add(c.getName());
            return names;
        }
        if (allEntries) return List.of("key", "value");
        return List.of("value");
    }

    /** The cells of one row for a table of {@code width} columns, as {@link #columns} laid them out. */
    public static List<Object> cells(Object row, int width) {
        List<Object> cells = new ArrayList<>(width);
        if (width > 1 && row != null && row.getClass().isRecord()) {
            for (RecordComponent c : row.getClass().getRecordComponents()) {
                try {
                    c.getAccessor().setAccessible(true);
                    cells.add(c.getAccessor().invoke(row));
                } catch (ReflectiveOperationException | RuntimeException e) {
                    cells.add("?");
                }
            }
        } else if (width == 2 && row instanceof Map.Entry<?, ?> e) {
            cells.add(e.getKey());
            cells.add(e.getValue());
        } else {
            cells.add(row);
        }
        while (cells.size() < width) cells.add("");
        return cells;
    }

    /** One cell's text: optionals unwrapped, long collections and long text cut. */
    public static String cellText(Object value) {
        String text;
        if (value instanceof Optional<?> o) text = o.map(String::valueOf).orElse("—");
        else if (value instanceof Collection<?> c && c.size() > 20) text = String.valueOf(new ArrayList<>(c).subList(0, 20)) + " …";
        else text = String.valueOf(value);
        return text.length() > MAX_CELL_CHARS ? text.substring(0, MAX_CELL_CHARS) + "…" : text;
    }

    /**
     * Renders the rows as a plain-text table with the same columns as {@link #render}, for
     * front ends without HTML.
     */
    public static String renderText(List<?> rows, boolean more) {
        List<String> columns = columns(rows);
        TextTable table = new TextTable(columns);
        for (Object row : rows) {
            List<Object> cells = cells(row, columns.size());
            List<String> texts = new ArrayList<>();
            for (Object cell : cells) texts.add(cellText(cell));
            table.row(texts);
        }
        String text = table.render();
        if (rows.isEmpty()) text += "\n(empty)";
        if (more) text += "\n…";
        return text;
    }

    /** Escapes the five HTML special characters. */
    public static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }
}
