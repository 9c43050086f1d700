package dev.sluice.engine.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WindowLogTest {

    /** A batch of one partition as the log keeps it: {@code n} distinct keys, each a fresh string. */
    private static Object[] batch(Random random, int n, int keys) {
        List<Object> pairs = new ArrayList<>();
        random.ints(0, keys).distinct().limit(n).forEach(k -> {
            pairs.add("k" + k);
            pairs.add(1);
        });
        return pairs.toArray();
    }

    @Test
    void keysAreSharedWhileABatchHoldsThemAndForgottenWhenTheLastLeaves() {
        Random random = new Random(3);
        WindowLog<String> log = new WindowLog<>(1);
        WindowLog.KeyCounts<String> keys = log.keys(0);
        // the reference: per logged batch its keys; per key the first instance of those still held
        List<Long> times = new ArrayList<>();
        Map<String, Integer> counts = new HashMap<>();
        Map<String, String> first = new HashMap<>();
        for (long t = 1; t <= 400; t++) {
            // a window of 1 to 30 batches, so the log grows and shrinks and keys come and go
            long keep = 1 + (t / 40) % 30;
            log.advance(t, keep);
            while (!times.isEmpty() && times.get(0) <= t - keep) {
                assertNull(log.get(times.get(0)), "batch " + times.get(0) + " left the log");
                times.remove(0);
            }
            // the reference forgets what the log forgot: recount from what the test logged
            counts.clear();
            Map<String, String> stillFirst = new HashMap<>();
            for (long s : times) {
                Object[] pairs = ((Object[][]) log.get(s))[0];
                for (int i = 0; i < pairs.length; i += 2) {
                    String k = (String) pairs[i];
                    counts.merge(k, 1, Integer::sum);
                    stillFirst.putIfAbsent(k, first.get(k));
                }
            }
            first = stillFirst;
            assertEquals(counts.size(), keys.size(), "distinct keys held at " + t);
            Object[] pairs = batch(random, random.nextInt(12), t < 200 ? 60 : 15);
            assertTrue(log.append(t, new Object()));
            for (int i = 0; i < pairs.length; i += 2) {
                String fresh = (String) pairs[i];
                String shared = keys.intern(fresh);
                assertEquals(fresh, shared);
                String expected = first.computeIfAbsent(fresh, k -> fresh);
                assertSame(expected, shared, "the first instance held is handed out for " + fresh);
                pairs[i] = shared;
            }
            log.compacted(t, new Object[][] {pairs});
            times.add(t);
            assertFalse(log.append(t, new Object()), "a time not after the last is not logged again");
        }
        log.advance(10_000, 1);
        assertEquals(0, log.size());
        assertEquals(0, keys.size());
    }

    @Test
    void recountKeepsOnlyTheKeysOfCompactBatches() {
        WindowLog<String> log = new WindowLog<>(2);
        log.append(1, new Object[][] {{log.keys(0).intern("a"), 1}, {log.keys(1).intern("b"), 2}});
        log.append(2, "a dataset not compacted yet");
        // a failed job's task counted keys of batch 2 that never reached the log
        log.keys(0).intern("c");
        log.keys(1).intern(null);
        log.recount();
        assertEquals(1, log.keys(0).size());
        assertEquals(1, log.keys(1).size());
        log.advance(3, 2);
        assertEquals(1, log.size(), "batch 1 left, batch 2 is still logged");
        assertEquals(0, log.keys(0).size());
        assertEquals(0, log.keys(1).size());
        assertNull(log.get(1));
        assertEquals("a dataset not compacted yet", log.get(2));
        assertNull(log.keys(1).intern(null), "the null key is held like any other");
        assertEquals(1, log.keys(1).size());
    }
}
