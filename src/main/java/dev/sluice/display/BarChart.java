package dev.sluice.display;

import java.util.List;
import java.util.Locale;

/**
 * Draws the values of a pair stream's batch as an SVG chart of horizontal bars, one per key,
 * largest first as given, with the value at the end of each bar and a note of the keys left out.
 */
public final class BarChart {
    /** One bar: the key's label and its value. */
    public record Bar(String label, double value) {
    }

    private static final int WIDTH = 680;
    private static final int BAR = 18;
    private static final int GAP = 6;

    private BarChart() {
    }

    /**
     * Renders {@code bars} (in the order given) with {@code more} keys not shown; {@code title}
     * heads the chart (null for none).
     */
    public static String render(List<Bar> bars, long more, String title) {
        StringBuilder body = new StringBuilder();
        int y = 6;
        if (title != null) {
            y += 14;
            Svg.text(body, 8, y, null, "#222", "font-weight=\"bold\" font-size=\"13\"", title);
            y += 8;
        }
        double labelWidth = 40;
        double max = 0;
        for (Bar b : bars) {
            labelWidth = Math.max(labelWidth, Math.min(200, Svg.width(b.label(), 12) + 8));
            max = Math.max(max, b.value());
        }
        double left = 8 + labelWidth + 6;
        double valueRoom = 12 + Svg.width(Svg.number(max), 12);
        double span = WIDTH - left - valueRoom - 12;
        double scale = max > 0 ? span / Svg.niceCeiling(max) : 0;
        int top = y + 6;
        if (bars.isEmpty()) {
            y += 22;
            Svg.text(body, 8, y, null, "#777", null, "(no records in this batch)");
        }
        for (int i = 0; i < bars.size(); i++) {
            Bar b = bars.get(i);
            double by = top + i * (BAR + GAP);
            String label = b.label().length() > 30 ? b.label().substring(0, 29) + "…" : b.label();
            Svg.text(body, left - 6, by + BAR - 5, "end", "#222", "class=\"bar-label\"", label);
            double w = Math.max(0, b.value()) * scale;
            body.append(String.format(Locale.ROOT,
                    "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" fill=\"%s\" rx=\"2\"/>",
                    left, by, Math.max(w, 1), BAR, Svg.COLOURS[0]));
            Svg.text(body, left + w + 5, by + BAR - 5, null, "#333", "class=\"bar-value\"", Svg.number(b.value()));
            y = (int) (by + BAR);
        }
        if (!bars.isEmpty()) Svg.line(body, left, top - 3, left, y + 3, Svg.AXIS, null);
        if (more > 0) {
            y += 20;
            Svg.text(body, left, y, null, "#666", "font-style=\"italic\"", "and " + String.format(Locale.ROOT, "%,d", more) + " more");
        }
        y += 10;
        return Svg.open(WIDTH, y) + body + "</svg>";
    }
}
