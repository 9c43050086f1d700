package dev.sluice.display;

import dev.sluice.streaming.Pair;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HtmlTableTest {
    record Order(String user, int quantity) {
    }

    @Test
    void recordsGetOneColumnPerComponent() {
        String html = HtmlTable.render(List.of(Pair.of("a", 2L), Pair.of("b", 1L)), "counts", false);
        assertTrue(html.contains("<caption style=\"text-align:left;font-weight:bold\">counts</caption>"), html);
        assertTrue(html.contains("<th style=\"text-align:left\">key</th><th style=\"text-align:left\">value</th>"), html);
        assertTrue(html.contains("<td style=\"text-align:left\">a</td><td style=\"text-align:left\">2</td>"), html);
        assertEquals(List.of("user", "quantity"), HtmlTable.columns(List.of(new Order("ana", 3))));
    }

    @Test
    void mixedAndPlainValuesGetOneValueColumn() {
        assertEquals(List.of("value"), HtmlTable.columns(List.of("x", 1)));
        assertEquals(List.of("value"), HtmlTable.columns(List.of()));
        assertEquals(List.of("key", "value"), HtmlTable.columns(List.of(Map.entry("k", 1))));
    }

    @Test
    void escapesAndMarksEmptyAndTruncatedTables() {
        String html = HtmlTable.render(List.of("<b>&\"'"), null, true);
        assertTrue(html.contains("&lt;b&gt;&amp;&quot;&#39;"), html);
        assertTrue(html.contains("more rows not shown"), html);
        assertTrue(HtmlTable.render(List.of(), "", false).contains("(empty)"));
    }

    @Test
    void cellsUnwrapOptionalsAndCutLongText() {
        assertEquals("5", HtmlTable.cellText(Optional.of(5)));
        assertEquals("—", HtmlTable.cellText(Optional.empty()));
        assertEquals(201, HtmlTable.cellText("x".repeat(500)).length());
    }

    @Test
    void plainTextTableHasTheSameColumns() {
        String text = HtmlTable.renderText(List.of(Pair.of("a", 2L)), true);
        assertEquals("key | value\n----+------\na   | 2\n…", text);
    }
}
