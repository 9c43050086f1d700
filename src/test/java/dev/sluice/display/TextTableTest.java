package dev.sluice.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextTableTest {

    @Test
    void alignsColumnsUnderAHeaderRule() {
        String text = TextTable.of("key", "value").row("apple", 3).row("kiwi", 12).render();
        assertEquals(String.join("\n",
                "key   | value",
                "------+------",
                "apple | 3",
                "kiwi  | 12"), text);
    }

    @Test
    void keepsEachCellOnOneLineAndCutsLongOnes() {
        String text = TextTable.of("v").row("a\nb").row("x".repeat(100)).render();
        List<String> lines = text.lines().toList();
        assertEquals("a⏎b", lines.get(2));
        assertEquals(TextTable.MAX_CELL_WIDTH, lines.get(3).length());
        assertTrue(lines.get(3).endsWith("…"));
    }

    @Test
    void blankCellsForShortRowsAndAnErrorForLongOnes() {
        assertEquals("a | b\n--+--\n1", TextTable.of("a", "b").row(1).render());
        assertThrows(IllegalArgumentException.class, () -> TextTable.of("a").row(1, 2));
    }
}
