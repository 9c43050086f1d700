package dev.sluice.engine.rdd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A grouped reduce partition ({@link Grouping}) comes key group after key group, so the table that
 * looks up its keys' state ({@link SlotTable}, in {@code mapWithState}) first sees the keys of one
 * group alone. If the group were taken from the same bits of the hash that place a key in that
 * table, a group's keys would all land in one sixteenth of a growing table and every lookup would
 * probe a long run of occupied slots. This test holds the placement of one group's keys to what
 * linear probing gives uniformly spread keys.
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
