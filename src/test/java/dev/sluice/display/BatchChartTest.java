package dev.sluice.display;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchChartTest {
    @Test
    void drawsOneLinePerSeriesWithAPointPerBatch() {
        String svg = BatchChart.render(List.of(
                new BatchChart.Point(1000, 10, 40, 5),
                new BatchChart.Point(2000, 20, 80, 0),
                new BatchChart.Point(3000, 0, 20, 10)), "batches");
        assertTrue(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""), svg);
        assertTrue(svg.endsWith("</svg>"));
        for (String series : List.of("input-rate", "processing-time", "scheduling-delay")) {
            int at = svg.indexOf("class=\"" + series + "\" points=\"");
            assertTrue(at >= 0, series);
            String points = svg.substring(at).split("\"")[3];
            assertEquals(3, points.split(" ").length, series + ": " + points);
        }
        assertTrue(svg.contains("3 batches, last at 3000 ms"), svg);
        // The rate axis tops out at a round number above the highest rate (20 -> 20), the time axis at 100.
        assertTrue(svg.contains(">20</text>") && svg.contains(">100</text>"), svg);
    }

    @Test
    void emptyChartSaysSo() {
        String svg = BatchChart.render(List.of(), "batches");
        assertTrue(svg.contains("no batches yet"));
        assertTrue(!svg.contains("<polyline"));
    }

    @Test
    void niceCeilingRoundsUpToOneTwoOrFive() {
        assertEquals(1, BatchChart.niceCeiling(0.7), 1e-9);
        assertEquals(2, BatchChart.niceCeiling(1.5), 1e-9);
        assertEquals(50, BatchChart.niceCeiling(41), 1e-9);
        assertEquals(100, BatchChart.niceCeiling(80), 1e-9);
    }
}
