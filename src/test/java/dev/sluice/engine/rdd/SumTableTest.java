package dev.sluice.engine.rdd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
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
