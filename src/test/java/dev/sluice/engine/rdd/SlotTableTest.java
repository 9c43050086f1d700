package dev.sluice.engine.rdd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SlotTableTest {

    /** A key whose hash code collides with every other key of the same residue mod 3 (also used by SumTableTest). */
    record Colliding(int id) {
        @Override
        public int hashCode() {
            return id % 3;
        }
    }

    @Test
    void behavesLikeAHashMapThroughGrowthNullKeysAndCollidingHashes() {
        Random random = new Random(11);
        SlotTable<Object, Integer> table = new SlotTable<>(1);
        Map<Object, Integer> reference = new HashMap<>();
        for (int op = 0; op < 20_000; op++) {
            int r = random.nextInt(600);
            Object key = r == 0 ? null : r < 60 ? new Colliding(r) : Integer.valueOf(r);
            if (random.nextInt(3) == 0) {
                int slot = table.find(key);
                if (slot >= 0) {
                    table.setAt(slot, null);
                }
                reference.remove(key);
            } else {
                assertEquals(reference.put(key, op), table.put(key, op));
            }
            assertEquals(reference.get(key), table.get(key));
            assertEquals(reference.size(), table.size());
        }
        assertEquals(reference, new HashMap<>(table));
        assertEquals(reference.entrySet(), table.entrySet());
        assertTrue(table.capacity() >= 2 * table.slotsUsed(), "at most half full");
    }

    @Test
    void aSlotKeepsItsKeyWithoutAValueAndTheMapViewSkipsIt() {
        SlotTable<String, String> table = new SlotTable<>(4);
        int a = table.add("a", "1");
        int b = table.add("b", null);
        assertEquals("1", table.valueAt(a));
        assertNull(table.valueAt(b));
        assertEquals(b, table.find("b"));
        assertEquals(-1, table.find("c"));
        assertFalse(table.containsKey("b"));
        assertEquals(Map.of("a", "1"), new HashMap<>(table));
        assertEquals(2, table.slotsUsed());
        table.setAt(b, "2");
        assertEquals(Map.of("a", "1", "b", "2"), new HashMap<>(table));
        assertEquals("b", table.keyAt(table.find(new String("b"))));
    }
}
