package dev.sluice.streaming;

import static dev.sluice.streaming.RDDActionsAndShapesTest.set;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The by-key operations of {@link PairRDD} that Spark's {@code JavaPairRDD} has, with the cases of
 * Spark's {@code PairRDDFunctionsSuite} and {@code JavaAPISuite} (inputs and expected results as there).
 * The orders of {@code sortByKey} (with and without a comparator, both directions) and the partitions
 * of {@code repartitionAndSortWithinPartitions} are the ones Spark 4.1.0 printed for the same calls
 * on the same partitions (local[3]).
 */
class PairRDDOperationsTest {

    private StreamingContext ssc;

    @BeforeEach
    void setUp() {
        ssc = StreamingContext.builder().batchInterval(Duration.ofSeconds(1)).parallelism(3).clock(new ManualClock()).build();
    }

    @AfterEach
    void tearDown() {
        ssc.stop();
    }

    private <K, V> PairRDD<K, V> pairs(int partitions, List<Pair<K, V>> data) {
        return PairRDD.of(ssc.parallelize(data, partitions));
    }

    private static <K extends Comparable<K>, V> List<String> sorted(PairRDD<K, V> rdd) {
        return rdd.collect().stream().map(Pair::toString).sorted().toList();
    }

    @Test
    void aggregateFoldAndCombineByKey() {
        PairRDD<Integer, Integer> pairs = pairs(2, List.of(Pair.of(1, 1), Pair.of(1, 1), Pair.of(3, 2), Pair.of(5, 1), Pair.of(5, 3)));
        PairRDD<Integer, Set<Integer>> sets = pairs.aggregateByKey(new HashSet<Integer>(), (s, v) -> {
            s.add(v);
            return s;
        }, (a, b) -> {
            a.addAll(b);
            return a;
        });
        assertEquals(Map.of(1, Set.of(1), 3, Set.of(2), 5, Set.of(1, 3)), sets.collectAsMap());
        assertEquals(4, pairs.aggregateByKey(0, 4, (a, v) -> a + v, Integer::sum).getNumPartitions());
        assertEquals(Map.of(1, 2, 3, 2, 5, 4), pairs.aggregateByKey(0, new HashPartitioner(2), (a, v) -> a + v, Integer::sum)
                .collectAsMap());

        PairRDD<Integer, Integer> folds = pairs(2, List.of(Pair.of(2, 1), Pair.of(2, 1), Pair.of(1, 1), Pair.of(3, 2), Pair.of(3, 1)));
        assertEquals(List.of("(1,1)", "(2,2)", "(3,3)"), sorted(folds.foldByKey(0, Integer::sum)));
        assertEquals(List.of("(1,1)", "(2,2)", "(3,3)"), sorted(folds.foldByKey(0, 5, Integer::sum)));
        assertEquals(List.of("(1,1)", "(2,2)", "(3,3)"), sorted(folds.foldByKey(0, new HashPartitioner(1), Integer::sum)));

        PairRDD<Integer, Integer> byMod = ssc.parallelize(List.of(1, 1, 2, 3, 5, 8, 13)).keyBy(x -> x % 3);
        assertEquals(Map.of(0, 3, 1, 15, 2, 15), byMod.combineByKey(v -> v, Integer::sum, Integer::sum).collectAsMap());
        PairRDD<Integer, Integer> combined = byMod.combineByKey(v -> v, Integer::sum, Integer::sum, new HashPartitioner(2));
        assertEquals(Optional.of(new HashPartitioner(2)), combined.partitioner());
        assertEquals(Map.of(0, 3, 1, 15, 2, 15), combined.collectAsMap());
        assertEquals(7, byMod.combineByKey(v -> List.of(v), (l, v) -> l, (a, b) -> a, 7).getNumPartitions());
        PairRDD<Integer, Integer> reduced = byMod.reduceByKey(new HashPartitioner(2), Integer::sum);
        assertEquals(Optional.of(new HashPartitioner(2)), reduced.partitioner());
        assertEquals(Map.of(0, 3, 1, 15, 2, 15), reduced.collectAsMap());
    }

