package dev.sluice.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.engine.graph.MapWithStateNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Empty batches, which the engine runs without jobs where it can: outputs still see every batch
 * (an empty dataset), windows still slide and lose what leaves them, state is still there for the
 * next record and still times out, and batch reports still list every batch and source.
 */
class EmptyBatchTest {

    /** A running count per key; a key timing out returns its last count. */
    private static final MappingFunction<String, Integer, Integer, String> COUNT = (key, value, state) -> {
        if (state.isTimingOut()) {
            return key + ":timeout(" + state.get() + ")";
        }
        state.update(state.getOption().orElse(0) + value.orElse(0));
        return key + "=" + state.get();
    };

    @Test
    void foreachRddIsCalledWithAnEmptyDatasetAtEveryEmptyBatch() throws Exception {
        try (StreamTestKit kit = new StreamTestKit()) {
            List<String> calls = Collections.synchronizedList(new ArrayList<>());
            DStream<String> in = kit.<String>input(List.of("x"), List.of(), List.of(), List.of("y"));
            in.map(String::toUpperCase).filter(s -> !s.isEmpty())
                    .foreachRDD((rdd, time) -> calls.add(time.milliseconds() + ":" + rdd.count()));
            kit.run(5);
            assertEquals(List.of("1000:1", "2000:0", "3000:0", "4000:1", "5000:0"), calls);
        }
    }

    @Test
    void anIncrementalWindowKeepsItsPairsThroughEmptyBatchesAndInvertsWhatLeaves() throws Exception {
        try (StreamTestKit kit = new StreamTestKit()) {
            PairDStream<String, Long> pairs = kit.<String>input(List.of("a", "a", "b"), List.of(), List.of(), List.of(), List.of("a"))
                    .mapToPair(w -> Pair.of(w, 1L));
            PairDStream<String, Long> window = pairs.reduceByKeyAndWindow(Long::sum, (x, y) -> x - y,
                    Duration.ofSeconds(3), Duration.ofSeconds(1));
            PairDStream<String, Long> filtered = pairs.reduceByKeyAndWindow(Long::sum, (x, y) -> x - y,
                    Duration.ofSeconds(3), Duration.ofSeconds(1), 2, p -> p.value() != 0);
            var out = kit.collect(window);
            var kept = kit.collect(filtered);
            kit.run(7);
            // batch 1's pairs stay for 3 s of empty batches, are inverted back to 0 (and kept, as
            // Spark keeps them without a filter) when it leaves at 4 s; the record of 5 s counts on
            // top of that, and leaves at 8 s
            assertEquals(List.of(List.of("(a,2)", "(b,1)"), List.of("(a,2)", "(b,1)"), List.of("(a,2)", "(b,1)"),
                    List.of("(a,0)", "(b,0)"), List.of("(a,1)", "(b,0)"), List.of("(a,1)", "(b,0)"), List.of("(a,1)", "(b,0)")),
                    out.sorted());
            assertEquals(List.of(List.of("(a,2)", "(b,1)"), List.of("(a,2)", "(b,1)"), List.of("(a,2)", "(b,1)"),
                    List.of(), List.of("(a,1)"), List.of("(a,1)"), List.of("(a,1)")), kept.sorted());
        }
    }

    @Test
    void stateWithoutATimeoutOutlastsEmptyBatchesAndATimeoutStillFiresOnOne() throws Exception {
        try (StreamTestKit kit = new StreamTestKit()) {
            PairDStream<String, Integer> in = kit.<String>input(List.of("a"), List.of(), List.of(), List.of(), List.of(), List.of("a"))
                    .mapToPair(w -> Pair.of(w, 1));
            MapWithStateDStream<String, Integer, Integer, String> forever = in.mapWithState(StateSpec.function(COUNT));
            MapWithStateDStream<String, Integer, Integer, String> idle = in.mapWithState(
                    StateSpec.function(COUNT).timeout(Duration.ofSeconds(2)));
            var foreverOut = kit.collect(forever);
            var foreverState = kit.collect(forever.stateSnapshots());
            var idleOut = kit.collect(idle);
            kit.run(7);
            assertEquals(List.of(List.of("a=1"), List.of(), List.of(), List.of(), List.of(), List.of("a=2"), List.of()),
                    foreverOut.sorted());
            assertEquals(Collections.nCopies(5, List.of("(a,1)")), foreverState.sorted().subList(0, 5));
            assertEquals(List.of(List.of("(a,2)"), List.of("(a,2)")), foreverState.sorted().subList(5, 7));
            // idle since 1 s, timed out at the first empty batch past 1 s + 2 s; "a" at 6 s starts afresh
            assertEquals(List.of(List.of("a=1"), List.of(), List.of(), List.of("a:timeout(1)"), List.of(), List.of("a=1"), List.of()),
                    idleOut.sorted());
        }
    }

