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
            // as a task does: look the keys up, counting nothing
            for (int i = 0; i < pairs.length; i += 2) {
                String fresh = (String) pairs[i];
                String looked = keys.shared(fresh);
                assertEquals(fresh, looked);
                assertSame(first.getOrDefault(fresh, fresh), looked, "the instance held, if any, is handed out for " + fresh);
                pairs[i] = looked;
            }
            assertEquals(counts.size(), keys.size(), "looking up adds no key");
            // as the window does once the job succeeded: log the batch, counting its keys in
            log.compacted(t, new Object[][] {pairs});
            for (int i = 0; i < pairs.length; i += 2) {
                String key = (String) pairs[i];
                assertSame(first.computeIfAbsent(key, k -> key), key, "the first instance of " + key + " is held");
            }
            times.add(t);
            assertFalse(log.append(t, new Object()), "a time not after the last is not logged again");
        }
        log.advance(10_000, 1);
        assertEquals(0, log.size());
        assertEquals(0, keys.size());
    }

    @Test
    void aBurstOfKeysGivesItsRoomBackOnceItLeavesTheWindow() {
        WindowLog<String> log = new WindowLog<>(1);
        WindowLog.KeyCounts<String> keys = log.keys(0);
        // a burst of 100,000 keys at 1, then batches of the same 10 keys, in a window of 3 batches
        Object[] burst = new Object[200_000];
        for (int k = 0; k < 100_000; k++) {
            burst[2 * k] = "burst" + k;
            burst[2 * k + 1] = 1;
        }
        for (long t = 1; t <= 8; t++) {
            log.advance(t, 3);
            Object[] pairs = burst;
            if (t > 1) {
                pairs = new Object[20];
                for (int k = 0; k < 10; k++) {
                    pairs[2 * k] = "k" + k;
                    pairs[2 * k + 1] = 1;
                }
            }
            assertTrue(log.append(t, new Object()));
            log.compacted(t, new Object[][] {pairs});
            if (t <= 3) {
                assertTrue(keys.capacity() >= 200_000, "room for the burst while it is in the window: " + keys.capacity());
            }
        }
        assertEquals(10, keys.size());
        assertEquals(64, keys.capacity(), "the burst's room is given back; 10 keys need 64 slots at most");
        // the keys still held are all found, and each is still shared
        for (int k = 0; k < 10; k++) {
            String fresh = new String("k" + k);
            assertEquals(fresh, keys.shared(fresh));
            assertFalse(fresh == keys.shared(fresh), "the instance held is handed out for " + fresh);
        }
        log.advance(100, 1);
        assertEquals(0, keys.size());
        assertEquals(16, keys.capacity());
    }

    @Test
    void onlyCompactBatchesHoldKeysAndLookingUpCountsNothing() {
        WindowLog<String> log = new WindowLog<>(2);
        String a = new String("a");
        assertTrue(log.append(1, "a dataset"));
        log.compacted(1, new Object[][] {{a, 1}, {null, 2}});
        assertTrue(log.append(2, "a dataset not compacted yet"));
        assertSame(a, log.keys(0).shared(new String("a")));
        String c = new String("c");
        assertSame(c, log.keys(0).shared(c), "a key not held is its own instance");
        assertNull(log.keys(1).shared(null));
        assertEquals(1, log.keys(0).size());
        assertEquals(1, log.keys(1).size(), "the null key is held like any other");
        log.advance(3, 2);
        assertEquals(1, log.size(), "batch 1 left, batch 2 is still logged");
        assertEquals(0, log.keys(0).size());
        assertEquals(0, log.keys(1).size());
        assertNull(log.get(1));
        assertEquals("a dataset not compacted yet", log.get(2));
    }
}
