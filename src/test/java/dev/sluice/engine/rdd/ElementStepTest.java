package dev.sluice.engine.rdd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A chain of element-wise steps gives the same elements, calls and errors whether a task pulls or pushes it. */
class ElementStepTest extends RddTestBase {

    private static List<String> pulled(RddNode<String> node, int split) throws Exception {
        List<String> out = new ArrayList<>();
        node.iterator(split).forEachRemaining(out::add);
        return out;
    }

    private static List<String> pushed(RddNode<String> node, int split) throws Exception {
        List<String> out = new ArrayList<>();
        node.forEach(split, out::add);
        return out;
    }

    private ParallelCollectionNode<String> lines() {
        return ParallelCollectionNode.slice(ctx, List.of("a b", "", "c d e", "f", "g h"), 2, "lines");
    }

    @Test
    void flatMapFilterAndMapGiveTheSameElementsInTheSameOrderBothWays() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        RddNode<String> words = new MapPartitionsNode<String, String>(lines(),
                ElementStep.flatMap(l -> l.isEmpty() ? null : Arrays.asList(l.split(" "))), false, "flatMap");
        RddNode<String> kept = new MapPartitionsNode<>(words, ElementStep.filter(w -> !w.equals("d")), true, "filter");
        RddNode<String> upper = new MapPartitionsNode<String, String>(kept, ElementStep.map(w -> {
            calls.incrementAndGet();
            return w.toUpperCase();
        }), false, "map");

        assertEquals(List.of("A", "B"), pulled(upper, 0));
        assertEquals(List.of("C", "E", "F", "G", "H"), pulled(upper, 1));
        int pullCalls = calls.getAndSet(0);
        assertEquals(List.of("A", "B"), pushed(upper, 0));
        assertEquals(List.of("C", "E", "F", "G", "H"), pushed(upper, 1));
        assertEquals(pullCalls, calls.get(), "the user's function runs once per element either way");
        assertEquals(7, pullCalls);
    }

    @Test
    void aPersistedParentIsReadFromItsCacheWhenPushed() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        RddNode<String> words = new MapPartitionsNode<String, String>(lines(), ElementStep.flatMap(l -> {
            calls.incrementAndGet();
            return Arrays.asList(l.split(" "));
        }), false, "flatMap").persist();
        RddNode<String> upper = new MapPartitionsNode<String, String>(words, ElementStep.map(String::toUpperCase), false, "map");

        assertEquals(pulled(upper, 1), pushed(upper, 1));
        assertEquals(3, calls.get(), "partition 1's three lines were split once, then served from the cache");
    }

    @Test
    void aCheckedExceptionIsWrappedAndAnUncheckedOneLeavesAsItIs() throws Exception {
        IOException checked = new IOException("unreadable");
        RddNode<String> failing = new MapPartitionsNode<String, String>(lines(), ElementStep.map(l -> {
            if (l.startsWith("c")) {
                throw checked;
            }
            return l;
        }), false, "map");
        UserFunctionException wrapped = assertThrows(UserFunctionException.class, () -> pushed(failing, 1));
        assertSame(checked, wrapped.getCause());
        UserFunctionException pulledWrapped = assertThrows(UserFunctionException.class, () -> pulled(failing, 1));
        assertSame(checked, pulledWrapped.getCause());

        IllegalStateException unchecked = new IllegalStateException("bad line");
        RddNode<String> filtering = new MapPartitionsNode<>(lines(), ElementStep.<String>filter(l -> {
            throw unchecked;
        }), true, "filter");
        assertSame(unchecked, assertThrows(IllegalStateException.class, () -> pushed(filtering, 0)));
        assertSame(unchecked, assertThrows(IllegalStateException.class, () -> pulled(filtering, 0)));
    }

    @Test
    void aNodeWithoutAStepIsPushedThroughItsIterator() throws Exception {
        RddNode<String> reversed = new MapPartitionsNode<String, String>(lines(), (s, it) -> {
            List<String> all = new ArrayList<>();
            it.forEachRemaining(all::add);
            java.util.Collections.reverse(all);
            Iterator<String> r = all.iterator();
            return r;
        }, false, "mapPartitions");
        assertEquals(List.of("g h", "f", "c d e"), pushed(reversed, 1));
        assertEquals(pulled(reversed, 1), pushed(reversed, 1));
    }
}
