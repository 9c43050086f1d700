package dev.sluice.engine.rdd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
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

    /** What grouping {@code partitions} should give: every key once, its values in arrival order, partition by partition. */
    private static Map<Object, List<Object>> expected(List<List<Pair<Object, Object>>> partitions) {
        Map<Object, List<Object>> want = new LinkedHashMap<>();
        for (List<Pair<Object, Object>> records : partitions) {
            for (Pair<Object, Object> p : records) {
                want.computeIfAbsent(p.key(), k -> new ArrayList<>()).add(p.value());
            }
        }
        return want;
    }

    /** Sorts each partition as a map task does and reads every reduce partition back into one map. */
    private static Map<Object, List<Object>> grouped(List<List<Pair<Object, Object>>> partitions, Partitioner partitioner) {
        int reducers = partitioner.numPartitions();
        List<Grouping.Sorted> outputs = new ArrayList<>();
        for (List<Pair<Object, Object>> records : partitions) {
            outputs.add(Grouping.sort(records.iterator(), partitioner, reducers));
        }
        Map<Object, List<Object>> got = new LinkedHashMap<>();
        for (int r = 0; r < reducers; r++) {
            for (Iterator<Pair<Object, List<Object>>> it = Grouping.groups(outputs, r); it.hasNext(); ) {
                Pair<Object, List<Object>> g = it.next();
                assertEquals(r, partitioner.partition(g.key()), "reduce partition of " + g.key());
                List<Object> previous = got.put(g.key(), g.value());
                assertEquals(null, previous, "key " + g.key() + " returned twice");
            }
        }
        return got;
    }

    private static Map<Object, List<Object>> grouped(List<List<Pair<Object, Object>>> partitions) {
        return grouped(partitions, new HashPartitioner(1));
    }

    @Test
    void groupsEveryKeyOnceWithItsValuesInArrivalOrderAcrossMapOutputs() {
        Random random = new Random(42);
        for (int round = 0; round < 60; round++) {
            int keys = 1 + random.nextInt(round < 30 ? 40 : 3000);
            List<List<Pair<Object, Object>>> partitions = new ArrayList<>();
            for (int m = random.nextInt(5); m > 0; m--) {
                List<Pair<Object, Object>> records = new ArrayList<>();
                for (int n = random.nextInt(5000); n > 0; n--) {
                    int k = random.nextInt(keys);
                    Object key = k == 0 ? null : k % 2 == 0 ? new Colliding(k) : "k" + k;
                    records.add(Pair.of(key, random.nextInt(10) == 0 ? null : random.nextInt()));
                }
                partitions.add(records);
            }
            Partitioner partitioner = new HashPartitioner(1 + round % 4);
            Map<Object, List<Object>> want = expected(partitions);
            Map<Object, List<Object>> got = grouped(partitions, partitioner);
            assertEquals(want.keySet(), got.keySet(), "keys, round " + round);
            for (Map.Entry<Object, List<Object>> e : want.entrySet()) {
                List<Object> values = got.get(e.getKey());
                assertEquals(e.getValue(), values, "values of " + e.getKey() + ", round " + round);
                assertEquals(e.getValue(), new ArrayList<>(values), "iterated values of " + e.getKey());
                assertEquals(e.getValue().size(), values.toArray().length);
                assertEquals(e.getValue().size(), values.size());
            }
        }
    }

    @Test
    void aKeyInSeveralMapOutputsIsOneGroupWithTheFirstOutputsValuesFirst() {
        List<Pair<Object, Object>> first = List.of(Pair.of("c", 1), Pair.of("a", 2), Pair.of("c", 3));
        List<Pair<Object, Object>> second = List.of(Pair.of("b", 4), Pair.of("a", 5), Pair.of("c", 6));
        Map<Object, List<Object>> got = grouped(List.of(first, second));
        assertEquals(Map.of("a", List.of(2, 5), "b", List.of(4), "c", List.of(1, 3, 6)), got);
        Map<Object, List<Object>> reversed = grouped(List.of(second, first));
        assertEquals(Map.of("a", List.of(5, 2), "b", List.of(4), "c", List.of(6, 1, 3)), reversed);
    }

    @Test
    void groupsLargerThanOneArrayChunkReadBackWhole() {
        int records = 2 * ValueList.MAX_CHUNK + 11;
        List<Pair<Object, Object>> first = new ArrayList<>();
        List<Pair<Object, Object>> second = new ArrayList<>();
        for (int i = 0; i < records; i++) {
            (i < records / 3 ? first : second).add(Pair.of(i % 3 == 0 ? "x" : i % 3 == 1 ? "y" : "z", i));
        }
        List<List<Pair<Object, Object>>> partitions = List.of(first, second);
        Map<Object, List<Object>> want = expected(partitions);
        Map<Object, List<Object>> got = grouped(partitions);
        assertEquals(want, got);
        List<Object> y = got.get("y");
        assertEquals(records / 3, y.size());
        for (int i = 0; i < y.size(); i += 997) {
            assertEquals(3 * i + 1, y.get(i), "y.get(" + i + ")");
        }
        Map<Object, List<Object>> alone = grouped(List.of(second));
        assertEquals(expected(List.of(second)), alone);
    }

    @Test
    void aTaskOfAnySizeAroundWhereItsKeyNumbersOutgrowTheirFirstArrayGroupsEveryValue() {
        for (int records : new int[] {1, 2, 255, 256, 257, 511, 512, 513, 4_097}) {
            List<Pair<Object, Object>> partition = new ArrayList<>();
            for (int i = 0; i < records; i++) {
                partition.add(Pair.of("k" + (i * 7 % 97), (long) i));
            }
            List<List<Pair<Object, Object>>> partitions = List.of(partition);
            assertEquals(expected(partitions), grouped(partitions, new HashPartitioner(2)), records + " records");
        }
    }

    @Test
    void valuesSharedByEveryRecordComeBackAsThatObjectAndASwitchMidwayKeepsEveryValue() {
        Long one = 1L;
        String v = "v";
        String equalButNotSame = new String(v);
        List<Pair<Object, Object>> shared = new ArrayList<>();
        List<Pair<Object, Object>> nulls = new ArrayList<>();
        List<Pair<Object, Object>> switched = new ArrayList<>();
        List<Pair<Object, Object>> equalValues = new ArrayList<>();
        int records = ValueList.MAX_CHUNK + 500;
        for (int i = 0; i < records; i++) {
            String key = "k" + (i % 1000);
            shared.add(Pair.of(key, one));
            nulls.add(Pair.of(key, null));
            // the shared value first (some buckets already past a chunk), then others, then it again
            switched.add(Pair.of(key, i < records - 700 ? one : i < records - 300 ? (Object) (long) i : one));
            equalValues.add(Pair.of(key, i == records / 2 ? equalButNotSame : v));
        }
        for (List<List<Pair<Object, Object>>> partitions : List.of(List.of(shared), List.of(nulls), List.of(switched),
                List.of(equalValues), List.of(shared, switched, nulls), List.of(nulls, shared))) {
            for (int reducers = 1; reducers <= 3; reducers++) {
                Map<Object, List<Object>> want = expected(partitions);
                Map<Object, List<Object>> got = grouped(partitions, new HashPartitioner(reducers));
                assertEquals(want, got);
                for (Map.Entry<Object, List<Object>> e : want.entrySet()) {
                    List<Object> values = got.get(e.getKey());
                    Iterator<Object> it = values.iterator();
                    for (int i = 0; i < values.size(); i++) {
                        Object next = it.next();
                        assertSame(e.getValue().get(i), values.get(i), "value " + i + " of " + e.getKey());
                        assertSame(e.getValue().get(i), next, "iterated value " + i + " of " + e.getKey());
                    }
                }
            }
        }
    }

    @Test
    void aTaskSizedFromThePreviousOneSortsAsAnUnsizedOne() {
        Random random = new Random(11);
        KeySizing sizing = new KeySizing();
        Long one = 1L;
        // Batches with few keys, many more, none, then varied values, over 1 to 3 reduce partitions.
        int[] keysPerBatch = {10, 5_000, 0, 20_000, 300, 20_000};
        for (int b = 0; b < keysPerBatch.length; b++) {
            int keys = keysPerBatch[b];
            boolean varied = b >= 3;
            List<Pair<Object, Object>> records = new ArrayList<>();
            for (int n = 0; keys > 0 && n < 3 * keys; n++) {
                int k = random.nextInt(keys);
                Object key = k == 0 ? null : k % 5 == 0 ? new Colliding(k) : "w" + k;
                // once values vary, from a record in the middle on (the records before all share one)
                records.add(Pair.of(key, varied && n > keys ? (Object) (long) n : one));
            }
            Partitioner partitioner = new HashPartitioner(1 + b % 3);
            int reducers = partitioner.numPartitions();
            Grouping.Sorted want = Grouping.sort(records.iterator(), partitioner, reducers);
            Grouping.Sorted got = Grouping.sort(records.iterator(), partitioner, reducers, sizing);
            assertArrayEquals(want.keys, got.keys, "keys of batch " + b);
            assertArrayEquals(want.keyStart, got.keyStart, "reduce partitions of batch " + b);
            assertArrayEquals(want.valueStart, got.valueStart, "value ranges of batch " + b);
            for (int k = 0; k < want.keys.length; k++) {
                assertEquals(want.range(k), got.range(k), "values of " + want.keys[k] + " in batch " + b);
            }
            assertEquals(expected(List.of(records)), grouped(List.of(records), partitioner), "batch " + b);
            assertEquals(want.keys.length, sizing.keys(), "keys recorded for the next batch");
        }
    }

    @Test
    void noPartitionsOrEmptyPartitionsGiveNoGroups() {
        assertEquals(Map.of(), grouped(List.of()));
        assertEquals(Map.of(), grouped(List.of(List.of(), List.of()), new HashPartitioner(3)));
    }

    @Test
    void anEmptyInputShufflesIntoEmptyPartitions() throws Exception {
        RddNode<Pair<String, Integer>> input = ParallelCollectionNode.slice(ctx, List.<Pair<String, Integer>>of(), 2, "input");
        RddNode<Pair<String, List<Integer>>> grouped = KeyedOps.groupByKey(input, new HashPartitioner(3));

        assertEquals(List.of(true, true, true), ctx.runJob(grouped, (split, it) -> !it.hasNext()));
    }

    @Test
    void aGroupIsReadOnlyBoundedAndSerializesAsAnArrayList() throws Exception {
        List<Pair<Object, Object>> first = List.of(Pair.of("a", "1"), Pair.of("b", "2"), Pair.of("a", "3"));
        List<Pair<Object, Object>> second = List.of(Pair.of("a", "4"));
        for (List<List<Pair<Object, Object>>> partitions : List.of(List.of(first), List.of(first, second))) {
            Map<Object, List<Object>> got = grouped(partitions);
            List<Object> a = got.get("a");
            List<Object> want = partitions.size() == 1 ? List.of("1", "3") : List.of("1", "3", "4");
            assertEquals(want, a);
            assertThrows(UnsupportedOperationException.class, () -> a.add("5"));
            assertThrows(UnsupportedOperationException.class, () -> a.set(0, "5"));
            assertThrows(IndexOutOfBoundsException.class, () -> a.get(want.size()));
            assertThrows(IndexOutOfBoundsException.class, () -> a.get(-1));
            Iterator<Object> all = a.iterator();
            for (Object v : want) {
                assertEquals(v, all.next());
            }
            assertThrows(NoSuchElementException.class, all::next);
            Iterator<Object> it = got.get("b").iterator();
            assertEquals("2", it.next());
            assertThrows(NoSuchElementException.class, it::next);

            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(a);
            }
            Object back = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray())).readObject();
            assertInstanceOf(ArrayList.class, back);
            assertEquals(want, back);
        }
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
