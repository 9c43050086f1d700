package dev.sluice.engine.rdd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.streaming.Pair;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** {@link RddNode#knownEmpty}: true only where no element can come out without computing anything. */
class KnownEmptyTest extends RddTestBase {

    @Test
    void aCollectionIsKnownEmptyWhenEveryPartitionIsEmpty() throws Exception {
        ParallelCollectionNode<Integer> none = ParallelCollectionNode.ofPartitions(ctx, List.of(), null, "none");
        ParallelCollectionNode<Integer> emptyParts = ParallelCollectionNode.ofPartitions(ctx, List.of(List.of(), List.of()), null, "empty");
        ParallelCollectionNode<Integer> oneElement = ParallelCollectionNode.ofPartitions(ctx, List.of(List.of(), List.of(7)), null, "one");

        assertTrue(none.knownEmpty());
        assertTrue(emptyParts.knownEmpty());
        assertFalse(oneElement.knownEmpty());
        assertEquals(1, oneElement.size());
    }

    @Test
    void anElementStepOverAnEmptyDatasetIsEmptyButAPartitionFunctionMayEmit() throws Exception {
        ParallelCollectionNode<Integer> emptyParts = ParallelCollectionNode.ofPartitions(ctx, List.of(List.of(), List.of()), null, "empty");
        MapPartitionsNode<Integer, Integer> mapped = new MapPartitionsNode<>(emptyParts, ElementStep.map(x -> x + 1), false, "map");
        // a partition function is called for each of the two empty partitions, and this one emits
        MapPartitionsNode<Integer, Integer> emitting = new MapPartitionsNode<Integer, Integer>(emptyParts,
                (split, it) -> List.of(split).iterator(), false, "mapPartitions");

        assertTrue(mapped.knownEmpty());
        assertFalse(emitting.knownEmpty());
        assertEquals(List.of(0, 1), collect(emitting));
    }

    @Test
    void aShuffleOfAnEmptyDatasetIsEmptyAndOfOneRecordIsNot() throws Exception {
        ParallelCollectionNode<Pair<String, Long>> noBlocks = ParallelCollectionNode.ofPartitions(ctx, List.of(), null, "no blocks");
        ParallelCollectionNode<Pair<String, Long>> oneRecord = ParallelCollectionNode.ofPartitions(ctx,
                List.of(List.of(Pair.of("a", 1L))), null, "one block");

        RddNode<Pair<String, Long>> reducedNone = KeyedOps.reduceByKey(noBlocks, new HashPartitioner(2), Long::sum);
        RddNode<Pair<String, Long>> reducedOne = KeyedOps.reduceByKey(oneRecord, new HashPartitioner(2), Long::sum);

        assertEquals(2, reducedNone.numPartitions());
        assertTrue(reducedNone.knownEmpty());
        assertEquals(List.of(), collect(reducedNone));
        assertFalse(reducedOne.knownEmpty());
        assertEquals(List.of(Pair.of("a", 1L)), collect(reducedOne));
    }

    /** Every element, partition by partition. */
    private <T> List<T> collect(RddNode<T> rdd) throws Exception {
        List<T> out = new ArrayList<>();
        for (List<T> part : ctx.runJob(rdd, (split, it) -> {
            List<T> elements = new ArrayList<>();
            it.forEachRemaining(elements::add);
            return elements;
        })) {
            out.addAll(part);
        }
        return out;
    }
}
