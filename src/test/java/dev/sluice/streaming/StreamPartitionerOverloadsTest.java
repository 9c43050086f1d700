package dev.sluice.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Table tests, on a {@link ManualClock}, of the {@link Partitioner} forms of the by-key stream
 * operations: each batch's result is Spark's, in the partitions the partitioner chose. The expected
 * batches were printed by Spark 4.1.0 (local[1], a queue stream per side, the same partitioner,
 * each partition's elements sorted) for the same input.
 */
class StreamPartitionerOverloadsTest {

    private static final Duration S1 = Duration.ofSeconds(1);
    private static final Duration S2 = Duration.ofSeconds(2);

    /** Keys starting with "a" in partition 0, the others in partition 1. */
    static final class FirstLetter extends Partitioner {
        @Override
        public int numPartitions() {
            return 2;
        }

        @Override
        public int getPartition(Object key) {
            return String.valueOf(key).startsWith("a") ? 0 : 1;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof FirstLetter;
        }

        @Override
        public int hashCode() {
            return 7;
        }
    }

    /** Each batch as its partitions, each partition's elements sorted, as the Spark run printed them. */
    private static <T> StreamTestKit.Collector<String> partitions(StreamTestKit kit, DStream<T> s) {
        return kit.collect(s.transform(rdd -> {
            List<String> out = new ArrayList<>();
            for (List<T> p : rdd.glom().collect()) {
                List<String> xs = new ArrayList<>();
                p.forEach(x -> xs.add(String.valueOf(x).replace("Optional.empty", "E")));
                Collections.sort(xs);
                out.add(xs.toString());
            }
            return kit.ssc.parallelize(List.of(out.toString()), 1);
        }));
    }

    private static List<String> flat(StreamTestKit.Collector<String> c) {
        List<String> out = new ArrayList<>();
        c.batches().forEach(out::addAll);
        return out;
    }

    private static Optional<Integer> sum(Iterable<Integer> values, Optional<Integer> state) {
        int n = state.orElse(0);
        for (int v : values) {
            n += v;
        }
        return Optional.of(n);
    }

    @Test
    void perBatchByKeyOperationsAndJoinsPutEachKeyWhereThePartitionerSays() throws Exception {
        try (StreamTestKit kit = new StreamTestKit()) {
            PairDStream<String, Integer> l = kit.<String>input(List.of("a", "b", "a"), List.of("c", "ab"), List.of())
                    .mapToPair(w -> Pair.of(w, 1));
            PairDStream<String, String> r = kit.<String>input(List.of("a", "x"), List.of("ab"), List.of())
                    .mapToPair(w -> Pair.of(w, w.toUpperCase()));
            Partitioner p = new FirstLetter();
            var reduced = partitions(kit, l.reduceByKey(Integer::sum, p));
            var grouped = partitions(kit, l.groupByKey(p));
            var join = partitions(kit, l.join(r, p));
            var left = partitions(kit, l.leftOuterJoin(r, p));
            var right = partitions(kit, l.rightOuterJoin(r, p));
            var full = partitions(kit, l.fullOuterJoin(r, p));
            var cogroup = partitions(kit, l.cogroup(r, p));
            kit.run(4);
            String none = "[[], []]";
            assertEquals(List.of("[[(a,2)], [(b,1)]]", "[[(ab,1)], [(c,1)]]", none, none), flat(reduced));
            assertEquals(List.of("[[(a,[1, 1])], [(b,[1])]]", "[[(ab,[1])], [(c,[1])]]", none, none), flat(grouped));
            assertEquals(List.of("[[(a,(1,A)), (a,(1,A))], []]", "[[(ab,(1,AB))], []]", none, none), flat(join));
            assertEquals(List.of("[[(a,(1,Optional[A])), (a,(1,Optional[A]))], [(b,(1,E))]]",
                    "[[(ab,(1,Optional[AB]))], [(c,(1,E))]]", none, none), flat(left));
            assertEquals(List.of("[[(a,(Optional[1],A)), (a,(Optional[1],A))], [(x,(E,X))]]",
                    "[[(ab,(Optional[1],AB))], []]", none, none), flat(right));
            assertEquals(List.of("[[(a,(Optional[1],Optional[A])), (a,(Optional[1],Optional[A]))], [(b,(Optional[1],E)), (x,(E,Optional[X]))]]",
                    "[[(ab,(Optional[1],Optional[AB]))], [(c,(Optional[1],E))]]", none, none), flat(full));
            assertEquals(List.of("[[(a,([1, 1],[A]))], [(b,([1],[])), (x,([],[X]))]]", "[[(ab,([1],[AB]))], [(c,([1],[]))]]", none, none),
                    flat(cogroup));
            assertThrows(NullPointerException.class, () -> l.join(r, (Partitioner) null));
            assertThrows(NullPointerException.class, () -> l.groupByKey((Partitioner) null));
        }
    }

    @Test
    void windowsAndStateKeepTheirDataWhereThePartitionerSays() throws Exception {
        try (StreamTestKit kit = new StreamTestKit()) {
            PairDStream<String, Integer> l = kit.<String>input(List.of("a", "b", "a"), List.of("c", "ab"), List.of())
                    .mapToPair(w -> Pair.of(w, 1));
            Partitioner p = new FirstLetter();
            PairRDD<String, Integer> initial = kit.ssc.parallelizePairs(List.of(Pair.of("a", 10), Pair.of("z", 5)));
            var window = partitions(kit, l.reduceByKeyAndWindow(Integer::sum, S2, S1, p));
            var inverse = partitions(kit, l.reduceByKeyAndWindow(Integer::sum, (x, y) -> x - y, S2, S1, p, kv -> kv.value() != 0));
            var groupWindow = partitions(kit, l.groupByKeyAndWindow(S2, S1, p));
            var state = partitions(kit, l.updateStateByKey(StreamPartitionerOverloadsTest::sum, p));
            var stateInit = partitions(kit, l.updateStateByKey(StreamPartitionerOverloadsTest::sum, p, initial));
            var mapped = partitions(kit, l.mapWithState(StateSpec.function((String k, Optional<Integer> v, State<Integer> st) -> {
                int n = (st.exists() ? st.get() : 0) + v.orElse(0);
                st.update(n);
                return k + "=" + n;
            }).partitioner(p)).stateSnapshots());
            kit.run(4);
            String none = "[[], []]";
            assertEquals(List.of("[[(a,2)], [(b,1)]]", "[[(a,2), (ab,1)], [(b,1), (c,1)]]", "[[(ab,1)], [(c,1)]]", none), flat(window));
            assertEquals(List.of("[[(a,2)], [(b,1)]]", "[[(a,2), (ab,1)], [(b,1), (c,1)]]", "[[(ab,1)], [(c,1)]]", none), flat(inverse));
            assertEquals(List.of("[[(a,[1, 1])], [(b,[1])]]", "[[(a,[1, 1]), (ab,[1])], [(b,[1]), (c,[1])]]", "[[(ab,[1])], [(c,[1])]]",
                    none), flat(groupWindow));
            String both = "[[(a,2), (ab,1)], [(b,1), (c,1)]]";
            assertEquals(List.of("[[(a,2)], [(b,1)]]", both, both, both), flat(state));
            String bothInit = "[[(a,12), (ab,1)], [(b,1), (c,1), (z,5)]]";
            assertEquals(List.of("[[(a,12)], [(b,1), (z,5)]]", bothInit, bothInit, bothInit), flat(stateInit));
            assertEquals(List.of("[[(a,2)], [(b,1)]]", both, both, both), flat(mapped));
        }
    }

    @Test
    void aStateSpecTakesTheLastOfNumPartitionsAndPartitionerAsSparksDoes() {
        StateSpec<String, Integer, Integer, Integer> spec = StateSpec.function((String k, Optional<Integer> v, State<Integer> s) -> 1);
        spec.numPartitions(3).partitioner(new FirstLetter());
        assertEquals(0, spec.getNumPartitions());
        assertEquals(Optional.of(new FirstLetter()), spec.getPartitioner());
        spec.numPartitions(4);
        assertEquals(4, spec.getNumPartitions());
        assertEquals(Optional.empty(), spec.getPartitioner());
    }
}
