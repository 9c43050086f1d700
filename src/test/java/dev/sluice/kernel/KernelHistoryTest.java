package dev.sluice.kernel;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class KernelHistoryTest {
    private final KernelHistory history = new KernelHistory();

    KernelHistoryTest() {
        history.add(1, "int a = 1;", null);
        history.add(2, "a + 1", "2");
        history.add(3, "a + 2", "3");
        history.add(4, "a + 1", "2");
    }

    @Test
    void tailGivesTheLastEntriesWithSessionAndLine() {
        assertEquals(List.of(List.of(1, 3, "a + 2"), List.of(1, 4, "a + 1")), history.tail(2, false));
        assertEquals(4, history.tail(0, false).size());
        assertEquals(List.of(Arrays.asList(1, 1, Arrays.asList("int a = 1;", null))), history.range(1, 1, 2, true));
    }

    @Test
    void rangeIsHalfOpenAndOfThisSessionOnly() {
        assertEquals(2, history.range(0, 2, 4, false).size());
        assertEquals(3, history.range(1, 2, 0, false).size());
        assertEquals(0, history.range(7, 1, 5, false).size());
    }

    @Test
    void searchMatchesGlobsKeepsTheLastNAndCanBeUnique() {
        assertEquals(3, history.search("a + *", 0, false, false).size());
        assertEquals(List.of(List.of(1, 3, "a + 2"), List.of(1, 4, "a + 1")), history.search("a + ?", 0, true, false));
        assertEquals(List.of(List.of(1, 4, "a + 1")), history.search("a*", 1, false, false));
        assertEquals(0, history.search("b*", 0, false, false).size());
    }
}
