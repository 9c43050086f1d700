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
        String live = LiveFrame.live("view-1", "<p>x</p>", T, 15_000);
        assertTrue(live.contains("data-sluice-state=\"live\"") && live.contains("animation:sluice-stale 0s linear 15000ms forwards"), live);
        assertTrue(live.contains("stopped: no update since 10:04:21"), live);
        assertTrue(live.contains("kernel_restarting.Kernel"), "marks itself stopped when the notebook restarts the kernel");
        String stopped = LiveFrame.stopped("view-1", "<p>x</p>", "the context stopped", T);
        assertTrue(stopped.contains("data-sluice-state=\"stopped\"") && stopped.contains("stopped at 10:04:21: the context stopped"));
        assertFalse(stopped.contains("animation:"), "a stopped frame has nothing left to wait for");
        assertTrue(live.contains("data-sluice-id=\"view-1\"") && stopped.contains("data-sluice-id=\"view-1\""),
                "the page tells views apart by their display id");
    }

    /** The rows of the body that starts with {@code start}. */
    private static String body(String html, String start) {
        int from = html.indexOf(start);
        assertTrue(from >= 0, "no " + start + " in " + html);
        return html.substring(from, html.indexOf("</tbody>", from));
    }

    @Test
    void aPairTableCarriesTheTopRowsOfEveryOrderAndShowsTheChosenOne() {
        List<Object> rows = new ArrayList<>(counts());
        rows.add(Pair.of("date", 5L));
        String html = BatchTable.sortableHtml(rows, 4, 2, BatchTable.caption("counts", T, 4), BatchTable.Order.VALUE);
        String keyBody = body(html, "<tbody data-sluice-order=\"key\" hidden>");
        String valueBody = body(html, "<tbody data-sluice-order=\"value\">");
        String keyDownBody = body(html, "<tbody data-sluice-order=\"key-descending\" hidden>");
        String valueUpBody = body(html, "<tbody data-sluice-order=\"value-ascending\" hidden>");
        assertTrue(keyBody.indexOf(">apple<") < keyBody.indexOf(">banana<") && !keyBody.contains("cherry"), keyBody);
        assertTrue(valueBody.indexOf(">cherry<") < valueBody.indexOf(">apple<") && !valueBody.contains("banana"), valueBody);
        assertTrue(keyDownBody.indexOf(">date<") < keyDownBody.indexOf(">cherry<") && !keyDownBody.contains("apple"), keyDownBody);
        assertTrue(valueUpBody.indexOf(">date<") < valueUpBody.indexOf(">banana<") && !valueUpBody.contains("cherry"), valueUpBody);
        assertTrue(keyBody.contains("and 2 more") && valueBody.contains("and 2 more") && keyDownBody.contains("and 2 more")
                && valueUpBody.contains("and 2 more"), "each order cut from the whole batch");
        assertTrue(html.contains("<span data-sluice-order=\"value-ascending\" hidden><span style=\"color:#888\"> · smallest value first</span></span>"), html);
        assertTrue(html.contains("<span data-sluice-order=\"key-descending\" hidden><span style=\"color:#888\"> · by key, Z to A</span></span>"), html);
        assertTrue(html.contains("s===c?r:c"), "a second click on the column shown reverses it");
        assertTrue(html.contains("data-sluice-sort=\"key\"") && html.contains("data-sluice-sort=\"value\""),
                "both column headers sort on a click");
        assertTrue(html.contains("<span data-sluice-order=\"value\"><span style=\"color:#888\"> · largest value first</span></span>"), html);
        assertTrue(html.contains("<span data-sluice-order=\"key\" hidden><span style=\"color:#888\"> · by key</span></span>"), html);
        assertTrue(html.contains("W.sluiceSort[f.getAttribute('data-sluice-id')]"), "the page remembers the order per view");

        String byKey = BatchTable.sortableHtml(rows, 4, 2, "c", BatchTable.Order.KEY);
        assertTrue(byKey.contains("<tbody data-sluice-order=\"key\">") && byKey.contains("<tbody data-sluice-order=\"value\" hidden>"),
                "sortByKey() shows the key order first");
        List<Object> joined = List.of(Pair.of("apple", Pair.of(100L, "red")), Pair.of("banana", Pair.of(27L, "yellow")));
        assertEquals(List.of(joined.get(0), joined.get(1)), BatchTable.sorted(joined, BatchTable.Order.VALUE),
                "pair values compare by their parts (100 > 27), not as text");
        String plain = BatchTable.sortableHtml(List.of(3, 1, 2), 3, 20, "c", BatchTable.Order.ARRIVAL);
        assertFalse(plain.contains("data-sluice-sort") || plain.contains("<script"), "rows that are not pairs keep one order");
        assertTrue(plain.indexOf(">3<") < plain.indexOf(">1<"), plain);
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
