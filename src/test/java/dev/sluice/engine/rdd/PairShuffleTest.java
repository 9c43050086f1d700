package dev.sluice.engine.rdd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.sluice.streaming.Pair;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PairShuffleTest extends RddTestBase {

    /** The values of each key of {@code records}, each key's in order. */
    private static Map<String, List<Integer>> byKey(List<Pair<String, Integer>> records) {
        Map<String, List<Integer>> out = new HashMap<>();
        for (Pair<String, Integer> p : records) {
            out.computeIfAbsent(p.key(), k -> new ArrayList<>()).add(p.value());
        }
        return out;
    }

    private static List<Pair<String, Integer>> inPartition(List<Pair<String, Integer>> data, Partitioner p, int r) {
        List<Pair<String, Integer>> out = new ArrayList<>();
        for (Pair<String, Integer> record : data) {
            if (p.partition(record.key()) == r) {
                out.add(record);
            }
        }
        return out;
    }

    @Test
    void everyRecordReachesItsKeysPartitionWithItsValueEachKeyInMapOrder() throws Exception {
        List<Pair<String, Integer>> data = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            data.add(Pair.of("k" + (i % 37), i % 11 == 0 ? null : i));
        }
        HashPartitioner partitioner = new HashPartitioner(3);
        ParallelCollectionNode<Pair<String, Integer>> input = ParallelCollectionNode.slice(ctx, data, 4, "input");
        ShuffledNode<Pair<String, Integer>> shuffled = ShuffledNode.pairs(ctx, new PairShuffle<>(input, partitioner), "shuffle");

        List<List<Pair<String, Integer>>> parts = ctx.runJob(shuffled, (split, it) -> {
            List<Pair<String, Integer>> out = new ArrayList<>();
            it.forEachRemaining(out::add);
            return out;
        });

        assertEquals(partitioner, shuffled.partitioner());
        for (int r = 0; r < 3; r++) {
            List<Pair<String, Integer>> want = inPartition(data, partitioner, r);
            assertEquals(want.size(), parts.get(r).size(), "records in partition " + r);
            assertEquals(byKey(want), byKey(parts.get(r)), "partition " + r);
        }
    }

    @Test
    void aCursorReadsTheSameRecordsAsTheIteratorWithoutPairs() throws Exception {
        List<Pair<String, Integer>> data = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            data.add(Pair.of(i % 13 == 0 ? null : "k" + (i % 53), i % 7 == 0 ? null : i));
        }
        HashPartitioner partitioner = new HashPartitioner(4);
        // Five map partitions: each reduce partition reads five buckets, each of several chunks.
        ParallelCollectionNode<Pair<String, Integer>> input = ParallelCollectionNode.slice(ctx, data, 5, "input");
        ShuffledNode<Pair<String, Integer>> shuffled = ShuffledNode.pairs(ctx, new PairShuffle<>(input, partitioner), "shuffle");

        List<List<Pair<String, Integer>>> parts = ctx.runJob(shuffled, (split, it) -> {
            PairShuffle.Cursor<String, Integer> cursor = (PairShuffle.Cursor<String, Integer>) it;
            List<Pair<String, Integer>> out = new ArrayList<>();
            while (cursor.advance()) {
                out.add(Pair.of(cursor.key(), cursor.value()));
            }
            assertFalse(cursor.advance(), "a finished cursor stays finished");
            assertFalse(cursor.hasNext());
            return out;
        });

        int total = 0;
        for (int r = 0; r < 4; r++) {
            List<Pair<String, Integer>> want = inPartition(data, partitioner, r);
            assertEquals(want.size(), parts.get(r).size(), "records in partition " + r);
            assertEquals(byKey(want), byKey(parts.get(r)), "partition " + r);
            total += parts.get(r).size();
        }
        assertEquals(data.size(), total);
    }

    @Test
    void anEmptyInputReadsAsEmptyPartitions() throws Exception {
        ParallelCollectionNode<Pair<String, Integer>> input = ParallelCollectionNode.slice(ctx, List.of(), 2, "input");
        ShuffledNode<Pair<String, Integer>> shuffled = ShuffledNode.pairs(ctx,
                new PairShuffle<>(input, new HashPartitioner(2)), "shuffle");

        List<Boolean> empty = ctx.runJob(shuffled, (split, it) -> !it.hasNext());

        assertEquals(List.of(true, true), empty);
    }

}
