package dev.sluice.display;

import dev.sluice.streaming.Pair;
import org.junit.jupiter.api.Test;

import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchTableTest {
    private static final long T = ZonedDateTime.now(ZoneId.systemDefault()).with(LocalTime.of(10, 4, 21)).toInstant().toEpochMilli();

    private static List<Object> counts() {
        List<Object> rows = new ArrayList<>();
        rows.add(Pair.of("banana", 27L));
        rows.add(Pair.of("apple", 40L));
        rows.add(Pair.of("cherry", 1313L));
        return rows;
    }

    @Test
    void pairsWithNumbersStartLargestFirstOthersByKey() {
        assertEquals(BatchTable.Order.VALUE, BatchTable.defaultOrder(counts()));
        assertEquals(BatchTable.Order.KEY, BatchTable.defaultOrder(List.of(Pair.of("b", "x"), Pair.of("a", "y"))));
        assertEquals(BatchTable.Order.ARRIVAL, BatchTable.defaultOrder(List.of(3, 1)));
        assertEquals(List.of(Pair.of("cherry", 1313L), Pair.of("apple", 40L), Pair.of("banana", 27L)),
                BatchTable.sorted(counts(), BatchTable.Order.VALUE));
        assertEquals(List.of(Pair.of("apple", 40L), Pair.of("banana", 27L), Pair.of("cherry", 1313L)),
                BatchTable.sorted(counts(), BatchTable.Order.KEY));
    }

    @Test
    void captionIsOneLineWithNameTimeOfDayAndCount() {
        assertEquals("counts · 10:04:21 · 832 records", BatchTable.caption("counts", T, 832));
        assertEquals("counts · 10:04:21.500 · 1 record", BatchTable.caption("counts", T + 500, 1));
    }

    @Test
    void numbersAreRightAlignedAndTheRestIsCounted() {
        List<Object> shown = BatchTable.sorted(counts(), BatchTable.Order.VALUE).subList(0, 2);
        String html = BatchTable.html(shown, 812, BatchTable.caption("counts", T, 814), BatchTable.Order.VALUE);
        assertTrue(html.contains("<td style=\"text-align:right;padding:2px 12px\">1,313</td>"), html);
        assertTrue(html.contains("<td style=\"text-align:left;padding:2px 12px\">cherry</td>"), html);
        assertTrue(html.contains("<th style=\"text-align:right"), "the value header sits over its numbers");
        assertTrue(html.contains("<i>and 812 more</i>"), html);
        assertTrue(html.contains("<b>counts</b>") && html.contains("10:04:21"), html);
        assertFalse(html.matches("(?s).*\\d{13}.*"), "no epoch milliseconds");
        assertTrue(BatchTable.text(shown, 812, "c").endsWith("\nand 812 more"));
    }

    @Test
    void barsFollowTheRowsAndSayWhatIsLeftOut() {
        List<Object> shown = BatchTable.sorted(counts(), BatchTable.Order.VALUE);
        String svg = BarChart.render(BatchTable.bars(shown), 5, "counts · 10:04:21 · 8 records");
        assertEquals(3, svg.split("class=\"bar\"", -1).length - 1);
        assertTrue(svg.indexOf(">cherry<") < svg.indexOf(">apple<"), "largest first");
        assertTrue(svg.contains(">1,313</text>") && svg.contains("and 5 more"), svg);
    }

    @Test
    void aLiveFrameRevealsAStoppedMarkerWhenNotReplacedInTimeAStoppedFrameSaysWhy() {
        String live = LiveFrame.live("<p>x</p>", T, 15_000);
        assertTrue(live.contains("data-sluice-state=\"live\"") && live.contains("animation:sluice-stale 0s linear 15000ms forwards"), live);
        assertTrue(live.contains("stopped: no update since 10:04:21"), live);
        assertTrue(live.contains("kernel_restarting.Kernel"), "marks itself stopped when the notebook restarts the kernel");
        String stopped = LiveFrame.stopped("<p>x</p>", "the context stopped", T);
        assertTrue(stopped.contains("data-sluice-state=\"stopped\"") && stopped.contains("stopped at 10:04:21: the context stopped"));
        assertFalse(stopped.contains("animation:"), "a stopped frame has nothing left to wait for");
    }

    @Test
    void durationsReadAsPeopleSayThem() {
        assertEquals("500 ms", BatchText.duration(500));
        assertEquals("1 s", BatchText.duration(1000));
        assertEquals("1.5 s", BatchText.duration(1500));
        assertEquals("2 min", BatchText.duration(120_000));
        assertEquals("1 h 30 min", BatchText.duration(5_400_000));
    }
}
