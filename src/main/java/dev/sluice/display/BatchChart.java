package dev.sluice.display;

import java.util.List;
import java.util.Locale;

/**
 * Draws an SVG chart of recent batches: input rate (records per second) on the top panel,
 * processing time and scheduling delay (milliseconds) on the bottom panel, one point per batch.
 */
public final class BatchChart {
    /** One batch on the chart; times in milliseconds, {@code -1} where not known yet. */
    public record Point(long batchTimeMs, double inputRate, long processingMs, long schedulingDelayMs) {
    }

    private static final int WIDTH = 560;
    private static final int PANEL_HEIGHT = 110;
    private static final int LEFT = 58;
    private static final int RIGHT = 12;
    private static final int TOP = 22;
    private static final int GAP = 34;

    private BatchChart() {
    }

    /** Renders the points (oldest first) with a title line; an empty list gives an empty chart. */
    public static String render(List<Point> points, String title) {
        int height = TOP + 2 * PANEL_HEIGHT + GAP + 30;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"11\">",
                WIDTH, height, WIDTH, height));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>");
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"14\" font-weight=\"bold\">%s</text>", LEFT, HtmlTable.escape(title)));

        int top1 = TOP;
        int top2 = TOP + PANEL_HEIGHT + GAP;
        double maxRate = 1;
        double maxMs = 1;
        for (Point p : points) {
            maxRate = Math.max(maxRate, p.inputRate());
            maxMs = Math.max(maxMs, Math.max(p.processingMs(), p.schedulingDelayMs()));
        }
        maxRate = niceCeiling(maxRate);
        maxMs = niceCeiling(maxMs);
        panel(svg, top1, "input rate (records/s)", maxRate);
        panel(svg, top2, "time (ms)", maxMs);

        int n = points.size();
        double[] rate = new double[n];
        double[] proc = new double[n];
        double[] delay = new double[n];
        for (int i = 0; i < n; i++) {
            rate[i] = points.get(i).inputRate();
            proc[i] = points.get(i).processingMs();
            delay[i] = points.get(i).schedulingDelayMs();
        }
        line(svg, rate, maxRate, top1, "#1f77b4", "input-rate");
        line(svg, proc, maxMs, top2, "#2ca02c", "processing-time");
        line(svg, delay, maxMs, top2, "#d62728", "scheduling-delay");

        int legendY = top2 + PANEL_HEIGHT + 22;
        legend(svg, LEFT, legendY, "#1f77b4", "input rate");
        legend(svg, LEFT + 120, legendY, "#2ca02c", "processing time");
        legend(svg, LEFT + 260, legendY, "#d62728", "scheduling delay");
        if (n > 0) {
            Point last = points.get(n - 1);
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%d batches, last at %d ms</text>",
                    WIDTH - RIGHT, legendY + 4, n, last.batchTimeMs()));
        } else {
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">no batches yet</text>", WIDTH - RIGHT, legendY + 4));
        }
        svg.append("</svg>");
        return svg.toString();
    }

    private static void panel(StringBuilder svg, int top, String label, double max) {
        int bottom = top + PANEL_HEIGHT;
        svg.append(String.format(Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#bbb\"/>",
                LEFT, top, WIDTH - LEFT - RIGHT, PANEL_HEIGHT));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#555\">%s</text>", LEFT + 4, top + 12, HtmlTable.escape(label)));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>", LEFT - 4, top + 10, format(max)));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">0</text>", LEFT - 4, bottom));
    }

    private static void line(StringBuilder svg, double[] values, double max, int top, String color, String cls) {
        if (values.length == 0) return;
        double width = WIDTH - LEFT - RIGHT;
        double step = values.length > 1 ? width / (values.length - 1) : 0;
        StringBuilder pts = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            double v = Math.max(0, values[i]);
            double x = LEFT + (values.length > 1 ? i * step : width / 2);
            double y = top + PANEL_HEIGHT - (v / max) * PANEL_HEIGHT;
            if (pts.length() > 0) pts.append(' ');
            pts.append(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
        }
        svg.append(String.format(Locale.ROOT,
                "<polyline class=\"%s\" points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\"/>", cls, pts, color));
    }

    private static void legend(StringBuilder svg, int x, int y, String color, String label) {
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"3\" fill=\"%s\"/>", x, y - 3, color));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>", x + 14, y + 1, label));
    }

    static double niceCeiling(double v) {
        double exp = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * exp >= v) return m * exp;
        }
        return 10 * exp;
    }

    private static String format(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }
}
