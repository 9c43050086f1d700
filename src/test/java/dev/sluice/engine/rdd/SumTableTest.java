package dev.sluice.engine.rdd;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
