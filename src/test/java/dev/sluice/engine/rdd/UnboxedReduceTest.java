package dev.sluice.engine.rdd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.streaming.ManualClock;
import dev.sluice.streaming.Pair;
import dev.sluice.streaming.PairRDD;
import dev.sluice.streaming.ReduceFunction;
import dev.sluice.streaming.StreamingContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BinaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UnboxedReduceTest {

    private StreamingContext ssc;

    @BeforeEach
    void open() {
        ssc = StreamingContext.builder().batchInterval(Duration.ofSeconds(1)).parallelism(3)
                .clock(new ManualClock()).build();
    }

    @AfterEach
    void close() {
        ssc.stop();
    }

    static long plus(Long a, Long b) {
        return a + b;
    }

    static Long max(Long a, Long b) {
        return Math.max(a, b);
    }

    /** A left fold over each key's values in input order, the reference the engine must agree with. */
    private static <V> Map<String, V> fold(List<Pair<String, V>> records, BinaryOperator<V> f) {
        Map<String, V> expected = new HashMap<>();
        for (Pair<String, V> p : records) {
            expected.merge(p.key(), p.value(), f);
        }
        return expected;
    }

    @Test
    void lambdasMethodReferencesAndStaticMethodsGiveTheSameResults() {
        List<Pair<String, Long>> longs = new ArrayList<>();
        List<Pair<String, Integer>> ints = new ArrayList<>();
        List<Pair<String, Double>> doubles = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            longs.add(Pair.of("k" + (i % 37), (long) i * 1_000_003L - 7_000_000L));
            ints.add(Pair.of("k" + (i % 11), Integer.MAX_VALUE - i)); // overflows, as the function does
            doubles.add(Pair.of("k" + (i % 13), i * 0.25));
        }
        PairRDD<String, Long> l = ssc.parallelizePairs(longs);
        Map<String, Long> sums = fold(longs, Long::sum);
        assertEquals(37, sums.size());
        assertEquals(sums, l.reduceByKey(Long::sum).collectAsMap());
        assertEquals(sums, l.reduceByKey((a, b) -> a + b).collectAsMap());
        assertEquals(sums, l.reduceByKey(UnboxedReduceTest::plus).collectAsMap());
        assertEquals(fold(longs, UnboxedReduceTest::max), l.reduceByKey(UnboxedReduceTest::max).collectAsMap());
        long offset = 3;
        assertEquals(fold(longs, (a, b) -> a + b + offset), l.reduceByKey((a, b) -> a + b + offset).collectAsMap());

        Map<String, Integer> intSums = ssc.parallelizePairs(ints).reduceByKey((a, b) -> a + b).collectAsMap();
        assertEquals(fold(ints, Integer::sum), intSums);
        assertEquals(Integer.class, intSums.values().iterator().next().getClass());

        Map<String, Double> doubleSums = ssc.parallelizePairs(doubles).reduceByKey(Double::sum).collectAsMap();
        assertEquals(fold(doubles, Double::sum), doubleSums);
        assertEquals(fold(doubles, Math::min), ssc.parallelizePairs(doubles).reduceByKey(Math::min).collectAsMap());
    }

    @Test
    void inputAlreadyPartitionedIsReducedInPlaceWithTheSameResults() {
        List<Pair<String, Long>> longs = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            longs.add(Pair.of("k" + (i % 17), (long) i));
        }
        PairRDD<String, Long> once = ssc.parallelizePairs(longs).reduceByKey((a, b) -> a + b, 3);
        assertEquals(fold(longs, Long::sum), once.reduceByKey((a, b) -> a + b, 3).collectAsMap());
    }

    @Test
    void valuesOfMixedTypesTakeTheGeneralPathMidwayWithTheSameResults() {
        List<Pair<String, Number>> mixed = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            mixed.add(Pair.of("k" + (i % 7), i < 1_000 ? (Number) (long) i : (Number) i));
        }
        ReduceFunction<Number> add = (a, b) -> a.longValue() + b.longValue();
        Map<String, Number> expected = new HashMap<>();
        for (Pair<String, Number> p : mixed) {
            expected.merge(p.key(), p.value(), (a, b) -> a.longValue() + b.longValue());
        }
        Map<String, Number> got = ssc.parallelizePairs(mixed).reduceByKey(add).collectAsMap();
        assertEquals(expected, got);
    }

    @Test
    void aResultOfAnotherTypeIsKeptAsItIs() throws Exception {
        // Integer values whose sum, past a threshold, comes back as a Long: a function over Number may do that
        ReduceFunction<Number> widening = (a, b) -> {
            long s = a.longValue() + b.longValue();
            return s > 100 ? (Number) s : (Number) (int) s;
        };
        UnboxedReduce<String, Number> task = new UnboxedReduce<>(widening, new KeyedOps.ReduceAggregator<>(widening),
                new HashPartitioner(1));
        for (int i = 0; i < 30; i++) {
            task.accept(Pair.of("a", (Number) 10));
            task.accept(Pair.of("b", (Number) 1));
        }
        Map<String, Number> result = task.result()[0];
        assertEquals(300L, result.get("a"));
        assertEquals(30, result.get("b"));
        assertFalse(task.unboxed());
    }

    @Test
    void valuesOfOneTypeStayUnboxedAndNullValuesReachTheFunction() throws Exception {
        ReduceFunction<Long> sum = (a, b) -> a + b;
        UnboxedReduce<String, Long> task = new UnboxedReduce<>(sum, new KeyedOps.ReduceAggregator<>(sum),
                new HashPartitioner(2));
        for (int i = 0; i < 1_000; i++) {
            task.accept(Pair.of("k" + (i % 10), (long) i));
        }
        assertTrue(task.unboxed());
        Map<String, Long>[] maps = task.result();
        long total = 0;
        for (Map<String, Long> m : maps) {
            for (Long v : m.values()) {
                total += v;
            }
        }
        assertEquals(999L * 1000 / 2, total);

        // a null value for a new key is kept as null, as the general combine does
        task.accept(Pair.of("fresh", null));
        assertFalse(task.unboxed());
        Map<String, Long> withNull = task.result()[new HashPartitioner(2).partition("fresh")];
        assertTrue(withNull.containsKey("fresh"));
        assertNull(withNull.get("fresh"));
        // and a null value for a key with a value reaches the function, whose exception fails the task
        assertThrows(NullPointerException.class, () -> task.accept(Pair.of("k1", null)));
    }

    @Test
    void recordsAreFoldedInTheOrderTheyCameAcrossAChangeOfType() throws Exception {
        // a function whose result depends on the order of its operands: the task must fold each key's
        // values left to right, as a map merging them one after another does, whether the values
        // are held unboxed or past a change to another type, which comes at any record
        ReduceFunction<Number> ordered = (a, b) -> {
            long r = a.longValue() * 3 + b.longValue();
            return r % 5 == 0 ? (Number) (double) r : (Number) r; // now and then a result of another type
        };
        Random random = new Random(7);
        for (int trial = 0; trial < 200; trial++) {
            UnboxedReduce<String, Number> task = new UnboxedReduce<>(ordered,
                    new KeyedOps.ReduceAggregator<>(ordered), new HashPartitioner(1));
            Map<String, Number> expected = new HashMap<>();
            int records = random.nextInt(100);
            int switchAt = random.nextInt(130); // where the values turn to Integer
            for (int i = 0; i < records; i++) {
                String key = "k" + random.nextInt(5);
                Number value = i < switchAt ? (Number) (long) random.nextInt(4) : (Number) random.nextInt(4);
                task.accept(Pair.of(key, value));
                Number before = expected.get(key);
                expected.put(key, before == null ? value : ordered.call(before, value));
            }
            Map<String, Number> got = task.result()[0];
            assertEquals(expected, got == null ? Map.of() : got, "trial " + trial);
        }
    }

    @Test
    void theFunctionsExceptionIsTheTasksFailure() {
        IllegalStateException boom = new IllegalStateException("boom");
        ReduceFunction<Long> failing = (a, b) -> {
            throw boom;
        };
        UnboxedReduce<String, Long> task = new UnboxedReduce<>(failing, new KeyedOps.ReduceAggregator<>(failing),
                new HashPartitioner(1));
        Exception e = assertThrows(Exception.class, () -> {
            task.accept(Pair.of("a", 1L));
            task.accept(Pair.of("a", 2L));
        });
        assertSame(boom, e);
    }
}
