package dev.sluice.display;

import java.util.ArrayList;
import java.util.List;

/**
 * Lays out rows of cells as an aligned plain-text table with a header rule, cutting cells that are
 * too wide so one long value cannot wreck the layout.
 */
public final class TextTable {

    /** Cells longer than this are cut and end with an ellipsis. */
    public static final int MAX_CELL_WIDTH = 60;

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();
    private int maxCellWidth = MAX_CELL_WIDTH;

    /** A table with these column titles. */
    public TextTable(List<String> header) {
        this.header = List.copyOf(header);
    }

    /** A table with these column titles. */
    public static TextTable of(String... header) {
        return new TextTable(List.of(header));
    }

    /** Cuts cells longer than {@code width} characters (at least 8) instead of the default. */
    public TextTable maxCellWidth(int width) {
        this.maxCellWidth = Math.max(8, width);
        return this;
    }

    /** Adds a row; missing cells are blank, extra cells are an error. */
    public TextTable row(List<?> cells) {
        if (cells.size() > header.size()) {
            throw new IllegalArgumentException("row has " + cells.size() + " cells but the table has " + header.size() + " columns");
        }
        List<String> row = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            row.add(i < cells.size() ? cell(cells.get(i), maxCellWidth) : "");
        }
        rows.add(row);
        return this;
    }

    /** Adds a row of these cells. */
    public TextTable row(Object... cells) {
        return row(java.util.Arrays.asList(cells));
    }

    /** Number of rows added. */
    public int size() {
        return rows.size();
    }

    /** The table as lines joined by {@code \n}, without a trailing newline. */
    public String render() {
        int[] width = new int[header.size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = header.get(i).length();
        }
        for (List<String> row : rows) {
            for (int i = 0; i < width.length; i++) {
                width[i] = Math.max(width[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, header, width);
        out.append('\n');
        for (int i = 0; i < width.length; i++) {
            if (i > 0) {
                out.append("-+-");
            }
            out.append("-".repeat(width[i]));
        }
        for (List<String> row : rows) {
            out.append('\n');
            line(out, row, width);
        }
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells, int[] width) {
        int last = cells.size() - 1;
        while (last > 0 && cells.get(last).isEmpty()) {
            last--;
        }
        for (int i = 0; i <= last; i++) {
            if (i > 0) {
                out.append(" | ");
            }
            String c = cells.get(i);
            out.append(c);
            if (i < last) {
                out.append(" ".repeat(width[i] - c.length()));
            }
        }
    }

    /** One value as a single-line cell: newlines become {@code ⏎}, long text is cut. */
    static String cell(Object value, int maxWidth) {
        String s = value instanceof String str ? str : Values.inline(value);
        s = s.replace("\r", "").replace("\n", "⏎").replace("\t", " ");
        if (s.length() > maxWidth) {
            s = s.substring(0, maxWidth - 1) + "…";
        }
        return s;
    }

    @Override
    public String toString() {
        return render();
    }
}
