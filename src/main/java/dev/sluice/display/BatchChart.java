package dev.sluice.display;

import dev.sluice.engine.BatchTimes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Draws an SVG chart of recent batches in the manner of Spark UI's streaming tab: input rate per
 * source (records per second) on the top panel; processing time and scheduling delay against the
 * batch interval (a dashed line; processing above it means the context falls behind) on the
 * bottom panel. Both panels share an x axis of wall-clock times.
 */
public final class BatchChart {
    /**
     * One batch on the chart.
     *
     * @param batchTimeMs       the batch time (epoch milliseconds)
     * @param inputRates        records per second taken in by each source, by source name
     * @param processingMs      processing time, {@code -1} when not known
     * @param schedulingDelayMs scheduling delay, {@code -1} when not known
     */
    public record Point(long batchTimeMs, Map<String, Double> inputRates, long processingMs, long schedulingDelayMs) {
        /** All sources together. */
        public double inputRate() {
            double sum = 0;
            for (double r : inputRates.values()) sum += r;
            return sum;
        }
    }

    static final int WIDTH = 680;
    private static final int LEFT = 66;
    private static final int RIGHT = 18;
    private static final int PANEL = 120;
    private static final int LINE = 17;

    private BatchChart() {
    }

    /**
     * Renders the points (oldest first) for a context whose batch interval is {@code intervalMs},
     * under {@code title}; an empty list gives a chart that says there are no batches yet.
     */
    public static String render(List<Point> points, long intervalMs, String title) {
        Set<String> sources = new LinkedHashSet<>();
        for (Point p : points) sources.addAll(p.inputRates().keySet());
        List<String> sourceNames = new ArrayList<>(sources);
        if (sourceNames.isEmpty()) sourceNames.add("input");

        StringBuilder body = new StringBuilder();
        int y = 20;
        Svg.text(body, LEFT, y, null, "#222", "font-weight=\"bold\" font-size=\"13\"", title);
        y += 14;

        // Panel 1: input rate per source.
        List<Legend> rateLegend = new ArrayList<>();
        for (int i = 0; i < sourceNames.size(); i++) {
            rateLegend.add(new Legend(Svg.COLOURS[i % Svg.COLOURS.length], sourceNames.get(i), false));
        }
        y = header(body, y, "Input rate (records/s)", rateLegend);
        double maxRate = 0;
        for (Point p : points) for (double r : p.inputRates().values()) maxRate = Math.max(maxRate, r);
        double rateMax = Svg.axisMax(maxRate);
        int top1 = y;
        Range range = Range.of(points, intervalMs);
        panel(body, top1, rateMax, range);
        for (int i = 0; i < sourceNames.size(); i++) {
            String source = sourceNames.get(i);
            List<double[]> xy = new ArrayList<>();
            for (Point p : points) {
                Double r = p.inputRates().get(source);
                xy.add(new double[] {p.batchTimeMs(), r == null ? 0 : r});
            }
            series(body, xy, range, rateMax, top1, rateLegend.get(i).colour(), "input-rate", false);
        }
        y = top1 + PANEL + 30;

        // Panel 2: processing time and scheduling delay against the batch interval.
        List<Legend> timeLegend = List.of(new Legend(Svg.COLOURS[2], "processing time", false),
                new Legend(Svg.COLOURS[5], "scheduling delay", false),
                new Legend("#888", "batch interval (" + BatchText.duration(intervalMs) + ")", true));
        y = header(body, y, "Time per batch (ms)", timeLegend);
        double maxMs = 1;
        for (Point p : points) maxMs = Math.max(maxMs, Math.max(p.processingMs(), p.schedulingDelayMs()));
        // The axis follows the data; the batch interval is drawn when it is in range, else named above the panel.
        double msMax = Svg.axisMax(maxMs);
        if (intervalMs <= msMax * 1.6) msMax = Math.max(msMax, Svg.axisMax(intervalMs));
        int top2 = y;
        panel(body, top2, msMax, range);
        if (intervalMs <= msMax) {
            double intervalY = top2 + PANEL - intervalMs / msMax * PANEL;
            Svg.line(body, LEFT, intervalY, WIDTH - RIGHT, intervalY, "#888", "stroke-dasharray=\"5,4\" class=\"batch-interval\"");
        } else {
            double share = 100.0 * maxMs / Math.max(1, intervalMs);
            Svg.text(body, WIDTH - RIGHT - 4, top2 + 14, "end", "#666", "class=\"batch-interval\"",
                    "batch interval " + BatchText.duration(intervalMs) + " is off the scale: processing uses at most "
                            + (share < 1 ? "<1" : String.valueOf(Math.round(share))) + "% of it");
        }
        List<double[]> proc = new ArrayList<>();
        List<double[]> delay = new ArrayList<>();
        for (Point p : points) {
            if (p.processingMs() >= 0) proc.add(new double[] {p.batchTimeMs(), p.processingMs()});
            if (p.schedulingDelayMs() >= 0) delay.add(new double[] {p.batchTimeMs(), p.schedulingDelayMs()});
        }
        series(body, proc, range, msMax, top2, Svg.COLOURS[2], "processing-time", false);
        series(body, delay, range, msMax, top2, Svg.COLOURS[5], "scheduling-delay", false);
        y = top2 + PANEL;
        xTicks(body, y, range);
        y += 36;
        Svg.text(body, LEFT + (WIDTH - LEFT - RIGHT) / 2.0, y, "middle", Svg.AXIS, null, "batch time (time of day)");
        y += 6;

        String footer;
        if (points.isEmpty()) {
            footer = "no batches yet";
        } else {
            Point last = points.get(points.size() - 1);
            footer = "last batch " + BatchTimes.describe(last.batchTimeMs()) + " · " + Svg.number(last.inputRate()) + " records/s · processing "
                    + (last.processingMs() < 0 ? "-" : last.processingMs() + " ms") + " · scheduling delay "
                    + (last.schedulingDelayMs() < 0 ? "-" : last.schedulingDelayMs() + " ms") + " · " + points.size()
                    + (points.size() == 1 ? " batch" : " batches") + " shown";
        }
        y += 16;
        Svg.text(body, LEFT, y, null, "#333", "class=\"footer\"", footer);
        y += 10;
        return Svg.open(WIDTH, y) + body + "</svg>";
    }

