package dev.sluice.display;

import org.junit.jupiter.api.Test;

import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchChartTest {
    /** 10:00:00 today, local time: batch times as a wall clock gives them. */
    private static final long T0 = ZonedDateTime.now(ZoneId.systemDefault()).with(LocalTime.of(10, 0)).toInstant().toEpochMilli();

    private static BatchChart.Point point(long secondsAfter, double ticks, double clicks, long processing, long delay) {
        return new BatchChart.Point(T0 + secondsAfter * 1000, new java.util.LinkedHashMap<>(Map.of("ticks", ticks, "clicks", clicks)),
                processing, delay);
    }

    @Test
    void drawsOneLinePerSourceAndSeriesWithAPointPerBatch() {
        String svg = BatchChart.render(List.of(point(1, 10, 1, 40, 5), point(2, 20, 2, 80, 0), point(3, 0, 3, 20, 10)), 1000, "batches");
        assertTrue(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""), svg);
        assertTrue(svg.endsWith("</svg>"));
        assertEquals(2, count(svg, "class=\"input-rate\""), "one input-rate line per source");
        for (String series : List.of("processing-time", "scheduling-delay")) {
            Matcher m = Pattern.compile("class=\"" + series + "\" points=\"([^\"]*)\"").matcher(svg);
            assertTrue(m.find(), series);
            assertEquals(3, m.group(1).split(" ").length, series + ": " + m.group(1));
        }
        assertTrue(svg.contains(">ticks</text>") && svg.contains(">clicks</text>"), "a legend entry per source");
        assertTrue(svg.contains("last batch 10:00:03 ·"), "the footer names the last batch as a time of day");
        assertFalse(svg.matches("(?s).*\\d{13}.*"), "no epoch milliseconds anywhere");
        assertTrue(svg.contains(">10:00:02</text>"), "x axis labelled with times of day");
        assertTrue(svg.contains("batch time (time of day)"));
    }

    @Test
    void aFlatLineHasHeadroomAboveIt() {
        String svg = BatchChart.render(List.of(point(1, 20, 0, 5, 0), point(2, 20, 0, 5, 0)), 1000, "flat");
        // The rate axis tops out above 20, so the flat line is drawn below the panel's top edge.
        assertTrue(svg.contains(">25</text>"), svg);
        Matcher m = Pattern.compile("class=\"input-rate\" points=\"[\\d.]+,([\\d.]+)").matcher(svg);
        assertTrue(m.find());
        Matcher top = Pattern.compile("<line x1=\"66.0\" y1=\"([\\d.]+)\" x2=\"66.0\"").matcher(svg);
        assertTrue(top.find());
        assertTrue(Double.parseDouble(m.group(1)) > Double.parseDouble(top.group(1)) + 15, "the line sits well below the top");
    }

    @Test
    void theBatchIntervalIsADashedLineWhenInRangeAndNamedWhenNot() {
        String near = BatchChart.render(List.of(point(1, 1, 0, 900, 0), point(2, 1, 0, 1200, 0)), 1000, "slow");
        assertTrue(near.contains("stroke-dasharray=\"5,4\" class=\"batch-interval\""), "processing close to the interval: drawn");
        String far = BatchChart.render(List.of(point(1, 1, 0, 5, 0), point(2, 1, 0, 7, 0)), 1000, "fast");
        assertTrue(far.contains("batch interval 1 s is off the scale: processing uses at most &lt;1% of it"), far);
    }

    @Test
    void legendEntriesNeverShareSpace() {
        Map<String, Double> many = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 9; i++) many.put("a rather long source name " + i, 1.0 * i);
        String svg = BatchChart.render(List.of(new BatchChart.Point(T0, many, 1, 0)), 1000, "many sources");
        Matcher m = Pattern.compile("<text x=\"([\\d.]+)\" y=\"([\\d.]+)\" fill=\"#333\" class=\"legend\">([^<]*)</text>").matcher(svg);
        List<double[]> boxes = new java.util.ArrayList<>();
        while (m.find()) {
            double x = Double.parseDouble(m.group(1));
            double y = Double.parseDouble(m.group(2));
            double w = Svg.width(m.group(3), 12);
            assertTrue(x + w <= BatchChart.WIDTH, "inside the chart: " + m.group(3));
            for (double[] b : boxes) {
                boolean apart = b[1] != y || x - 22 >= b[0] + b[2] || x + w <= b[0] - 22;
                assertTrue(apart, "legend entries overlap at y=" + y);
            }
            boxes.add(new double[] {x, y, w});
        }
        assertEquals(12, boxes.size(), "nine sources and three time series");
    }

    @Test
    void emptyChartSaysSo() {
        String svg = BatchChart.render(List.of(), 1000, "batches");
        assertTrue(svg.contains("no batches yet"));
        assertFalse(svg.contains("<polyline"));
    }

    @Test
    void niceCeilingRoundsUpToARoundNumber() {
        assertEquals(0.8, BatchChart.niceCeiling(0.7), 1e-9);
        assertEquals(1.5, BatchChart.niceCeiling(1.5), 1e-9);
        assertEquals(50, BatchChart.niceCeiling(41), 1e-9);
        assertEquals(80, BatchChart.niceCeiling(80), 1e-9);
        assertEquals(25, BatchChart.axisMax(20), 1e-9);
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) n++;
        return n;
    }
}
