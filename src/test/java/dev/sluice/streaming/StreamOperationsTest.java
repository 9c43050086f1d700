package dev.sluice.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Table tests of the stream operations that mirror Spark's less common ones: glom, the pair
 * variants of flatMap and mapPartitions, transformWith, the context's union and transform of a list
 * of streams, and the overloads with a number of partitions. Cases from Spark's
 * BasicOperationsSuite and WindowOperationsSuite where they have one.
 */
class StreamOperationsTest {

    private static List<Integer> range(int from, int to) {
        return IntStream.rangeClosed(from, to).boxed().toList();
    }

    @Test
    void glomGivesEachPartitionAsAList() throws Exception {
        // BasicOperationsSuite "glom": 2 input partitions per batch.
        try (StreamTestKit kit = new StreamTestKit()) {
            DStream<Integer> in = kit.input(range(1, 4), range(5, 8), range(9, 12), List.of());
            var glommed = kit.collect(in.glom());
            kit.run(4);
            assertEquals(List.of(List.of(List.of(1, 2), List.of(3, 4)), List.of(List.of(5, 6), List.of(7, 8)),
                    List.of(List.of(9, 10), List.of(11, 12)), List.of(List.of())), glommed.batches(),
                    "an empty batch of a queue stream has one empty partition here (Spark's has none)");
        }
    }

    @Test
    void flatMapToPairAndMapPartitionsToPairMakeKeyedStreams() throws Exception {
        try (StreamTestKit kit = new StreamTestKit()) {
            DStream<String> in = kit.input(List.of("a b", "b"), List.of(), List.of("c c c"));
            var words = kit.collect(in.flatMapToPair(l -> {
                List<Pair<String, Integer>> out = new ArrayList<>();
                for (String w : l.split(" ")) {
                    out.add(Pair.of(w, 1));
                }
                return out;
            }).reduceByKey(Integer::sum));
            var perPartition = kit.collect(in.mapPartitionsToPair(it -> {
                int n = 0;
                while (it.hasNext()) {
                    n += it.next().length();
                }
                Iterator<Pair<String, Integer>> one = List.of(Pair.of("chars", n)).iterator();
                return one;
            }).reduceByKey(Integer::sum));
            kit.run(3);
            assertEquals(List.of(List.of("(a,1)", "(b,2)"), List.of(), List.of("(c,3)")), words.sorted());
            assertEquals(List.of(List.of("(chars,4)"), List.of("(chars,0)"), List.of("(chars,5)")), perPartition.sorted(),
                    "the empty batch's one partition is mapped too");
        }
    }

    @Test
    void transformWithJoinsTwoStreamsBatchByBatch() throws Exception {
        // BasicOperationsSuite "transformWith".
        try (StreamTestKit kit = new StreamTestKit()) {
            PairDStream<String, Integer> t1 = kit.input(List.of("a", "b"), List.of("a", ""), List.of(""), List.<String>of())
                    .mapToPair(x -> Pair.of(x, 1));
            PairDStream<String, String> t2 = kit.input(List.of("a", "b"), List.of("b", ""), List.<String>of(), List.of(""))
                    .mapToPair(x -> Pair.of(x, "x"));
            var joined = kit.collect(t1.transformWithToPair(t2, (r1, r2, time) -> PairRDD.of(r1).join(PairRDD.of(r2))));
            List<Long> times = new ArrayList<>();
            var withTime = kit.collect(t1.transformWith(t2, (r1, r2, time) -> {
                times.add(time.milliseconds());
                return r1.union(r1);
            }));
            kit.run(4);
            assertEquals(List.of(List.of("(a,(1,x))", "(b,(1,x))"), List.of("(,(1,x))"), List.of(), List.of()), joined.sorted());
            assertEquals(List.of(1000L, 2000L, 3000L, 4000L), times);
            assertEquals(List.of("(a,1)", "(a,1)", "(b,1)", "(b,1)"), withTime.sorted().get(0));
        }
    }