    @Test
    void countsLookupsAndLocalReduces() {
        PairRDD<Integer, Integer> pairs = pairs(2, List.of(Pair.of(1, 1), Pair.of(1, 1), Pair.of(3, 2), Pair.of(5, 1), Pair.of(5, 3)));
        Map<Integer, Long> counts = pairs.countByKey();
        assertEquals(Map.of(1, 2L, 3, 1L, 5, 2L), counts);
        assertEquals(Long.class, counts.get(1).getClass());
        assertEquals(Map.of(1, 2, 3, 2, 5, 4), pairs.reduceByKeyLocally(Integer::sum));
        assertEquals(Map.of(1, 1L, 3, 1L, 5, 2L), pairs.countApproxDistinctByKey(0.05).collectAsMap());
        assertEquals(2, pairs.countApproxDistinctByKey(0.05, 2).getNumPartitions());
        assertEquals(1, pairs.countApproxDistinctByKey(0.05, new HashPartitioner(1)).getNumPartitions());

        PairRDD<Integer, Integer> kv = pairs(2, List.of(Pair.of(1, 2), Pair.of(3, 4), Pair.of(5, 6), Pair.of(5, 7)));
        assertEquals(List.of(2), kv.lookup(1));
        assertEquals(List.of(6, 7), kv.lookup(5));
        assertEquals(List.of(), kv.lookup(-1));
        PairRDD<Integer, Integer> partitioned = kv.partitionBy(new HashPartitioner(3));
        assertEquals(List.of(6, 7), partitioned.lookup(5));
        assertEquals(List.of(1, 3, 5, 5), kv.keys().collect());
        assertEquals(List.of(2, 4, 6, 7), kv.values().collect());
    }

