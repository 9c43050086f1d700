package dev.sluice.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Stateful operations: updateStateByKey and mapWithState with idle timeouts.
 *
 * <p>The expected batches are the ones Spark 4.1.0 printed for the same input batches (local[2],
 * one queue stream per input, {@code spark.streaming.clock} set to its manual clock and advanced
 * one batch at a time, each batch's elements sorted where the assertion sorts them), except for the timeouts of mapWithState: Spark times keys out only on the batches where it
 * checkpoints the state (every tenth batch by default), so it had timed out neither key by batch 8.
 */
class StateOperationsTest {

    @Test
    void updateStateByKeyIsCalledForKeysWithStateOrValuesAndEmptyRemoves() throws Exception {
        List<String> calls = Collections.synchronizedList(new ArrayList<>());
        try (StreamTestKit kit = new StreamTestKit()) {
            PairDStream<String, Integer> in = kit.<String>input(List.of("a", "b"), List.of("a"), List.of(), List.of("c"))
                    .mapToPair(w -> Pair.of(w, 1));
            PairDStream<String, Integer> state = in.updateStateByKey((values, prev) -> {
                int sum = 0;
                for (int v : values) {
                    sum += v;
                }
                calls.add(sum + "/" + prev.orElse(-1));
                if (sum == 0) {
                    return Optional.empty();
                }
                return Optional.of(prev.orElse(0) + sum);
            });
            var out = kit.collect(state);
            kit.run(5);
            assertEquals(List.of(List.of("(a,1)", "(b,1)"), List.of("(a,2)"), List.of(), List.of("(c,1)"), List.of()), out.sorted());
            List<String> sorted = new ArrayList<>(calls);
            Collections.sort(sorted);
            assertEquals(List.of("0/1", "0/1", "0/2", "1/-1", "1/-1", "1/-1", "1/1"), sorted);
        }
    }

    @Test
    void runningCountsAcrossBatchesWithInitialState() throws Exception {
        try (StreamTestKit kit = new StreamTestKit()) {
            PairRDD<String, Long> initial = kit.ssc.parallelizePairs(List.of(Pair.of("a", 100L)));
            PairDStream<String, Long> in = kit.<String>input(List.of("a", "b"), List.of("b", "b")).mapToPair(w -> Pair.of(w, 1L));
            var out = kit.collect(in.updateStateByKey((vs, s) -> {
                long n = s.orElse(0L);
                for (long v : vs) {
                    n += v;
                }
                return Optional.of(n);
            }, initial));
            kit.run(3);
            assertEquals(List.of(List.of("(a,101)", "(b,1)"), List.of("(a,101)", "(b,3)"), List.of("(a,101)", "(b,3)")), out.sorted());
        }
    }

    @Test
    void mapWithStateTimesOutIdleKeysAtTheFirstBatchPastTheTimeout() throws Exception {
        try (StreamTestKit kit = new StreamTestKit()) {
            PairDStream<String, Integer> in = kit.<String>input(List.of("a"), List.of("b"), List.of(), List.of(), List.of("b"))
                    .mapToPair(w -> Pair.of(w, 1));
            MapWithStateDStream<String, Integer, Integer, String> mapped = in.mapWithState(
                    StateSpec.function((String key, Optional<Integer> value, State<Integer> state) -> {
                        if (state.isTimingOut()) {
                            return key + ":timeout(" + state.get() + ")";
                        }
                        state.update(state.getOption().orElse(0) + value.orElse(0));
                        return key + "=" + state.get();
                    }).timeout(Duration.ofSeconds(2)));
            var out = kit.collect(mapped);
            var snapshots = kit.collect(mapped.stateSnapshots());
            kit.run(8);
            assertEquals(List.of(List.of("a=1"), List.of("b=1"), List.of(), List.of("a:timeout(1)"), List.of("b=2"),
                    List.of(), List.of(), List.of("b:timeout(2)")), out.sorted());
            assertEquals(List.of(List.of("(a,1)"), List.of("(a,1)", "(b,1)"), List.of("(a,1)", "(b,1)"), List.of("(b,1)"),
                    List.of("(b,2)"), List.of("(b,2)"), List.of("(b,2)"), List.of()), snapshots.sorted());
        }
    }

    @Test
    void mapWithStateSeesEveryRecordInOrderAndCanRemoveState() throws Exception {
        try (StreamTestKit kit = new StreamTestKit()) {
            PairDStream<String, String> in = kit.<String>input(List.of("k:1", "k:2", "k:reset", "k:3"), List.of("k:skip", "k:4"))
                    .mapToPair(s -> Pair.of(s.split(":")[0], s.split(":")[1]));
            var mapped = in.mapWithState(StateSpec.function((String key, Optional<String> value, State<String> state) -> {
                if (value.get().equals("reset")) {
                    state.remove();
                    return "reset";
                }
                if (value.get().equals("skip")) {
                    return null;
                }
                String next = state.getOption().map(s -> s + ",").orElse("") + value.get();
                state.update(next);
                return next;
            }));
            var out = kit.collect(mapped);
            var snapshots = kit.collect(mapped.stateSnapshots());
            kit.run(2);
            // As in Spark 4.1.0, a null returned by the mapping function is an element of the output.
            assertEquals(List.of(List.of("1", "1,2", "reset", "3"), Arrays.asList(null, "3,4")), out.batches());
            assertEquals(List.of(List.of("(k,3)"), List.of("(k,3,4)")), snapshots.sorted());
        }
    }

    @Test
    void aStateRemovedByItsKeysLastRecordInABatchIsGoneInTheNextBatch() throws Exception {
        try (StreamTestKit kit = new StreamTestKit()) {
            PairDStream<String, String> in = kit.<String>input(List.of("j:1", "k:1"), List.of("j:2", "k:2", "j:reset"),
                            List.of("j:3", "k:3"))
                    .mapToPair(s -> Pair.of(s.split(":")[0], s.split(":")[1]));
            var mapped = in.mapWithState(StateSpec.function((String key, Optional<String> value, State<String> state) -> {
                if (value.get().equals("reset")) {
                    state.remove();
                    return key + ":reset";
                }
                String next = state.getOption().map(s -> s + ",").orElse("") + value.get();
                state.update(next);
                return key + ":" + next;
            }));
            var out = kit.collect(mapped);
            var snapshots = kit.collect(mapped.stateSnapshots());
            kit.run(3);
            assertEquals(List.of(List.of("j:1", "k:1"), List.of("j:1,2", "j:reset", "k:1,2"), List.of("j:3", "k:1,2,3")),
                    out.sorted());
            assertEquals(List.of(List.of("(j,1)", "(k,1)"), List.of("(k,1,2)"), List.of("(j,3)", "(k,1,2,3)")),
                    snapshots.sorted());
        }
    }

    @Test
    void aBatchUpdatingStateLeavesThePreviousBatchesStateAsItWas() throws Exception {
        try (StreamTestKit kit = new StreamTestKit()) {
            PairDStream<String, Long> in = kit.<String>input(List.of("a", "b", "a"), List.of("a", "a", "b", "a"))
                    .mapToPair(w -> Pair.of(w, 1L));
            MapWithStateDStream<String, Long, Long, Long> counts = in.mapWithState(
                    StateSpec.function((String key, Optional<Long> value, State<Long> state) -> {
                        long n = state.getOption().orElse(0L) + value.orElse(0L);
                        state.update(n);
                        return n;
                    }));
            List<RDD<Pair<String, Long>>> snapshots = Collections.synchronizedList(new ArrayList<>());
            counts.stateSnapshots().foreachRDD((rdd, time) -> snapshots.add(rdd));
            var out = kit.collect(counts);
            kit.run(2);

            assertEquals(List.of(List.of("1", "1", "2"), List.of("2", "3", "4", "5")), out.sorted());
            List<String> first = new ArrayList<>();
            for (Pair<String, Long> p : snapshots.get(0).collect()) {
                first.add(p.toString());
            }
            Collections.sort(first);
            assertEquals(List.of("(a,2)", "(b,1)"), first, "the first batch's state, read after the second batch");
            List<String> second = new ArrayList<>();
            for (Pair<String, Long> p : snapshots.get(1).collect()) {
                second.add(p.toString());
            }
            Collections.sort(second);
            assertEquals(List.of("(a,5)", "(b,2)"), second);
        }
    }
}