    @Test
    void theContextsUnionAndTransformOfAListOfStreams() throws Exception {
        // BasicOperationsSuite "StreamingContext.union" and "StreamingContext.transform".
        try (StreamTestKit kit = new StreamTestKit()) {
            DStream<Integer> s = kit.input(range(1, 4), range(101, 104), range(201, 204));
            List<DStream<Integer>> three = List.of(s, s.map(x -> x + 4), s.map(x -> x + 8));
            var union = kit.collect(kit.ssc.union(three));
            var transformed = kit.collect(kit.ssc.transform(three, (rdds, time) -> {
                @SuppressWarnings("unchecked")
                RDD<Integer> first = (RDD<Integer>) rdds.get(0);
                RDD<Integer> all = first;
                for (RDD<?> r : rdds.subList(1, rdds.size())) {
                    @SuppressWarnings("unchecked")
                    RDD<Integer> next = (RDD<Integer>) r;
                    all = all.union(next);
                }
                return all;
            }));
            var keyed = kit.collect(kit.ssc.transformToPair(List.of(s), (rdds, time) ->
                    rdds.get(0).map(x -> Pair.of(String.valueOf(x).length(), time.milliseconds())).mapToPair(p -> p)));
            kit.run(3);
            List<List<Integer>> expected = List.of(range(1, 12), range(101, 112), range(201, 212));
            assertEquals(expected, union.batches());
            assertEquals(expected, transformed.batches());
            assertEquals(List.of("(1,1000)", "(1,1000)", "(1,1000)", "(1,1000)"), keyed.sorted().get(0));
            assertThrows(IllegalArgumentException.class, () -> kit.ssc.union(List.<DStream<Integer>>of()));
        }
    }

    @Test
    void countByValueWithPartitionsKeepsSparksCountsInThatManyPartitions() throws Exception {
        // BasicOperationsSuite "countByValue", with a number of partitions.
        try (StreamTestKit kit = new StreamTestKit()) {
            DStream<Integer> in = kit.input(List.of(1), List.of(1, 1, 1), List.of(1, 2), List.of(1, 1, 2, 2));
            PairDStream<Integer, Long> counts = in.countByValue(3);
            var out = kit.collect(counts);
            List<Integer> partitions = new ArrayList<>();
            counts.foreachRDD(rdd -> partitions.add(rdd.getNumPartitions()));
            kit.run(4);
            assertEquals(List.of(List.of("(1,1)"), List.of("(1,3)"), List.of("(1,1)", "(2,1)"), List.of("(1,2)", "(2,2)")),
                    out.sorted());
            assertEquals(List.of(3, 3, 3, 3), partitions);
            assertThrows(IllegalArgumentException.class, () -> in.countByValue(0));
        }
    }

    @Test
    void countByValueAndWindowWithPartitions() throws Exception {
        // WindowOperationsSuite "countByValueAndWindow", window 2s sliding 1s.
        try (StreamTestKit kit = new StreamTestKit()) {
            DStream<String> in = kit.input(List.of("a"), List.of("b", "b"), List.of("a", "b"));
            PairDStream<String, Long> counts = in.countByValueAndWindow(Duration.ofSeconds(2), Duration.ofSeconds(1), 3);
            var out = kit.collect(counts);
            List<Integer> partitions = new ArrayList<>();
            counts.foreachRDD(rdd -> partitions.add(rdd.getNumPartitions()));
            kit.run(3);
            assertEquals(List.of(List.of("(a,1)"), List.of("(a,1)", "(b,2)"), List.of("(a,1)", "(b,3)")), out.sorted());
            assertEquals(List.of(3, 3, 3), partitions);
        }
    }

    @Test
    void groupByKeyAndWindowOverTheLastBatchesAndIntoPartitions() throws Exception {
        try (StreamTestKit kit = new StreamTestKit()) {
            PairDStream<String, Integer> in = kit.input(List.of(Pair.of("a", 1)), List.of(Pair.of("a", 2), Pair.of("b", 1)),
                    List.of(Pair.of("b", 2)), List.<Pair<String, Integer>>of()).mapToPair(p -> p);
            PairDStream<String, Iterable<Integer>> lastTwo = in.groupByKeyAndWindow(Duration.ofSeconds(2));
            var grouped = kit.collect(lastTwo.mapValues(vs -> {
                TreeSet<Integer> set = new TreeSet<>();
                vs.forEach(set::add);
                return set;
            }));
            PairDStream<String, Iterable<Integer>> inThree = in.groupByKeyAndWindow(Duration.ofSeconds(2), Duration.ofSeconds(2), 3);
            var slid = kit.collect(inThree.mapValues(vs -> {
                TreeSet<Integer> set = new TreeSet<>();
                vs.forEach(set::add);
                return set;
            }));
            List<Integer> partitions = new ArrayList<>();
            inThree.foreachRDD(rdd -> partitions.add(rdd.getNumPartitions()));
            kit.run(4);
            assertEquals(List.of(List.of("(a,[1])"), List.of("(a,[1, 2])", "(b,[1])"), List.of("(a,[2])", "(b,[1, 2])"),
                    List.of("(b,[2])")), grouped.sorted());
            assertEquals(List.of(List.of("(a,[1, 2])", "(b,[1])"), List.of("(b,[2])")), slid.sorted());
            assertEquals(List.of(2000L, 4000L), slid.times());
            assertEquals(List.of(3, 3), partitions);
        }
    }
}