    /** A panel title followed by legend entries, wrapped onto more lines when they do not fit; returns the panel's top. */
    private static int header(StringBuilder svg, int y, String title, List<Legend> legend) {
        y += LINE;
        Svg.text(svg, LEFT, y - 4, null, "#222", "font-weight=\"600\"", title);
        double x = LEFT + Svg.width(title, 12) + 22;
        double limit = WIDTH - RIGHT;
        for (Legend item : legend) {
            double w = 22 + Svg.width(item.label(), 12) + 16;
            if (x + w > limit) {
                y += LINE;
                x = LEFT;
            }
            if (item.dashed()) {
                Svg.line(svg, x, y - 8, x + 16, y - 8, item.colour(), "stroke-width=\"2\" stroke-dasharray=\"4,3\"");
            } else {
                Svg.line(svg, x, y - 8, x + 16, y - 8, item.colour(), "stroke-width=\"3\"");
            }
            Svg.text(svg, x + 22, y - 4, null, "#333", "class=\"legend\"", item.label());
            x += w;
        }
        return y + 8;
    }

    private static void panel(StringBuilder svg, int top, double max, Range range) {
        int bottom = top + PANEL;
        for (int i = 0; i <= 4; i++) {
            double v = max * i / 4;
            double y = bottom - PANEL * i / 4.0;
            Svg.line(svg, LEFT, y, WIDTH - RIGHT, y, i == 0 ? Svg.AXIS : Svg.GRID, null);
            if (i % 2 == 0) Svg.text(svg, LEFT - 6, y + 4, "end", Svg.AXIS, null, Svg.number(v));
        }
        Svg.line(svg, LEFT, top, LEFT, bottom, Svg.AXIS, null);
        for (long t : range.ticks()) {
            double x = range.x(t);
            Svg.line(svg, x, top, x, bottom, Svg.GRID, null);
        }
    }

    private static void xTicks(StringBuilder svg, int bottom, Range range) {
        for (long t : range.ticks()) {
            double x = range.x(t);
            Svg.line(svg, x, bottom, x, bottom + 4, Svg.AXIS, null);
            // A label near either edge is aligned to it, so it is never cut off.
            String anchor = x > WIDTH - RIGHT - 28 ? "end" : x < LEFT + 28 ? "start" : "middle";
            double at = anchor.equals("end") ? Math.min(x + 4, WIDTH - 2) : anchor.equals("start") ? x - 4 : x;
            Svg.text(svg, at, bottom + 16, anchor, Svg.AXIS, "class=\"x-tick\"", BatchTimes.describe(t));
        }
    }

    private static void series(StringBuilder svg, List<double[]> xy, Range range, double max, int top, String colour,
                               String cls, boolean dashed) {
        if (xy.isEmpty()) return;
        StringBuilder pts = new StringBuilder();
        for (double[] p : xy) {
            double x = range.x((long) p[0]);
            double y = top + PANEL - Math.max(0, p[1]) / max * PANEL;
            if (pts.length() > 0) pts.append(' ');
            pts.append(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
        }
        svg.append(String.format(Locale.ROOT,
                "<polyline class=\"%s\" points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\" stroke-linejoin=\"round\"%s/>",
                cls, pts, colour, dashed ? " stroke-dasharray=\"5,4\"" : ""));
        double[] last = xy.get(xy.size() - 1);
        svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>",
                range.x((long) last[0]), top + PANEL - Math.max(0, last[1]) / max * PANEL, colour));
    }

    private record Legend(String colour, String label, boolean dashed) {
    }

    /** The time span on the x axis and its tick marks at round seconds. */
    private record Range(long from, long to) {
        static Range of(List<Point> points, long intervalMs) {
            if (points.isEmpty()) {
                long now = System.currentTimeMillis();
                return new Range(now - 60_000, now);
            }
            long from = points.get(0).batchTimeMs();
            long to = points.get(points.size() - 1).batchTimeMs();
            if (to - from < 10 * Math.max(1, intervalMs)) from = to - 10 * Math.max(1, intervalMs);
            return new Range(from, to);
        }

        double x(long t) {
            return LEFT + (double) (t - from) / Math.max(1, to - from) * (WIDTH - LEFT - RIGHT);
        }

        List<Long> ticks() {
            long span = Math.max(1, to - from);
            long step = 1000;
            for (long s : new long[] {1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 1_800_000, 3_600_000}) {
                step = s;
                if (span / s <= 6) break;
            }
            List<Long> ticks = new ArrayList<>();
            for (long t = (from + step - 1) / step * step; t <= to; t += step) ticks.add(t);
            return ticks;
        }
    }

    static double niceCeiling(double v) {
        return Svg.niceCeiling(v);
    }

    /** The panel's axis maximum for a highest value {@code v}, with headroom above it. */
    static double axisMax(double v) {
        return Svg.axisMax(v);
    }
}