    @Test
    void joinsOfPairRddFunctionsSuite() {
        PairRDD<Integer, Integer> rdd1 = pairs(2, List.of(Pair.of(1, 1), Pair.of(1, 2), Pair.of(2, 1), Pair.of(3, 1)));
        PairRDD<Integer, Character> rdd2 = pairs(2, List.of(Pair.of(1, 'x'), Pair.of(2, 'y'), Pair.of(2, 'z'), Pair.of(4, 'w')));
        List<String> inner = List.of("(1,(1,x))", "(1,(2,x))", "(2,(1,y))", "(2,(1,z))");
        assertEquals(inner, sorted(rdd1.join(rdd2)));
        assertEquals(inner, sorted(rdd1.join(rdd2, 5)));
        assertEquals(5, rdd1.join(rdd2, 5).getNumPartitions());
        assertEquals(inner, sorted(rdd1.join(rdd2, new HashPartitioner(4))));
        List<String> right = List.of("(1,(Optional[1],x))", "(1,(Optional[2],x))", "(2,(Optional[1],y))", "(2,(Optional[1],z))",
                "(4,(Optional.empty,w))");
        assertEquals(right, sorted(rdd1.rightOuterJoin(rdd2)));
        assertEquals(right, sorted(rdd1.rightOuterJoin(rdd2, 2)));
        assertEquals(right, sorted(rdd1.rightOuterJoin(rdd2, new HashPartitioner(2))));
        List<String> left = List.of("(1,(1,Optional[x]))", "(1,(2,Optional[x]))", "(2,(1,Optional[y]))", "(2,(1,Optional[z]))",
                "(3,(1,Optional.empty))");
        assertEquals(left, sorted(rdd1.leftOuterJoin(rdd2, 2)));
        assertEquals(left, sorted(rdd1.leftOuterJoin(rdd2, new HashPartitioner(2))));
        List<String> full = List.of("(1,(Optional[1],Optional[x]))", "(1,(Optional[2],Optional[x]))", "(2,(Optional[1],Optional[y]))",
                "(2,(Optional[1],Optional[z]))", "(3,(Optional[1],Optional.empty))", "(4,(Optional.empty,Optional[w]))");
        assertEquals(full, sorted(rdd1.fullOuterJoin(rdd2)));
        assertEquals(full, sorted(rdd1.fullOuterJoin(rdd2, 3)));
        assertEquals(full, sorted(rdd1.fullOuterJoin(rdd2, new HashPartitioner(3))));

        PairRDD<Integer, Character> rdd3 = pairs(2, List.of(Pair.of(1, 'a'), Pair.of(3, 'b'), Pair.of(4, 'c'), Pair.of(4, 'd')));
        List<String> three = List.of("(1,([1, 2],[x],[a]))", "(2,([1],[y, z],[]))", "(3,([1],[],[b]))", "(4,([],[w],[c, d]))");
        assertEquals(three, sorted(rdd1.cogroup(rdd2, rdd3)));
        assertEquals(three, sorted(rdd1.groupWith(rdd2, rdd3)));
        assertEquals(three, sorted(rdd1.cogroup(rdd2, rdd3, 4)));
        assertEquals(three, sorted(rdd1.cogroup(rdd2, rdd3, new HashPartitioner(4))));
        PairRDD<Integer, String> rdd4 = pairs(1, List.of(Pair.of(2, "u")));
        List<String> four = List.of("(1,([1, 2],[x],[a],[]))", "(2,([1],[y, z],[],[u]))", "(3,([1],[],[b],[]))", "(4,([],[w],[c, d],[]))");
        assertEquals(four, sorted(rdd1.cogroup(rdd2, rdd3, rdd4)));
        assertEquals(four, sorted(rdd1.groupWith(rdd2, rdd3, rdd4)));
        assertEquals(four, sorted(rdd1.cogroup(rdd2, rdd3, rdd4, 2)));
        assertEquals(four, sorted(rdd1.cogroup(rdd2, rdd3, rdd4, new HashPartitioner(2))));
        List<String> two = List.of("(1,([1, 2],[x]))", "(2,([1],[y, z]))", "(3,([1],[]))", "(4,([],[w]))");
        assertEquals(two, sorted(rdd1.groupWith(rdd2)));
        assertEquals(two, sorted(rdd1.cogroup(rdd2, 2)));
        assertEquals(two, sorted(rdd1.cogroup(rdd2, new HashPartitioner(2))));
    }

    @Test
    void subtractByKeyKeepsDuplicatesAndPartitioning() {
        PairRDD<Integer, String> a = pairs(2, List.of(Pair.of(1, "a"), Pair.of(1, "a"), Pair.of(2, "b"), Pair.of(3, "c")));
        PairRDD<Integer, Integer> b = pairs(4, List.of(Pair.of(2, 20), Pair.of(3, 30), Pair.of(4, 40)));
        PairRDD<Integer, String> c = a.subtractByKey(b);
        assertEquals(List.of("(1,a)", "(1,a)"), sorted(c));
        assertEquals(a.getNumPartitions(), c.getNumPartitions());
        assertEquals(6, a.subtractByKey(b, 6).getNumPartitions());
        PairRDD<Integer, String> byPartitioner = a.subtractByKey(b, new HashPartitioner(3));
        assertEquals(Optional.of(new HashPartitioner(3)), byPartitioner.partitioner());
        assertEquals(List.of("(1,a)", "(1,a)"), sorted(byPartitioner));
        PairRDD<Integer, String> keep = pairs(2, List.of(Pair.of(1, "a"), Pair.of(1, "a"), Pair.of(2, "b")));
        assertEquals(List.of("(1,a)", "(1,a)"), sorted(keep.subtract(pairs(1, List.of(Pair.of(2, "b"), Pair.of(1, "z"))))));
        assertEquals(List.of("(2,b)"), sorted(keep.intersection(pairs(1, List.of(Pair.of(2, "b"), Pair.of(2, "b"), Pair.of(1, "z"))))));
    }

