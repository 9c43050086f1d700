package dev.sluice.engine.rdd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.streaming.Pair;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** A persisted shuffle reader lets go of the shuffle once it has cached every partition. */
class ShuffleReleaseTest extends RddTestBase {

    @Test
    void aFullyCachedReaderDropsTheShuffleButKeepsItsResultsAndLineage() throws Exception {
        RddNode<Pair<String, Long>> counts = wordCounts().persist();
        String lineageBefore = counts.lineage();
        ShuffleDependency<?> live = counts.shuffleDependencies().get(0);

        Map<String, Long> first = collect(counts);

        ShuffleDependency<?> after = counts.shuffleDependencies().get(0);
        assertFalse(after == live, "the shuffle was replaced by its stand-in");
        assertTrue(after.isMaterialized());
        IllegalStateException e = assertThrows(IllegalStateException.class, after::parent);
        assertEquals("this shuffle's input was released once its reader cached every partition", e.getMessage());
        assertEquals(lineageBefore, counts.lineage());
        assertEquals(Map.of("a", 3L, "b", 2L, "c", 1L), first);
        assertEquals(first, collect(counts), "later reads come from the cache");
        // The shuffle itself is untouched, so a read that started before the release still works.
        @SuppressWarnings("unchecked")
        AggregateShuffle<String, Long, Long> shuffle = (AggregateShuffle<String, Long, Long>) live;
        Map<String, Long> reread = new TreeMap<>(shuffle.reduce(0));
        reread.putAll(shuffle.reduce(1));
        assertEquals(first, reread);
    }

    @Test
    void aReaderThatIsNotPersistedOrNotFullyReadKeepsTheShuffle() throws Exception {
        RddNode<Pair<String, Long>> plain = wordCounts();
        collect(plain);
        assertEquals("words", plain.shuffleDependencies().get(0).parent().operation(), "not persisted: nothing released");

        RddNode<Pair<String, Long>> half = wordCounts().persist();
        ShuffleDependency<?> live = half.shuffleDependencies().get(0);
        ctx.runJob(half, 0, 1, (split, it) -> it.hasNext());
        assertSame(live, half.shuffleDependencies().get(0), "one of two partitions cached: nothing released");
        assertEquals(Map.of("a", 3L, "b", 2L, "c", 1L), collect(half));
        assertThrows(IllegalStateException.class, () -> half.shuffleDependencies().get(0).parent());
    }

    @Test
    void aLongReleasedLineageIsCut() throws Exception {
        RddNode<Pair<String, Long>> input = pairs();
        for (int i = 0; i < ShuffleDependency.MAX_RELEASED_LINES + 20; i++) {
            input = new MapPartitionsNode<>(input, (split, it) -> it, true, "step" + i);
        }
        RddNode<Pair<String, Long>> counts = KeyedOps.reduceByKey(input, new HashPartitioner(2), Long::sum).persist();
        collect(counts);

        String[] lines = counts.lineage().split("\n");
        assertEquals(1 + 1 + ShuffleDependency.MAX_RELEASED_LINES + 1, lines.length, counts.lineage());
        assertEquals("    ... (21 more lines)", lines[lines.length - 1]);
    }

    private RddNode<Pair<String, Long>> pairs() {
        List<Pair<String, Long>> data = List.of(Pair.of("a", 1L), Pair.of("b", 1L), Pair.of("a", 1L),
                Pair.of("c", 1L), Pair.of("b", 1L), Pair.of("a", 1L));
        return ParallelCollectionNode.slice(ctx, data, 2, "words");
    }

    private RddNode<Pair<String, Long>> wordCounts() {
        return KeyedOps.reduceByKey(pairs(), new HashPartitioner(2), Long::sum);
    }

    private Map<String, Long> collect(RddNode<Pair<String, Long>> rdd) throws Exception {
        Map<String, Long> out = new TreeMap<>();
        for (List<Pair<String, Long>> part : ctx.runJob(rdd, (split, it) -> drain(it))) {
            for (Pair<String, Long> p : part) {
                out.merge(p.key(), p.value(), Long::sum);
            }
        }
        return out;
    }

    private static <T> List<T> drain(Iterator<T> it) {
        List<T> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
