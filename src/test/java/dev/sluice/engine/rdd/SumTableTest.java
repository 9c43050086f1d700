package dev.sluice.engine.rdd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SumTableTest {

    /** One reduce partition: every key in one map. */
    private static final HashPartitioner ONE = new HashPartitioner(1);

    @Test
    void sumsLikeAHashMapThroughGrowthNullKeysAndCollidingHashes() {
        Random random = new Random(17);
        SumTable<Object> table = new SumTable<>();
        Map<Object, Long> reference = new HashMap<>();
        for (int op = 0; op < 50_000; op++) {
            int r = random.nextInt(5_000);
            // Equal keys as distinct objects, so that lookups must fall back on equals.
            Object key = r == 0 ? null : r < 100 ? new SlotTableTest.Colliding(r) : r < 200 ? ("k" + r) : Integer.valueOf(r);
            long value = random.nextInt(1_000) - 500;
            table.add(key, value);
            reference.merge(key, value, Long::sum);
            if (op % 997 == 0) {
                assertEquals(reference.size(), table.size());
            }
        }
        assertEquals(reference, table.toMaps(ONE, Long::valueOf)[0]);
    }

    @Test
    void numbersKeysInTheOrderFirstMet() {
        SumTable<Object> ids = new SumTable<>();
        Object[] keys = {"Aa", null, "BB", new SlotTableTest.Colliding(4), "Aa", new SlotTableTest.Colliding(1), null};
        long[] expected = {0, 1, 2, 3, 0, 4, 1};
        for (int i = 0; i < keys.length; i++) {
            assertEquals(expected[i], ids.getOrPut(keys[i], ids.size()), "key " + i);
        }
        assertEquals(5, ids.size());
        for (int i = 0; i < 1_000; i++) {
            assertEquals(5 + i, ids.getOrPut("k" + i, ids.size()), "through growth");
        }
        assertEquals(2, ids.getOrPut("BB", -1), "an existing key keeps its number");
    }

    /**
     * Keys for the by-value path and past its edges: up to 16 characters below 256 (the empty string,
     * NUL and Latin-1 letters among them; strings that differ only after the eighth character or only
     * by a trailing NUL), and 17 characters, characters above 255, other types and null.
     */
    private static Object edgeKey(Random random) {
        switch (random.nextInt(8)) {
            case 0:
                return null;
            case 1:
                return random.nextInt(50);
            case 2:
                return "\u20ac" + random.nextInt(30); // a character above 255
            case 3:
                return "abcdefghijklmnop" + (char) ('a' + random.nextInt(5)); // 17 characters
            case 4:
                return "abcdefgh" + "xyz".substring(0, random.nextInt(4)) + "\u0000".repeat(random.nextInt(3));
            case 5:
                return "\u00e9t\u00e9".substring(0, random.nextInt(4)); // the empty string among them
            default: {
                char[] chars = new char[random.nextInt(17)];
                for (int j = 0; j < chars.length; j++) {
                    chars[j] = (char) (random.nextBoolean() ? 'a' + random.nextInt(3) : random.nextInt(256));
                }
                return new String(chars); // a new object each time, equal to earlier ones
            }
        }
    }

    @Test
    void holdsShortStringsByValueAndEveryOtherKeyByEquals() {
        Random random = new Random(29);
        SumTable<Object> table = new SumTable<>();
        Map<Object, Long> reference = new HashMap<>();
        for (int op = 0; op < 60_000; op++) {
            Object key = edgeKey(random);
            long value = random.nextInt(1_000) - 500;
            table.add(key, value);
            reference.merge(key, value, Long::sum);
        }
        assertEquals(reference.size(), table.size());
        assertTrue(table.sizeHeldByValue() > 1_000, "short strings held by value: " + table.sizeHeldByValue());
        assertTrue(table.sizeHeldByValue() < table.size(), "other keys held by equals");
        HashPartitioner partitioner = new HashPartitioner(3);
        Map<Object, Long> union = new HashMap<>();
        HashMap<Object, Long>[] maps = table.toMaps(partitioner, Long::valueOf);
        for (int b = 0; b < maps.length; b++) {
            for (Map.Entry<Object, Long> e : maps[b].entrySet()) {
                assertEquals(b, partitioner.partition(e.getKey()), "partition of " + e.getKey());
                assertNull(union.put(e.getKey(), e.getValue()), "one entry for " + e.getKey());
            }
        }
        assertEquals(reference, union);
    }

    @Test
    void numbersStringsHeldByValueAndOtherKeysInOneSequence() {
        Random random = new Random(31);
        SumTable<Object> ids = new SumTable<>();
        Map<Object, Long> reference = new HashMap<>();
        for (int op = 0; op < 20_000; op++) {
            Object key = edgeKey(random);
            long expected = reference.computeIfAbsent(key, k -> (long) reference.size());
            assertEquals(expected, ids.getOrPut(key, ids.size()), "key " + key);
        }
        assertEquals(reference.size(), ids.size());
        assertTrue(ids.sizeHeldByValue() > 1_000, "short strings held by value: " + ids.sizeHeldByValue());
    }

    /** Numbers {@code count} keys from {@code random} with {@code table}, in runs of {@code run} through numberRun, checking each against first-met order. */
    private static void numberInRuns(SumTable<Object> table, Random random, int count, int run) {
        Map<Object, Long> reference = new HashMap<>();
        Object[] keys = new Object[SumTable.RUN];
        int[] ids = new int[SumTable.RUN];
        for (int done = 0; done < count; ) {
            int n = Math.min(run, count - done);
            for (int i = 0; i < n; i++) {
                // a repeat of the key before it now and then, so that a new key comes twice in one run
                keys[i] = i > 0 && random.nextInt(8) == 0 ? keys[i - 1] : edgeKey(random);
            }
            table.numberRun(keys, n, ids);
            for (int i = 0; i < n; i++) {
                long expected = reference.computeIfAbsent(keys[i], k -> (long) reference.size());
                assertEquals(expected, ids[i], "key " + keys[i] + " at " + (done + i));
            }
            done += n;
        }
        assertEquals(reference.size(), table.size());
    }

    @Test
    void numbersRunsAsOneKeyAtATimeWouldThroughTheChoiceAndGrowth() {
        // Unsized, sized too small, sized from a table that held strings by value, and by equals.
        for (int variant = 0; variant < 4; variant++) {
            SumTable<Object> table = switch (variant) {
                case 0 -> new SumTable<>();
                case 1 -> new SumTable<>(10, true);
                case 2 -> new SumTable<>(5_000, true);
                default -> new SumTable<>(5_000, false);
            };
            numberInRuns(table, new Random(41 + variant), 40_000, 1 + variant * 10);
            assertTrue(table.sizeHeldByValue() > 1_000, "variant " + variant + ": held by value " + table.sizeHeldByValue());
            assertTrue(table.holdsStringsByValue());
        }
        SumTable<Object> byEquals = SumTable.byEquals(100);
        numberInRuns(byEquals, new Random(43), 20_000, SumTable.RUN);
        assertEquals(0, byEquals.sizeHeldByValue(), "a table made to compare by equals holds no string by value");
        assertTrue(!byEquals.holdsStringsByValue());
    }

    @Test
    void numbersRunsOfKeysThatComeBackAsTheSameObjectsByEquals() {
        Random random = new Random(47);
        Object[] pool = new Object[3_000];
        for (int i = 0; i < pool.length; i++) {
            pool[i] = i == 0 ? null : i % 7 == 0 ? new SlotTableTest.Colliding(i) : "p" + i;
        }
        for (SumTable<Object> table : List.of(new SumTable<>(), new SumTable<>(pool.length, false))) {
            Map<Object, Long> reference = new HashMap<>();
            Object[] keys = new Object[SumTable.RUN];
            int[] ids = new int[SumTable.RUN];
            for (int round = 0; round < 2_000; round++) {
                int n = 1 + random.nextInt(SumTable.RUN);
                for (int i = 0; i < n; i++) {
                    keys[i] = pool[random.nextInt(pool.length)];
                }
                table.numberRun(keys, n, ids);
                for (int i = 0; i < n; i++) {
                    long expected = reference.computeIfAbsent(keys[i], k -> (long) reference.size());
                    assertEquals(expected, ids[i], "key " + keys[i]);
                }
            }
            assertEquals(reference.size(), table.size());
            assertEquals(0, table.sizeHeldByValue(), "keys that come back as the same objects are compared by equals");
        }
    }

    @Test
    void aSizedTableDoesNotGrowUpToItsSize() {
        SumTable<Object> sized = new SumTable<>(3_000, true);
        for (int pass = 0; pass < 2; pass++) {
            // each key twice, as a new object each time: the table chooses to hold them by value
            for (int i = 0; i < 3_000; i++) {
                assertEquals(i, sized.getOrPut("w" + i, sized.size()));
            }
        }
        assertEquals(3_000, sized.sizeHeldByValue());
        assertTrue(sized.meanDisplacement() < 2.0, "mean displacement " + sized.meanDisplacement());
        // room for the keys at most half full: 3,000 keys take 8,192 slots, none take the least, 16
        assertEquals(13, SumTable.bitsFor(3_000));
        assertEquals(13, SumTable.bitsFor(4_095));
        assertEquals(14, SumTable.bitsFor(4_096));
        assertEquals(4, SumTable.bitsFor(0));
        assertEquals(4, SumTable.bitsFor(7));
        assertEquals(5, SumTable.bitsFor(8));
    }

    @Test
    void comparesStringsByEqualsWhenTheSameObjectsComeBack() {
        Random random = new Random(37);
        String[] pool = new String[2_000];
        for (int i = 0; i < pool.length; i++) {
            pool[i] = "k" + i;
        }
        SumTable<String> pooled = new SumTable<>();
        SumTable<String> parsed = new SumTable<>();
        Map<String, Long> reference = new HashMap<>();
        for (int op = 0; op < 100_000; op++) {
            String key = pool[random.nextInt(pool.length)];
            pooled.add(key, op);
            parsed.add(new String(key.toCharArray()), op); // equal, but a new object each time
            reference.merge(key, (long) op, Long::sum);
        }
        assertEquals(0, pooled.sizeHeldByValue(), "keys that come back as the same objects");
        assertEquals(pool.length, parsed.sizeHeldByValue(), "keys that come as new objects");
        assertEquals(reference, pooled.toMaps(ONE, Long::valueOf)[0]);
        assertEquals(reference, parsed.toMaps(ONE, Long::valueOf)[0]);
    }

    @Test
    void boxesEachTotalOnce() {
        SumTable<String> table = new SumTable<>();
        table.add("Aa", 1);
        table.add("BB", 2); // same String hash code as "Aa"
        table.add("Aa", 3);
        assertEquals(Map.of("Aa", 4, "BB", 2), table.toMaps(ONE, total -> (int) total)[0]);
    }

    @Test
    void splitsTotalsByPartitionWithEachKeyWhereThePartitionerPutsIt() {
        SumTable<Object> table = new SumTable<>();
        Map<Object, Long> reference = new HashMap<>();
        for (int i = 0; i < 3_000; i++) {
            Object key = i % 500 == 0 ? null : "w" + (i % 700);
            table.add(key, i);
            reference.merge(key, (long) i, Long::sum);
        }
        HashPartitioner partitioner = new HashPartitioner(3);
        HashMap<Object, Long>[] maps = table.toMaps(partitioner, Long::valueOf);
        assertEquals(3, maps.length);
        Map<Object, Long> union = new HashMap<>();
        for (int b = 0; b < maps.length; b++) {
            for (Map.Entry<Object, Long> e : maps[b].entrySet()) {
                assertEquals(b, partitioner.partition(e.getKey()), "partition of " + e.getKey());
                union.put(e.getKey(), e.getValue());
            }
        }
        assertEquals(reference, union);
        assertEquals(null, new SumTable<String>().toMaps(partitioner, Long::valueOf)[1], "a partition with no key");
        assertEquals(null, new SumTable<String>().toMaps(ONE, Long::valueOf)[0], "one partition and no key");
    }
}