    @Test
    void sortByKeyOverloads() {
        PairRDD<Integer, Integer> pairs = pairs(2, List.of(Pair.of(0, 4), Pair.of(3, 2), Pair.of(-1, 1)));
        assertEquals("[(-1,1), (0,4), (3,2)]", pairs.sortByKey().collect().toString());
        assertEquals("[(3,2), (0,4), (-1,1)]", pairs.sortByKey(false).collect().toString());
        assertEquals("[(-1,1), (0,4), (3,2)]", pairs.sortByKey(true, 1).collect().toString());
        assertEquals(1, pairs.sortByKey(true, 1).getNumPartitions());
        Comparator<Integer> byAbs = Comparator.comparing(Math::abs);
        assertEquals("[(0,4), (-1,1), (3,2)]", pairs.sortByKey(byAbs).collect().toString());
        assertEquals("[(3,2), (-1,1), (0,4)]", pairs.sortByKey(byAbs, false).collect().toString());
        PairRDD<Integer, Integer> many = PairRDD.of(ssc.parallelize(IntStream.range(0, 100).boxed().toList(), 4).keyBy(x -> (x * 37) % 100));
        PairRDD<Integer, Integer> desc = many.sortByKey(byAbs, false, 3);
        assertEquals(3, desc.getNumPartitions());
        List<List<Pair<Integer, Integer>>> parts = desc.glom().collect();
        List<Integer> keys = new ArrayList<>();
        parts.forEach(p -> p.forEach(x -> keys.add(x.key())));
        assertEquals(IntStream.range(0, 100).map(i -> 99 - i).boxed().toList(), keys);
        assertTrue(parts.stream().allMatch(p -> !p.isEmpty()));
        assertEquals(4, many.sortByKey().getNumPartitions());
    }

    @Test
    void partitioningAndRanges() {
        PairRDD<Integer, Integer> pairs = pairs(3, List.of(Pair.of(0, 5), Pair.of(3, 8), Pair.of(2, 6), Pair.of(0, 8), Pair.of(3, 8),
                Pair.of(1, 3)));
        Partitioner parity = new Partitioner() {
            @Override
            public int numPartitions() {
                return 2;
            }

            @Override
            public int getPartition(Object key) {
                return (Integer) key % 2;
            }
        };
        PairRDD<Integer, Integer> repartitioned = pairs.repartitionAndSortWithinPartitions(parity);
        assertEquals(Optional.of(parity), repartitioned.partitioner());
        assertEquals("[[(0,5), (0,8), (2,6)], [(1,3), (3,8), (3,8)]]", repartitioned.glom().collect().toString());
        assertEquals("[[(2,6), (0,5), (0,8)], [(3,8), (3,8), (1,3)]]",
                pairs.repartitionAndSortWithinPartitions(parity, Comparator.reverseOrder()).glom().collect().toString());

        PairRDD<Integer, Integer> byHash = pairs.partitionBy(new HashPartitioner(2));
        assertEquals(Optional.of(new HashPartitioner(2)), byHash.partitioner());
        assertSame(byHash.node, byHash.partitionBy(new HashPartitioner(2)).node);
        assertEquals("[[(0,5), (2,6), (0,8)], [(3,8), (3,8), (1,3)]]", byHash.glom().collect().toString());
        // Already partitioned like the join's result: the join reads byHash without a shuffle.
        List<String> lineage = byHash.join(byHash, new HashPartitioner(2)).toDebugString().lines().toList();
        assertEquals("    [" + byHash.id() + "] partitionBy (2 partitions)", lineage.get(2));
        assertEquals("+- shuffle", lineage.get(3).trim());
        assertEquals(2, lineage.stream().filter(l -> l.contains("+- shuffle")).count(), String.join("\n", lineage));

        PairRDD<Integer, Integer> thousand = PairRDD.of(ssc.parallelize(IntStream.rangeClosed(1, 1000).boxed().toList()).keyBy(x -> x));
        assertEquals(IntStream.rangeClosed(20, 40).boxed().toList(), thousand.sortByKey().filterByRange(20, 40).keys().collect());
        assertEquals(List.of(40, 39), thousand.filterByRange(Comparator.reverseOrder(), 40, 39).keys().collect().stream()
                .sorted(Comparator.reverseOrder()).toList());
        assertEquals(List.of(), thousand.filterByRange(50, 40).collect());
    }

