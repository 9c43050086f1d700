package dev.sluice.engine.rdd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A reduce partition's keys come key group by key group ({@link Grouping}): the table that numbers
 * them on the reduce side ({@link SumTable}) and the table that looks up their state in
 * {@code mapWithState} ({@link SlotTable}) meet them group after group. If
 * the group were taken from the same bits of the hash that place a key in those tables, a group's
 * keys would all land in one sixteenth of a growing table and every lookup would probe a long run
 * of occupied slots. These tests hold the placement of one group's keys to what linear probing
 * gives uniformly spread keys.
 */
class KeyGroupPlacementTest {

    /** Well above the mean displacement of uniform keys in a table at most half full (about 0.5). */
    private static final double MAX_MEAN_DISPLACEMENT = 2.0;

    /** The keys of reduce partition 0 of 2 that fall in key group {@code group}, in a made-up vocabulary. */
    private static List<String> keysOfOneGroup(int group) {
        HashPartitioner partitioner = new HashPartitioner(2);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 400_000; i++) {
            String key = "key-" + i;
            if (partitioner.partition(key) == 0 && Grouping.group(key) == group) {
                keys.add(key);
            }
        }
        return keys;
    }

    @Test
    void oneGroupsKeysSpreadOverAGrowingSumTable() {
        for (int group : new int[] {0, 7, Grouping.GROUPS - 1}) {
            List<String> keys = keysOfOneGroup(group);
            SumTable<String> table = new SumTable<>();
            for (String key : keys) {
                table.getOrPut(key, table.size());
            }

            assertEquals(keys.size(), table.size());
            assertTrue(keys.size() > 10_000, "group " + group + " has " + keys.size() + " keys");
            double d = table.meanDisplacement();
            assertTrue(d < MAX_MEAN_DISPLACEMENT, "group " + group + ": mean displacement " + d);
        }
    }

    @Test
    void oneGroupsKeysSpreadOverAGrowingSlotTable() {
        for (int group : new int[] {0, 7, Grouping.GROUPS - 1}) {
            List<String> keys = keysOfOneGroup(group);
            SlotTable<String, Integer> table = new SlotTable<>(16);
            for (String key : keys) {
                table.put(key, 1);
            }

            assertEquals(keys.size(), table.size());
            double d = table.meanDisplacement();
            assertTrue(d < MAX_MEAN_DISPLACEMENT, "group " + group + ": mean displacement " + d);
        }
    }
}
