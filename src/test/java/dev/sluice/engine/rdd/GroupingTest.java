package dev.sluice.engine.rdd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sluice.streaming.Pair;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GroupingTest extends RddTestBase {

    /** A key whose hash code many keys share, so probes run past their home slot. */
    private record Colliding(int id) {
        @Override
        public int hashCode() {
            return id % 3;
        }
    }

    private static Map<Object, List<Object>> expected(List<ValueList<Object>> buckets) {
        Map<Object, List<Object>> want = new LinkedHashMap<>();
        for (List<Object> b : buckets) {
            for (int i = 0; i < b.size(); i += 2) {
                want.computeIfAbsent(b.get(i), k -> new ArrayList<>()).add(b.get(i + 1));
            }
        }
        return want;
    }

    private static Map<Object, List<Object>> grouped(List<ValueList<Object>> buckets) {
        Map<Object, List<Object>> got = new LinkedHashMap<>();
        for (Iterator<Pair<Object, List<Object>>> it = Grouping.group(buckets); it.hasNext(); ) {
            Pair<Object, List<Object>> g = it.next();
            List<Object> previous = got.put(g.key(), g.value());
            assertEquals(null, previous, "key " + g.key() + " returned twice");
        }
        return got;
    }

    @Test
    void groupsEveryKeyOnceWithItsValuesInArrivalOrderAcrossBuckets() {
        Random random = new Random(42);
        for (int round = 0; round < 50; round++) {
            int keys = 1 + random.nextInt(round < 25 ? 40 : 3000);
            List<ValueList<Object>> buckets = new ArrayList<>();
            for (int b = random.nextInt(5); b > 0; b--) {
                ValueList<Object> bucket = new ValueList<>();
                for (int n = random.nextInt(5000); n > 0; n--) {
                    int k = random.nextInt(keys);
                    Object key = k == 0 ? null : k % 2 == 0 ? new Colliding(k) : "k" + k;
                    bucket.add(key);
                    bucket.add(random.nextInt(10) == 0 ? null : random.nextInt());
                }
                buckets.add(bucket);
            }
            Map<Object, List<Object>> want = expected(buckets);
            Map<Object, List<Object>> got = grouped(buckets);
            assertEquals(new ArrayList<>(want.keySet()), new ArrayList<>(got.keySet()), "keys, round " + round);
            for (Map.Entry<Object, List<Object>> e : want.entrySet()) {
                List<Object> values = got.get(e.getKey());
                assertEquals(e.getValue(), values, "values of " + e.getKey() + ", round " + round);
                assertEquals(e.getValue(), new ArrayList<>(values), "iterated values of " + e.getKey());
                assertEquals(e.getValue().size(), values.toArray().length);
            }
        }
    }

    @Test
    void groupsLargerThanOneArrayChunkReadBackWhole() {
        int records = 2 * ValueList.MAX_CHUNK + 11;
        ValueList<Object> first = new ValueList<>();
        ValueList<Object> second = new ValueList<>();
        for (int i = 0; i < records; i++) {
            ValueList<Object> bucket = i < records / 3 ? first : second;
            bucket.add(i % 3 == 0 ? "x" : i % 3 == 1 ? "y" : "z");
            bucket.add(i);
        }
        List<ValueList<Object>> buckets = List.of(first, second);
        Map<Object, List<Object>> want = expected(buckets);
        Map<Object, List<Object>> got = grouped(buckets);
        assertEquals(want, got);
        List<Object> y = got.get("y");
        assertEquals(records / 3, y.size());
        for (int i = 0; i < y.size(); i += 997) {
            assertEquals(3 * i + 1, y.get(i), "y.get(" + i + ")");
        }
    }

    @Test
    void noBucketsOrEmptyBucketsGiveNoGroups() {
        assertEquals(Map.of(), grouped(List.of()));
        assertEquals(Map.of(), grouped(List.of(new ValueList<>(), new ValueList<>())));
    }

    @Test
    void aGroupIsReadOnlyBoundedAndSerializesAsAnArrayList() throws Exception {
        ValueList<Object> bucket = new ValueList<>();
        for (String s : new String[] {"a", "1", "b", "2", "a", "3"}) {
            bucket.add(s);
        }
        Map<Object, List<Object>> got = grouped(List.of(bucket));
        List<Object> a = got.get("a");
        assertEquals(List.of("1", "3"), a);
        assertThrows(UnsupportedOperationException.class, () -> a.add("4"));
        assertThrows(UnsupportedOperationException.class, () -> a.set(0, "4"));
        assertThrows(IndexOutOfBoundsException.class, () -> a.get(2));
        assertThrows(IndexOutOfBoundsException.class, () -> a.get(-1));
        Iterator<Object> it = got.get("b").iterator();
        assertEquals("2", it.next());
        assertThrows(NoSuchElementException.class, it::next);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(a);
        }
        Object back = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray())).readObject();
        assertInstanceOf(ArrayList.class, back);
        assertEquals(List.of("1", "3"), back);
    }

    @Test
    void groupByKeyGroupsWithAndWithoutAShuffle() throws Exception {
        List<Pair<String, Integer>> data = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            data.add(Pair.of(i % 7 == 0 ? null : "k" + (i % 101), i));
        }
        HashPartitioner partitioner = new HashPartitioner(3);
        RddNode<Pair<String, Integer>> input = ParallelCollectionNode.slice(ctx, data, 4, "input");
        RddNode<Pair<String, List<Integer>>> shuffled = KeyedOps.groupByKey(input, partitioner);
        assertInstanceOf(ShuffledNode.class, shuffled);
        // Grouping what is already partitioned by the same partitioner needs no shuffle.
        RddNode<Pair<String, List<List<Integer>>>> regrouped = KeyedOps.groupByKey(shuffled, partitioner);
        assertInstanceOf(MapPartitionsNode.class, regrouped);

        Map<String, List<Integer>> want = new LinkedHashMap<>();
        for (Pair<String, Integer> p : data) {
            want.computeIfAbsent(p.key(), k -> new ArrayList<>()).add(p.value());
        }
        List<List<Pair<String, List<Integer>>>> parts = ctx.runJob(shuffled, (split, it) -> {
            List<Pair<String, List<Integer>>> out = new ArrayList<>();
            it.forEachRemaining(out::add);
            return out;
        });
        Map<String, List<Integer>> got = new LinkedHashMap<>();
        for (int r = 0; r < parts.size(); r++) {
            for (Pair<String, List<Integer>> g : parts.get(r)) {
                assertEquals(r, partitioner.partition(g.key()), "partition of " + g.key());
                got.put(g.key(), g.value());
            }
        }
        assertEquals(want.keySet(), got.keySet());
        for (String k : want.keySet()) {
            List<Integer> values = new ArrayList<>(got.get(k));
            values.sort(null);
            assertEquals(want.get(k), values, "values of " + k);
        }

        List<List<Pair<String, List<List<Integer>>>>> again = ctx.runJob(regrouped, (split, it) -> {
            List<Pair<String, List<List<Integer>>>> out = new ArrayList<>();
            it.forEachRemaining(out::add);
            return out;
        });
        int groups = 0;
        for (int r = 0; r < again.size(); r++) {
            for (Pair<String, List<List<Integer>>> g : again.get(r)) {
                assertEquals(r, partitioner.partition(g.key()), "partition of " + g.key());
                assertEquals(List.of(got.get(g.key())), g.value(), "regrouped " + g.key());
                groups++;
            }
        }
        assertEquals(want.size(), groups);
    }
}