    @Test
    void samplesByKey() {
        List<Pair<String, Integer>> data = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            data.add(Pair.of(i % 3 == 0 ? "a" : "b", i));
        }
        PairRDD<String, Integer> rdd = pairs(4, data);
        Map<String, Double> fractions = Map.of("a", 0.1, "b", 0.5);
        PairRDD<String, Integer> exact = rdd.sampleByKeyExact(false, fractions, 5);
        assertEquals(Map.of("a", 10L, "b", 100L), exact.countByKey());
        assertEquals(exact.collect(), rdd.sampleByKeyExact(false, fractions, 5).collect());
        assertEquals(110, new HashSet<>(exact.values().collect()).size());
        assertEquals(Map.of("a", 10L, "b", 100L), rdd.sampleByKeyExact(true, fractions, 5).countByKey());
        assertEquals(Map.of("a", 40L, "b", 400L), rdd.sampleByKeyExact(true, Map.of("a", 0.4, "b", 2.0), 5).countByKey());
        Map<String, Long> approx = rdd.sampleByKey(false, fractions, 5).countByKey();
        assertTrue(approx.get("a") < 30 && approx.get("b") > 60 && approx.get("b") < 140, approx.toString());
        assertEquals(rdd.sampleByKey(true, fractions, 9).collect(), rdd.sampleByKey(true, fractions, 9).collect());
        assertThrows(JobFailedException.class, () -> rdd.sampleByKey(false, Map.of("a", 0.5)).count());
        assertThrows(IllegalArgumentException.class, () -> rdd.sampleByKey(false, Map.of("a", 1.5, "b", 0.1)));
        assertEquals(set(rdd.collect()), set(rdd.sample(false, 1.0, 3).collect()));
    }

    @Test
    void pairResultsStayKeyed() {
        PairRDD<String, Integer> p = pairs(2, List.of(Pair.of("a", 1), Pair.of("a", 1), Pair.of("b", 2)));
        assertEquals(2, p.distinct().count());
        assertEquals(2, p.distinct(4).reduceByKey(Integer::sum).count());
        assertEquals(1, p.coalesce(1).reduceByKey(Integer::sum).getNumPartitions() - 2);
        assertEquals(Map.of("a", 2, "b", 2), p.coalesce(1, true).reduceByKey(Integer::sum).collectAsMap());
        assertEquals("named", p.setName("named").unpersist().name());
        PairRDD<String, Integer> sampled = p.sample(false, 1.0);
        assertEquals(Map.of("a", 2, "b", 2), sampled.reduceByKey(Integer::sum).collectAsMap());
        assertEquals(List.of("(a,1)", "(a,1)"), sorted(p.subtract(pairs(1, List.of(Pair.of("b", 2))), 2)));
        assertEquals(List.of("(a,1)", "(a,1)"), sorted(p.subtract(pairs(1, List.of(Pair.of("b", 2))), new HashPartitioner(2))));
        Map<String, Integer> sums = new TreeMap<>(p.groupByKey(new HashPartitioner(2)).mapValues(vs -> {
            int s = 0;
            for (int v : vs) {
                s += v;
            }
            return s;
        }).collectAsMap());
        assertEquals(Map.of("a", 2, "b", 2), sums);
        assertEquals(new HashMap<>(Map.of("a", 2, "b", 2)), p.reduceByKey(Integer::sum, 2).collectAsMap());
    }
}
