package dev.sluice.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.streaming.MapWithStateDStream;
import dev.sluice.streaming.MappingFunction;
import dev.sluice.streaming.Pair;
import dev.sluice.streaming.PairDStream;
import dev.sluice.streaming.PairRDD;
import dev.sluice.streaming.StateSpec;
import dev.sluice.streaming.UpdateStateFunction;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * State across batches: {@code updateStateByKey} (with and without initial state),
 * {@code mapWithState} (initial state, partitioner, timeouts) and {@code stateSnapshots()}; the
 * timeouts over eleven batches, so that Spark's first checkpoint of the state (at ten batch
 * intervals) is among them.
 */
class StateOperatorsDifferentialTest {

    /** a and b go idle early, c keeps coming from the sixth batch on; empty batches between. */
    static final List<List<String>> KEYS = List.of(
            List.of("a", "a", "b"),
            List.of(),
            List.of("c"),
            List.of("a"),
            List.of(),
            List.of("c"),
            List.of("c"),
            List.of("c", "c"),
            List.of("c"),
            List.of("c"),
            List.of("c"),
            List.of("c"));

    /** A running count that drops a key once it passes 4. */
    static final UpdateStateFunction<Integer, Integer> COUNT = (values, state) -> {
        int n = state.orElse(0);
        for (int v : values) {
            n += v;
        }
        return n > 4 ? Optional.empty() : Optional.of(n);
    };

    /** A running count per key; a key timing out reports its last count. */
    static final MappingFunction<String, Integer, Integer, String> RUNNING = (key, value, state) -> {
        if (state.isTimingOut()) {
            return key + " timed out at " + state.get();
        }
        int n = (state.exists() ? state.get() : 0) + value.orElse(0);
        state.update(n);
        return key + "=" + n;
    };

    @Test
    void stateGivesTheSameBatches() throws Exception {
        Differential.Both both = Differential.both(6, List.of(KEYS), env -> {
            PairDStream<String, Integer> keys = env.input(0).mapToPair(k -> Pair.of(k, 1));
            PairRDD<String, Integer> initial = env.ssc.parallelizePairs(List.of(Pair.of("a", 2), Pair.of("z", 7)));
            KeyedOperatorsDifferentialTest.Letters letters = new KeyedOperatorsDifferentialTest.Letters();
            env.collect("updateStateByKey", keys.updateStateByKey(COUNT));
            env.collect("updateStateByKey(f, 3)", keys.updateStateByKey(COUNT, 3));
            env.collect("updateStateByKey with initial state", keys.updateStateByKey(COUNT, initial));
            env.collect("updateStateByKey(f, 3, initial state)", keys.updateStateByKey(COUNT, 3, initial));
            env.collectOrdered("updateStateByKey(f, partitioner), partitions",
                    KeyedOperatorsDifferentialTest.sortedPartitions(keys.updateStateByKey(COUNT, letters)));
            env.collectOrdered("updateStateByKey(f, partitioner, initial state), partitions",
                    KeyedOperatorsDifferentialTest.sortedPartitions(keys.updateStateByKey(COUNT, letters, initial)));
            MapWithStateDStream<String, Integer, Integer, String> mapped =
                    keys.mapWithState(StateSpec.function(RUNNING).initialState(initial).numPartitions(3));
            env.collect("mapWithState with initial state", mapped);
            env.collect("stateSnapshots", mapped.stateSnapshots());
            MapWithStateDStream<String, Integer, Integer, String> placed =
                    keys.mapWithState(StateSpec.function(RUNNING).partitioner(letters));
            env.collect("mapWithState with a partitioner", placed);
            env.collectOrdered("stateSnapshots with a partitioner, partitions",
                    KeyedOperatorsDifferentialTest.sortedPartitions(placed.stateSnapshots()));
        });
        // the update runs for every key each batch: z of the initial state is above 4 and goes at once, a at 4 s
        assertEquals("[1000: [(a,4), (b,1)], 2000: [(a,4), (b,1)], 3000: [(a,4), (b,1), (c,1)],"
                + " 4000: [(b,1), (c,1)], 5000: [(b,1), (c,1)], 6000: [(b,1), (c,2)]]",
                both.spark().of("updateStateByKey with initial state").toString());
        both.assertSameOutputs();
    }

    @Test
    void sparkTimesIdleKeysOutOnlyAtItsCheckpointBatch() throws Exception {
        Differential.Both both = Differential.both(11, List.of(KEYS), env -> {
            PairDStream<String, Integer> keys = env.input(0).mapToPair(k -> Pair.of(k, 1));
            PairRDD<String, Integer> initial = env.ssc.parallelizePairs(List.of(Pair.of("a", 2), Pair.of("z", 7)));
            MapWithStateDStream<String, Integer, Integer, String> timed =
                    keys.mapWithState(StateSpec.function(RUNNING).timeout(Duration.ofSeconds(2)).initialState(initial));
            env.collect("mapWithState with timeout", timed);
            env.collect("stateSnapshots with timeout", timed.stateSnapshots());
        });
        // the embedded engine times an idle key out at the first batch more than 2 s after its last data
        // (z of the initial state at 3 s, b at 4 s, a at 7 s); Spark looks for idle keys only when it
        // checkpoints the state, every ten batch intervals by default: all three at 10 s
        assertEquals("[1000: [a=3, a=4, b=1], 2000: [], 3000: [c=1, z timed out at 7], 4000: [a=5, b timed out at 1], 5000: [],"
                + " 6000: [c=2], 7000: [a timed out at 5, c=3], 8000: [c=4, c=5], 9000: [c=6], 10000: [c=7], 11000: [c=8]]",
                both.embedded().of("mapWithState with timeout").toString());
        assertEquals("[1000: [a=3, a=4, b=1], 2000: [], 3000: [c=1], 4000: [a=5], 5000: [], 6000: [c=2], 7000: [c=3],"
                + " 8000: [c=4, c=5], 9000: [c=6], 10000: [a timed out at 5, b timed out at 1, c=7, z timed out at 7], 11000: [c=8]]",
                both.spark().of("mapWithState with timeout").toString());
        assertEquals("[1000: [(a,4), (b,1), (z,7)], 2000: [(a,4), (b,1), (z,7)], 3000: [(a,4), (b,1), (c,1)], 4000: [(a,5), (c,1)],"
                + " 5000: [(a,5), (c,1)], 6000: [(a,5), (c,2)], 7000: [(c,3)], 8000: [(c,5)], 9000: [(c,6)], 10000: [(c,7)],"
                + " 11000: [(c,8)]]", both.embedded().of("stateSnapshots with timeout").toString());
        assertEquals("[1000: [(a,4), (b,1), (z,7)], 2000: [(a,4), (b,1), (z,7)], 3000: [(a,4), (b,1), (c,1), (z,7)],"
                + " 4000: [(a,5), (b,1), (c,1), (z,7)], 5000: [(a,5), (b,1), (c,1), (z,7)], 6000: [(a,5), (b,1), (c,2), (z,7)],"
                + " 7000: [(a,5), (b,1), (c,3), (z,7)], 8000: [(a,5), (b,1), (c,5), (z,7)], 9000: [(a,5), (b,1), (c,6), (z,7)],"
                + " 10000: [(c,7)], 11000: [(c,8)]]", both.spark().of("stateSnapshots with timeout").toString());
    }
}
