package dev.sluice.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.streaming.DStream;
import dev.sluice.streaming.Pair;
import dev.sluice.streaming.PairDStream;
import dev.sluice.streaming.PairRDD;
import dev.sluice.streaming.Partitioner;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The by-key operators, joins (stream-stream and stream-static) and cogroups: the same batches on both engines. */
class KeyedOperatorsDifferentialTest {

    /** Lines of words, with an empty batch. */
    static final List<List<String>> WORDS = List.of(
            List.of("a b a", "c"),
            List.of(),
            List.of("b c d", "a"),
            List.of("d d e"),
            List.of("a f"));

    /** key=value lines of a second stream, empty in another batch. */
    static final List<List<String>> TAGS = List.of(
            List.of("a=1", "z=9"),
            List.of("b=2"),
            List.of(),
            List.of("d=4", "d=5", "y=7"),
            List.of("f=6"));

    /** Keys to partitions: vowels to 0, the rest by their letter. */
    static final class Letters extends Partitioner {
        @Override
        public int numPartitions() {
            return 3;
        }

        @Override
        public int getPartition(Object key) {
            String k = (String) key;
            return "aeiou".contains(k) ? 0 : 1 + k.charAt(0) % 2;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Letters;
        }

        @Override
        public int hashCode() {
            return 3;
        }
    }

    @Test
    void byKeyOperatorsJoinsAndCogroupsGiveTheSameBatches() throws Exception {
        Differential.Both both = Differential.both(5, List.of(WORDS, TAGS), env -> {
            PairDStream<String, Integer> words = env.input(0).flatMap(l -> Arrays.asList(l.split(" "))).mapToPair(w -> Pair.of(w, 1));
            PairDStream<String, Integer> tags = env.input(1).mapToPair(l -> Pair.of(l.split("=")[0], Integer.parseInt(l.split("=")[1])));
            PairRDD<String, String> table = env.ssc.parallelizePairs(List.of(Pair.of("a", "apple"), Pair.of("c", "cherry"),
                    Pair.of("c", "carrot"), Pair.of("q", "quince")));
            env.collect("reduceByKey", words.reduceByKey(Integer::sum));
            env.collectOrdered("reduceByKey(f, 3), partitions", sortedPartitions(words.reduceByKey(Integer::sum, 3)));
            env.collectOrdered("reduceByKey(f, partitioner), partitions",
                    sortedPartitions(words.reduceByKey(Integer::sum, new Letters())));
            env.collect("groupByKey", sortedValues(words.groupByKey()));
            env.collectOrdered("groupByKey(partitioner), partitions", sortedPartitions(sortedValues(tags.groupByKey(new Letters()))));
            env.collect("groupByKey(3)", sortedValues(tags.groupByKey(3)));
            env.collect("mapValues", tags.mapValues(v -> v * 10));
            env.collect("flatMapValues", tags.flatMapValues(v -> Collections.nCopies(v % 3, v)));
            env.collect("join", words.join(tags));
            env.collect("join(3)", words.join(tags, 3));
            env.collect("leftOuterJoin", words.leftOuterJoin(tags));
            env.collect("leftOuterJoin(3)", words.leftOuterJoin(tags, 3));
            env.collect("rightOuterJoin", words.rightOuterJoin(tags));
            env.collect("rightOuterJoin(3)", words.rightOuterJoin(tags, 3));
            env.collect("fullOuterJoin", words.fullOuterJoin(tags));
            env.collect("fullOuterJoin(3)", words.fullOuterJoin(tags, 3));
            env.collectOrdered("join(partitioner), partitions", sortedPartitions(words.join(tags, new Letters())));
            env.collectOrdered("leftOuterJoin(partitioner), partitions", sortedPartitions(words.leftOuterJoin(tags, new Letters())));
            env.collectOrdered("rightOuterJoin(partitioner), partitions", sortedPartitions(words.rightOuterJoin(tags, new Letters())));
            env.collectOrdered("fullOuterJoin(partitioner), partitions", sortedPartitions(words.fullOuterJoin(tags, new Letters())));
            env.collect("Optional of a join", words.leftOuterJoin(tags).map(p -> p.value().value().map(v -> v + 100).orElse(-1)));
            env.collect("join(table)", words.join(table));
            env.collect("leftOuterJoin(table)", words.leftOuterJoin(table));
            env.collect("leftOuterJoin(table), Optional", words.leftOuterJoin(table)
                    .map(p -> p.key() + " " + p.value().value().orElse("none")));
            env.collect("cogroup", cogrouped(words.cogroup(tags)));
            env.collect("cogroup(3)", cogrouped(words.cogroup(tags, 3)));
            env.collectOrdered("cogroup(partitioner), partitions", sortedPartitions(cogrouped(words.cogroup(tags, new Letters()))));
            env.collect("combineByKey", words.combineByKey(v -> "<" + v, (c, v) -> c + v, (c1, c2) -> c1 + c2, 2)
                    .mapValues(c -> c.length()));
            env.collectOrdered("combineByKey(partitioner), partitions", sortedPartitions(
                    tags.combineByKey(v -> List.of(v), KeyedOperatorsDifferentialTest::plus, KeyedOperatorsDifferentialTest::concat,
                                    new Letters())
                            .mapValues(KeyedOperatorsDifferentialTest::sorted)));
        });
        assertEquals("[1000: [(a,(1,1)), (a,(1,1))], 2000: [], 3000: [], 4000: [(d,(1,4)), (d,(1,4)), (d,(1,5)), (d,(1,5))],"
                + " 5000: [(f,(1,6))]]", both.spark().of("join").toString());
        assertEquals("[1000: [[(a,[1])], [(z,[9])], []], 2000: [[], [(b,[2])], []], 3000: [[], [], []],"
                + " 4000: [[], [(d,[4, 5])], [(y,[7])]], 5000: [[], [(f,[6])], []]]",
                both.spark().of("combineByKey(partitioner), partitions").toString());
        both.assertSameOutputs();
    }

    static List<Integer> plus(List<Integer> c, Integer v) {
        List<Integer> out = new ArrayList<>(c);
        out.add(v);
        return out;
    }

    static List<Integer> concat(List<Integer> a, List<Integer> b) {
        List<Integer> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    static <T extends Comparable<T>> List<T> sorted(Iterable<T> values) {
        List<T> out = new ArrayList<>();
        values.forEach(out::add);
        Collections.sort(out);
        return out;
    }

    /** Each batch's values of a key sorted, since neither engine promises their order. */
    static <K, V extends Comparable<V>> DStream<Pair<K, List<V>>> sortedValues(PairDStream<K, Iterable<V>> grouped) {
        return grouped.mapValues(KeyedOperatorsDifferentialTest::sorted);
    }

    static <K, V extends Comparable<V>, W extends Comparable<W>> DStream<String> cogrouped(
            PairDStream<K, Pair<Iterable<V>, Iterable<W>>> groups) {
        return groups.map(p -> p.key() + " " + sorted(p.value().key()) + " " + sorted(p.value().value()));
    }

    /** Each partition of each batch, in partition order, its elements sorted: which key went where. */
    static DStream<List<String>> sortedPartitions(DStream<?> stream) {
        return stream.glom().map(part -> {
            List<String> out = new ArrayList<>();
            for (Object o : part) {
                out.add(String.valueOf(o));
            }
            Collections.sort(out);
            return out;
        });
    }
}
