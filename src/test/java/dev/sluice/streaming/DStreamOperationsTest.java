package dev.sluice.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Table tests of per-batch operations: input batches in, expected output batches out, with empty batches between.
 *
 * <p>The expected batches are the ones Spark 4.1.0 printed for the same input batches (local[2],
 * one queue stream per input, {@code spark.streaming.clock} set to its manual clock and advanced
 * one batch at a time, each batch's elements sorted where the assertion sorts them) for count, reduce and countByValue.
 */
class DStreamOperationsTest {

    @Test
    void mapFlatMapFilterKeepOrderAndGiveEmptyBatches() throws Exception {
        try (StreamTestKit kit = new StreamTestKit()) {
            DStream<String> in = kit.input(List.of("a b", "c"), List.of(), List.of("d e f"));
            var mapped = kit.collect(in.map(String::length));
            var flat = kit.collect(in.flatMap(l -> List.of(l.split(" "))));
            var filtered = kit.collect(in.flatMap(l -> List.of(l.split(" "))).filter(w -> !w.equals("e")));
            kit.run(4);
            assertEquals(List.of(List.of(3, 1), List.of(), List.of(5), List.of()), mapped.batches());
            assertEquals(List.of(List.of("a", "b", "c"), List.of(), List.of("d", "e", "f"), List.of()), flat.batches());
            assertEquals(List.of(List.of("a", "b", "c"), List.of(), List.of("d", "f"), List.of()), filtered.batches());
            assertEquals(List.of(1000L, 2000L, 3000L, 4000L), mapped.times());
        }
    }

    @Test
    void countIsZeroForEmptyBatchesAndReduceOutputsNothing() throws Exception {
        try (StreamTestKit kit = new StreamTestKit()) {
            DStream<Integer> in = kit.input(List.of(1, 2, 3), List.of(), List.of(4));
            var count = kit.collect(in.count());
            var sum = kit.collect(in.reduce(Integer::sum));
            kit.run(3);
            assertEquals(List.of(List.of(3L), List.of(0L), List.of(1L)), count.batches());
            assertEquals(List.of(List.of(6), List.of(), List.of(4)), sum.batches());
        }
    }

    @Test
    void countByValueAndReduceByKeyAndGroupByKey() throws Exception {
        try (StreamTestKit kit = new StreamTestKit()) {
            DStream<String> in = kit.input(List.of("a", "b", "a"), List.of(), List.of("c", "c", "c", "a"));
            var byValue = kit.collect(in.countByValue());
            var reduced = kit.collect(in.mapToPair(w -> Pair.of(w, 10)).reduceByKey(Integer::sum));
            var grouped = kit.collect(in.mapToPair(w -> Pair.of(w, 1)).groupByKey().mapValues(vs -> {
                int n = 0;
                for (int v : vs) {
                    n += v;
                }
                return n;
            }));
            kit.run(3);
            assertEquals(List.of(List.of("(a,2)", "(b,1)"), List.of(), List.of("(a,1)", "(c,3)")), byValue.sorted());
            assertEquals(List.of(List.of("(a,20)", "(b,10)"), List.of(), List.of("(a,10)", "(c,30)")), reduced.sorted());
            assertEquals(List.of(List.of("(a,2)", "(b,1)"), List.of(), List.of("(a,1)", "(c,3)")), grouped.sorted());
        }
    }

    @Test
    void unionTransformAndRepartition() throws Exception {
        try (StreamTestKit kit = new StreamTestKit()) {
            DStream<Integer> a = kit.input(List.of(1, 2), List.of(3));
            DStream<Integer> b = kit.input(List.of(10), List.of(), List.of(30));
            var union = kit.collect(a.union(b));
            var transformed = kit.collect(a.transform((rdd, time) -> rdd.map(x -> x * 100 + (int) (time.milliseconds() / 1000))));
            var repartitioned = a.repartition(3);
            var parts = kit.collect(repartitioned.transform(rdd -> kit.ssc.parallelize(List.of(rdd.getNumPartitions()), 1)));
            kit.run(3);
            assertEquals(List.of(List.of("1", "10", "2"), List.of("3"), List.of("30")), union.sorted());
            assertEquals(List.of(List.of(101, 201), List.of(302), List.of()), transformed.batches());
            assertEquals(List.of(List.of(3), List.of(3), List.of(3)), parts.batches());
        }
    }

    @Test
    void streamStreamJoinsAndCogroupPerBatch() throws Exception {
        try (StreamTestKit kit = new StreamTestKit()) {
            PairDStream<String, Integer> left = kit.<String>input(List.of("a", "b"), List.of("c")).mapToPair(w -> Pair.of(w, 1));
            PairDStream<String, String> right = kit.<String>input(List.of("a", "x"), List.of()).mapToPair(w -> Pair.of(w, w.toUpperCase()));
            var inner = kit.collect(left.join(right));
            var leftOuter = kit.collect(left.leftOuterJoin(right));
            var rightOuter = kit.collect(left.rightOuterJoin(right));
            var full = kit.collect(left.fullOuterJoin(right));
            var cogrouped = kit.collect(left.cogroup(right).mapValues(p -> p.key() + "|" + p.value()));
            kit.run(2);
            assertEquals(List.of(List.of("(a,(1,A))"), List.of()), inner.sorted());
            assertEquals(List.of(List.of("(a,(1,Optional[A]))", "(b,(1,Optional.empty))"), List.of("(c,(1,Optional.empty))")),
                    leftOuter.sorted());
            assertEquals(List.of(List.of("(a,(Optional[1],A))", "(x,(Optional.empty,X))"), List.of()), rightOuter.sorted());
            assertEquals(List.of(List.of("(a,(Optional[1],Optional[A]))", "(b,(Optional[1],Optional.empty))",
                    "(x,(Optional.empty,Optional[X]))"), List.of("(c,(Optional[1],Optional.empty))")), full.sorted());
            assertEquals(List.of(List.of("(a,[1]|[A])", "(b,[1]|[])", "(x,[]|[X])"), List.of("(c,[1]|[])")), cogrouped.sorted());
        }
    }

    @Test
    void streamStaticJoin() throws Exception {
        try (StreamTestKit kit = new StreamTestKit()) {
            PairRDD<String, String> cities = kit.ssc.parallelizePairs(List.of(Pair.of("u1", "Oslo"), Pair.of("u2", "Lima")));
            PairDStream<String, Integer> clicks = kit.<String>input(List.of("u1", "u2", "u1", "u3")).mapToPair(u -> Pair.of(u, 1));
            var joined = kit.collect(clicks.reduceByKey(Integer::sum).join(cities));
            var viaTransform = kit.collect(clicks.transformToPair(rdd -> PairRDD.of(rdd).leftOuterJoin(cities)
                    .mapValues(p -> p.value().orElse("?"))));
            kit.run(2);
            assertEquals(List.of(List.of("(u1,(2,Oslo))", "(u2,(1,Lima))"), List.of()), joined.sorted());
            assertEquals(List.of(List.of("(u1,Oslo)", "(u1,Oslo)", "(u2,Lima)", "(u3,?)"), List.of()), viaTransform.sorted());
        }
    }

    @Test
    void flatMapValuesAndMapPartitions() throws Exception {
        try (StreamTestKit kit = new StreamTestKit()) {
            PairDStream<String, String> in = kit.<String>input(List.of("k=a,b", "j=c")).mapToPair(s -> {
                String[] kv = s.split("=");
                return Pair.of(kv[0], kv[1]);
            });
            var flat = kit.collect(in.flatMapValues(v -> List.of(v.split(","))));
            var sizes = kit.collect(in.mapPartitions(it -> {
                int n = 0;
                while (it.hasNext()) {
                    it.next();
                    n++;
                }
                return List.of(n).iterator();
            }).reduce(Integer::sum));
            kit.run(1);
            assertEquals(List.of(List.of("(j,c)", "(k,a)", "(k,b)")), flat.sorted());
            assertEquals(List.of(List.of(2)), sizes.batches());
        }
    }

    @Test
    void nullArgumentsAreRejectedWithTheirName() {
        try (StreamTestKit kit = new StreamTestKit()) {
            DStream<Integer> in = kit.input(List.of(1));
            NullPointerException e = assertThrows(NullPointerException.class, () -> in.map(null));
            assertEquals("f", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> in.repartition(0));
            assertEquals(Optional.empty(), kit.ssc.lastCompletedBatch());
        }
    }
}