    /** The mapWithState node of the context's graph (there is one in these tests). */
    private static MapWithStateNode<?, ?, ?, ?> stateNode(StreamTestKit kit) {
        return kit.ssc.graph().nodes().stream()
                .filter(n -> n instanceof MapWithStateNode<?, ?, ?, ?>)
                .map(n -> (MapWithStateNode<?, ?, ?, ?>) n)
                .findFirst().orElseThrow();
    }

    @Test
    void stateWithATimeoutIsGoneThroughOnlyOnceAKeyMayHaveTimedOut() throws Exception {
        try (StreamTestKit kit = new StreamTestKit()) {
            PairDStream<String, Integer> in = kit.<String>input(List.of("a")).mapToPair(w -> Pair.of(w, 1));
            var out = kit.collect(in.mapWithState(StateSpec.function(COUNT).timeout(Duration.ofSeconds(3))));
            kit.run(8);
            // seen at 1 s, idle past 1 s + 3 s: timed out at 5 s
            assertEquals(List.of(List.of("a=1"), List.of(), List.of(), List.of(), List.of("a:timeout(1)"), List.of(),
                    List.of(), List.of()), out.sorted());
            // the first batch goes through both partitions (nothing is known of the state yet); the
            // empty batches at 2-4 s skip the state, where no key can have timed out, and 5 s goes
            // through the one partition that holds "a"; at 6-8 s the state is empty
            assertEquals(3, stateNode(kit).timeoutScans());
        }
    }

    @Test
    void aKeyStillTimesOutWhileOtherKeysOfItsPartitionKeepComing() throws Exception {
        try (StreamTestKit kit = new StreamTestKit()) {
            PairDStream<String, Integer> in = kit.<String>input(List.of("a", "b", "c"), List.of("a"), List.of("a", "c"),
                    List.of("a"), List.of("a"), List.of("a"), List.of("a")).mapToPair(w -> Pair.of(w, 1));
            var out = kit.collect(in.mapWithState(StateSpec.function(COUNT).timeout(Duration.ofSeconds(2))));
            kit.run(8);
            // b, seen last at 1 s, times out at 4 s; c, seen last at 3 s, at 6 s; a never
            assertEquals(List.of(List.of("a=1", "b=1", "c=1"), List.of("a=2"), List.of("a=3", "c=2"),
                    List.of("a=4", "b:timeout(1)"), List.of("a=5"), List.of("a=6", "c:timeout(2)"), List.of("a=7"), List.of()),
                    out.sorted());
            // at most: both partitions at 1 s (nothing known yet), at 4 s and at 6 s; never at 2, 3, 5, 7 or 8 s
            long scans = stateNode(kit).timeoutScans();
            assertTrue(scans >= 4 && scans <= 6, "scans: " + scans);
        }
    }

    @Test
    void changesAtABoundaryStillApplyWhileBatchesAreEmpty() throws Exception {
        try (StreamTestKit kit = new StreamTestKit()) {
            DStream<String> in = kit.<String>input(List.of("x"));
            var first = kit.collect(in);
            kit.run(2);
            var second = kit.collect(in.map(s -> s + "!"));
            kit.run(1);
            first.handle.stop();
            in.name("words");
            kit.run(2);
            assertEquals(List.of(1000L, 2000L, 3000L), first.times());
            assertEquals(List.of(3000L, 4000L, 5000L), second.times());
            List<BatchInfo> batches = kit.ssc.recentBatches();
            assertEquals(5, batches.size());
            String unnamed = batches.get(0).inputRecords().keySet().iterator().next();
            assertEquals(Map.of(unnamed, 1L), batches.get(0).inputRecords());
            assertEquals(Map.of(unnamed, 0L), batches.get(2).inputRecords());
            assertEquals(Map.of("words", 0L), batches.get(4).inputRecords());
            assertEquals(List.of(1, 1, 2, 1, 1), batches.stream().map(b -> b.outputs().size()).toList());
        }
    }
}
