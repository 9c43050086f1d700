package dev.sluice.engine.rdd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LayeredMapTest {

    @Test
    void everyVersionMatchesAPlainMapThroughManyLayersAndFlattenings() {
        Random random = new Random(7);
        Map<Integer, String> reference = new HashMap<>();
        Map<Integer, String> current = Map.of();
        List<Map<Integer, String>> versions = new ArrayList<>();
        List<Map<Integer, String>> expected = new ArrayList<>();
        for (int batch = 0; batch < 40; batch++) {
            LayeredMap.Editor<Integer, String> editor = LayeredMap.edit(current);
            // Every third batch touches most keys, which flattens instead of adding a layer.
            int edits = batch % 3 == 0 ? 400 : 50;
            for (int i = 0; i < edits; i++) {
                int key = random.nextInt(200);
                if (random.nextInt(4) == 0) {
                    if (random.nextBoolean()) {
                        editor.remove(key);
                    } else {
                        editor.removeAt(editor.slot(key));
                    }
                    reference.remove(key);
                } else {
                    String value = batch + ":" + i;
                    if (random.nextBoolean()) {
                        editor.put(key, value);
                    } else {
                        int slot = editor.slot(key);
                        assertEquals(reference.get(key), editor.valueAt(slot));
                        editor.setAt(slot, value);
                    }
                    reference.put(key, value);
                }
                assertEquals(reference.get(key), editor.get(key));
                if (i == edits / 2) {
                    // A map sealed mid-batch keeps what it had while the editor goes on.
                    versions.add(editor.seal());
                    expected.add(new HashMap<>(reference));
                }
            }
            current = editor.seal();
            assertTrue(((LayeredMap<Integer, String>) current).depth() <= LayeredMap.MAX_DEPTH);
            versions.add(current);
            expected.add(new HashMap<>(reference));
        }
        for (int v = 0; v < versions.size(); v++) {
            Map<Integer, String> version = versions.get(v);
            assertEquals(expected.get(v), new HashMap<>(version), "version " + v);
            assertEquals(expected.get(v).size(), version.size(), "size of version " + v);
            for (int key = 0; key < 200; key++) {
                assertEquals(expected.get(v).get(key), version.get(key));
            }
        }
    }

    @Test
    void nullKeysAndRemovalsOfAbsentKeys() {
        LayeredMap.Editor<String, Integer> editor = LayeredMap.edit(Map.of());
        editor.put(null, 1);
        editor.remove("absent");
        LayeredMap<String, Integer> first = editor.seal();
        assertEquals(1, first.get(null));
        assertEquals(1, first.size());
        LayeredMap.Editor<String, Integer> next = LayeredMap.edit(first);
        next.remove(null);
        for (Map.Entry<String, Integer> e : next.entries()) {
            next.remove(e.getKey());
        }
        LayeredMap<String, Integer> second = next.seal();
        assertNull(second.get(null));
        assertEquals(0, second.size());
        assertTrue(second.isEmpty());
        assertEquals(1, first.get(null), "earlier versions do not change");
    }
}
