package dev.sluice.engine.rdd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.AbstractList;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ParallelCollectionNodeTest extends RddTestBase {

    @Test
    void chunksOfAnyKindAreConcatenatedInOrderIntoNearEqualPartitions() throws Exception {
        List<Collection<Integer>> chunks = List.of(
                new ArrayList<>(List.of(0, 1, 2, 3, 4)),
                new LinkedList<>(List.of(5, 6)),
                List.of(),
                new ArrayDeque<>(List.of(7, 8, 9)));

        ParallelCollectionNode<Integer> node = ParallelCollectionNode.slice(ctx, chunks, 3, "test");

        assertEquals(List.of(List.of(0, 1, 2), List.of(3, 4, 5), List.of(6, 7, 8, 9)), partitions(node));
        assertEquals(10, node.size());
    }

    @Test
    void oneListIsCutAtTheSameBoundariesAsChunks() throws Exception {
        List<Integer> data = IntStream.range(0, 10).boxed().toList();

        ParallelCollectionNode<Integer> whole = ParallelCollectionNode.slice(ctx, data, 4, "test");
        ParallelCollectionNode<Integer> chunked = ParallelCollectionNode.slice(ctx,
                List.of(data.subList(0, 3), new LinkedList<>(data.subList(3, 10))), 4, "test");

        List<List<Integer>> expected = List.of(List.of(0, 1), List.of(2, 3, 4), List.of(5, 6), List.of(7, 8, 9));
        assertEquals(expected, partitions(whole));
        assertEquals(expected, partitions(chunked));
    }

    @Test
    void moreSlicesThanElementsLeavesSomePartitionsEmpty() throws Exception {
        ParallelCollectionNode<String> node = ParallelCollectionNode.slice(ctx, List.of("a", "b"), 3, "test");

        assertEquals(List.of(List.of(), List.of("a"), List.of("b")), partitions(node));
    }

    @Test
    void theDatasetIsACopyThatLaterChangesToTheSourceDoNotReach() throws Exception {
        List<String> source = new ArrayList<>(List.of("a", "b", "c"));
        LinkedList<String> other = new LinkedList<>(List.of("d"));

        ParallelCollectionNode<String> single = ParallelCollectionNode.slice(ctx, source, 2, "test");
        ParallelCollectionNode<String> chunked = ParallelCollectionNode.slice(ctx, List.of(source, other), 2, "test");
        source.set(0, "changed");
        source.clear();
        other.clear();

        assertEquals(List.of("a", "b", "c"), single.elements());
        assertEquals(List.of("a", "b", "c", "d"), chunked.elements());
    }

    @Test
    void largeMixedChunksKeepEveryElementInOrderAcrossInternalChunkBoundaries() throws Exception {
        int n = 3 * ValueList.MAX_CHUNK + 17;
        List<Integer> data = IntStream.range(0, n).boxed().toList();
        int a = ValueList.MAX_CHUNK - 5;
        int b = 2 * ValueList.MAX_CHUNK + 3;
        List<Collection<Integer>> chunks = List.of(
                data.subList(0, a),
                new ArrayDeque<>(data.subList(a, a + 1000)),
                List.of(),
                new ArrayList<>(data.subList(a + 1000, b)),
                new LinkedList<>(data.subList(b, n)));

        ParallelCollectionNode<Integer> node = ParallelCollectionNode.slice(ctx, chunks, 3, "test");

        List<List<Integer>> parts = partitions(node);
        List<Integer> all = new ArrayList<>();
        parts.forEach(all::addAll);
        assertEquals(data, all);
        assertEquals(List.of(n / 3, 2 * n / 3 - n / 3, n - 2 * n / 3), parts.stream().map(List::size).toList());
    }

    @Test
    void aCollectionThatShrinksWhilePartitionedIsReported() {
        List<Integer> shrinking = new AbstractList<>() {
            private int calls;

            @Override
            public Integer get(int i) {
                return i;
            }

            @Override
            public int size() {
                return calls++ == 0 ? 10 : 4;
            }
        };

        ConcurrentModificationException e = assertThrows(ConcurrentModificationException.class,
                () -> ParallelCollectionNode.slice(ctx, shrinking, 2, "test"));
        assertEquals("a collection shrank while it was being partitioned", e.getMessage());
    }

    @Test
    void zeroSlicesIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ParallelCollectionNode.slice(ctx, List.of(1), 0, "test"));
        assertEquals("number of partitions must be at least 1, got 0", e.getMessage());
    }

    private static <T> List<List<T>> partitions(ParallelCollectionNode<T> node) throws Exception {
        List<List<T>> out = new ArrayList<>();
        for (int p = 0; p < node.numPartitions(); p++) {
            List<T> part = new ArrayList<>();
            Iterator<T> it = node.iterator(p);
            it.forEachRemaining(part::add);
            out.add(part);
        }
        return out;
    }
}
