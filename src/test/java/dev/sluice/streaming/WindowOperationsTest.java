package dev.sluice.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Window operations: coverage (t - length, t], slides, and Spark's behaviour for inverse reductions.
 *
 * <p>The expected batches are the ones Spark 4.1.0 printed for the same input batches (local[2],
 * one queue stream per input, {@code spark.streaming.clock} set to its manual clock and advanced
 * one batch at a time, each batch's elements sorted where the assertion sorts them).
 */
class WindowOperationsTest {

    private static final Duration S1 = Duration.ofSeconds(1);
    private static final Duration S2 = Duration.ofSeconds(2);
    private static final Duration S3 = Duration.ofSeconds(3);
    private static final Duration S4 = Duration.ofSeconds(4);

    @Test
    void windowCoversTheBatchesOfTheLastLength() throws Exception {
        try (StreamTestKit kit = new StreamTestKit()) {
            DStream<Integer> in = kit.input(List.of(1), List.of(2), List.of(3), List.of(4), List.of(), List.of(6));
            var w31 = kit.collect(in.window(S3, S1));
            var w42 = kit.collect(in.window(S4, S2));
            kit.run(9);
            assertEquals(List.of(List.of(1), List.of(1, 2), List.of(1, 2, 3), List.of(2, 3, 4), List.of(3, 4), List.of(4, 6),
                    List.of(6), List.of(6), List.of()), w31.batches());
            assertEquals(List.of(2000L, 4000L, 6000L, 8000L), w42.times());
            assertEquals(List.of(List.of(1, 2), List.of(1, 2, 3, 4), List.of(3, 4, 6), List.of(6)), w42.batches());
        }
    }

    @Test
    void countByWindowOutputsNothingBeforeDataAndZeroAfter() throws Exception {
        try (StreamTestKit kit = new StreamTestKit()) {
            DStream<String> in = kit.input(List.of(), List.of("a"), List.of(), List.of(), List.of());
            var counts = kit.collect(in.countByWindow(S3, S1));
            kit.run(6);
            assertEquals(List.of(List.of(), List.of(1L), List.of(1L), List.of(1L), List.of(0L), List.of(0L)), counts.batches());
        }
    }

    @Test
    void reduceByWindowWithoutInverseOutputsNothingForEmptyWindows() throws Exception {
        try (StreamTestKit kit = new StreamTestKit()) {
            DStream<Integer> in = kit.input(List.of(1, 2), List.of(), List.of(), List.of(), List.of(5));
            var sums = kit.collect(in.reduceByWindow(Integer::sum, S3, S1));
            var incremental = kit.collect(in.reduceByWindow(Integer::sum, (a, b) -> a - b, S3, S1));
            kit.run(5);
            assertEquals(List.of(List.of(3), List.of(3), List.of(3), List.of(), List.of(5)), sums.batches());
            assertEquals(List.of(List.of(3), List.of(3), List.of(3), List.of(0), List.of(5)), incremental.batches());
        }
    }

    @Test
    void reduceByKeyAndWindowWithAndWithoutInverse() throws Exception {
        try (StreamTestKit kit = new StreamTestKit()) {
            PairDStream<String, Integer> in = kit.<String>input(List.of("a", "b"), List.of("a"), List.of(), List.of())
                    .mapToPair(w -> Pair.of(w, 1));
            var plain = kit.collect(in.reduceByKeyAndWindow(Integer::sum, S2, S1));
            var inverse = kit.collect(in.reduceByKeyAndWindow(Integer::sum, (a, b) -> a - b, S2, S1));
            var filtered = kit.collect(in.reduceByKeyAndWindow(Integer::sum, (a, b) -> a - b, S2, S1, p -> p.value() != 0));
            kit.run(4);
            assertEquals(List.of(List.of("(a,1)", "(b,1)"), List.of("(a,2)", "(b,1)"), List.of("(a,1)"), List.of()), plain.sorted());
            assertEquals(List.of(List.of("(a,1)", "(b,1)"), List.of("(a,2)", "(b,1)"), List.of("(a,1)", "(b,0)"),
                    List.of("(a,0)", "(b,0)")), inverse.sorted());
            assertEquals(List.of(List.of("(a,1)", "(b,1)"), List.of("(a,2)", "(b,1)"), List.of("(a,1)"), List.of()), filtered.sorted());
        }
    }

    @Test
    void aBatchJoinedWithItsWindowLooksItsKeysUpAndGetsWhatACoGroupGives() throws Exception {
        try (StreamTestKit kit = new StreamTestKit()) {
            PairDStream<String, Integer> in = kit.<String>input(List.of("a", "b", "a"), List.of("a", "c"), List.of(),
                    List.of("b", "d", "d")).mapToPair(w -> Pair.of(w, 1));
            PairDStream<String, Integer> counts = in.reduceByKeyAndWindow(Integer::sum, (a, b) -> a - b, S2, S1);
            var looked = kit.collect(in.join(counts));
            var outer = kit.collect(in.leftOuterJoin(counts));
            var right = kit.collect(counts.rightOuterJoin(in));
            // not a materialized window any more: co-grouped
            var grouped = kit.collect(in.join(counts.mapValues(v -> v)));
            List<String> plans = new java.util.concurrent.CopyOnWriteArrayList<>();
            in.join(counts).foreachRDD(rdd -> plans.add(rdd.toDebugString().lines().findFirst().orElse("")));
            kit.run(5);
            assertEquals(List.of(List.of("(a,(1,2))", "(a,(1,2))", "(b,(1,1))"), List.of("(a,(1,3))", "(c,(1,1))"), List.of(),
                    List.of("(b,(1,1))", "(d,(1,2))", "(d,(1,2))"), List.of()), looked.sorted());
            assertEquals(grouped.sorted(), looked.sorted());
            assertEquals(List.of(List.of("(a,(1,Optional[2]))", "(a,(1,Optional[2]))", "(b,(1,Optional[1]))"),
                    List.of("(a,(1,Optional[3]))", "(c,(1,Optional[1]))"), List.of(),
                    List.of("(b,(1,Optional[1]))", "(d,(1,Optional[2]))", "(d,(1,Optional[2]))"), List.of()), outer.sorted());
            assertEquals(List.of(List.of("(a,(Optional[2],1))", "(a,(Optional[2],1))", "(b,(Optional[1],1))"),
                    List.of("(a,(Optional[3],1))", "(c,(Optional[1],1))"), List.of(),
                    List.of("(b,(Optional[1],1))", "(d,(Optional[2],1))", "(d,(Optional[2],1))"), List.of()), right.sorted());
            assertEquals(5, plans.size());
            assertTrue(plans.stream().allMatch(l -> l.contains("join (lookup)")), String.join("\n", plans));
        }
    }

    @Test
    void anIncrementalWindowOverManyBatchesAgreesWithTheWholeReduction() throws Exception {
        java.util.Random random = new java.util.Random(7);
        List<List<String>> batches = new java.util.ArrayList<>();
        for (int b = 0; b < 30; b++) {
            List<String> words = new java.util.ArrayList<>();
            int n = b % 7 == 3 ? 0 : random.nextInt(12);
            for (int i = 0; i < n; i++) {
                words.add("k" + random.nextInt(b < 15 ? 9 : 4));
            }
            batches.add(words);
        }
        try (StreamTestKit kit = new StreamTestKit()) {
            PairDStream<String, Integer> in = kit.<String>input(batches.toArray(new List[0])).mapToPair(w -> Pair.of(w, 1));
            var plain = kit.collect(in.reduceByKeyAndWindow(Integer::sum, S3, S1));
            var inverse = kit.collect(in.reduceByKeyAndWindow(Integer::sum, (a, b) -> a - b, S3, S1));
            // an inverse that gives null makes the window fall back to whole copies, null values kept
            var nulls = kit.collect(in.reduceByKeyAndWindow((a, b) -> a == null ? b : a + b,
                    (a, b) -> a - b == 0 ? null : a - b, S3, S1));
            kit.run(33);
            List<List<String>> withoutZeros = inverse.sorted().stream()
                    .map(batch -> batch.stream().filter(e -> !e.endsWith(",0)")).toList()).toList();
            assertEquals(plain.sorted(), withoutZeros);
            long seen = batches.stream().flatMap(List::stream).distinct().count();
            assertTrue(inverse.sorted().get(32).size() == seen && inverse.sorted().get(32).stream().allMatch(e -> e.endsWith(",0)")),
                    "every key seen stays, at 0, after the input ends: " + inverse.sorted().get(32));
            List<List<String>> nullsAsZeros = nulls.sorted().stream()
                    .map(batch -> batch.stream().map(e -> e.replace(",null)", ",0)")).sorted().toList()).toList();
            assertEquals(inverse.sorted(), nullsAsZeros);
        }
    }

    /**
     * The incremental window reads the batches that leave it from its own log, not from its parent:
     * over many random batches (keys as fresh strings in every batch) it agrees with the window
     * reduced in full, also when attached to the running context, after a batch whose window failed
     * (the next one is reduced in full from the log) and a task tried again, and sliding by two
     * batches with a filter; its parent keeps one batch, and the log the window's batches and their
     * keys, none once the batches holding them left.
     */
    @Test
    void theLoggedWindowAgreesWithTheWholeReductionWhenAttachedLateAndAfterAFailedBatch() throws Exception {
        java.util.Random random = new java.util.Random(11);
        List<List<String>> batches = new java.util.ArrayList<>();
        for (int b = 0; b < 45; b++) {
            List<String> words = new java.util.ArrayList<>();
            int n = b % 9 == 4 ? 0 : 1 + random.nextInt(20);
            for (int i = 0; i < n; i++) {
                words.add(new String("k" + random.nextInt(b < 25 ? 30 : 6)));
            }
            batches.add(words);
        }
        java.util.concurrent.atomic.AtomicBoolean failing = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicBoolean failOnce = new java.util.concurrent.atomic.AtomicBoolean();
        try (StreamTestKit kit = StreamTestKit.withRemember(Duration.ofSeconds(10))) {
            PairDStream<String, Integer> in = kit.<String>input(batches.toArray(new List[0])).mapToPair(w -> Pair.of(w, 1));
            var plain = kit.collect(in.reduceByKeyAndWindow(Integer::sum, S4, S1));
            PairDStream<String, Integer> logged = in.reduceByKeyAndWindow(Integer::sum, (a, b) -> {
                if (failing.get() || failOnce.compareAndSet(true, false)) {
                    throw new IllegalStateException("inverse failed on purpose");
                }
                return a - b;
            }, S4, S1);
            var inverse = kit.collect(logged);
            var plainBy2 = kit.collect(in.reduceByKeyAndWindow(Integer::sum, S4, S2));
            var filteredBy2 = kit.collect(in.reduceByKeyAndWindow(Integer::sum, (a, b) -> a - b, S4, S2, p -> p.value() != 0));
            kit.run(14);
            var latePlain = kit.collect(in.reduceByKeyAndWindow(Integer::sum, S3, S1));
            var lateInverse = kit.collect(in.reduceByKeyAndWindow(Integer::sum, (a, b) -> a - b, S3, S1));
            kit.run(6);
            failing.set(true);
            kit.run(1);
            failing.set(false);
            kit.run(8);
            // fails once at batch 30: the task is tried again and the window is whole, its keys counted once
            failOnce.set(true);
            kit.run(1);
            assertTrue(!failOnce.get(), "the inverse failed once at batch 30");
            kit.run(20);

            List<Long> times = plain.times();
            assertEquals(50, times.size());
            assertTrue(!inverse.times().contains(21_000L) && inverse.times().size() == 49,
                    "the window of batch 21 failed and only it: " + inverse.times());
            for (int i = 0; i < times.size(); i++) {
                long t = times.get(i);
                if (t != 21_000L) {
                    assertEquals(plain.at(t).stream().map(String::valueOf).sorted().toList(), nonZero(inverse.at(t)), "window at " + t);
                }
            }
            assertEquals(plainBy2.sorted(), filteredBy2.sorted());
            assertEquals(25, plainBy2.times().size());
            assertEquals(latePlain.times(), lateInverse.times());
            assertEquals(List.of(15_000L), latePlain.times().subList(0, 1), "attached at the boundary of batch 15");
            for (long t : latePlain.times()) {
                assertEquals(latePlain.at(t).stream().map(String::valueOf).sorted().toList(), nonZero(lateInverse.at(t)),
                        "late window at " + t);
            }
            assertTrue(latePlain.at(15_000L).size() > 3, "the late window starts whole: " + latePlain.at(15_000L));

            var window = (dev.sluice.engine.graph.ReducedWindowedNode<?, ?>) logged.node;
            assertEquals(1_000_000, window.parents().get(0).rememberMicros(), "the per-batch sums are kept one batch");
            assertTrue(window.parents().get(0).generatedCount() <= 2, "kept: " + window.parents().get(0).generatedCount());
            // the log holds the window's length and one slide more: batches 46 to 50 (all empty)
            assertEquals(5, window.loggedBatches());
            assertEquals(0, window.loggedKeys(0) + window.loggedKeys(1));
        }
    }

    @Test
    void theLogHoldsEachKeyOfTheWindowsBatchesOnce() throws Exception {
        List<List<String>> batches = new java.util.ArrayList<>();
        for (int b = 0; b < 8; b++) {
            List<String> words = new java.util.ArrayList<>();
            for (int i = 0; i <= b; i++) {
                words.add(new String("k" + (i % 5)));
            }
            batches.add(words);
        }
        try (StreamTestKit kit = new StreamTestKit()) {
            PairDStream<String, Integer> in = kit.<String>input(batches.toArray(new List[0])).mapToPair(w -> Pair.of(w, 1));
            PairDStream<String, Integer> counts = in.reduceByKeyAndWindow(Integer::sum, (a, b) -> a - b, S3, S1);
            var out = kit.collect(counts);
            kit.run(8);
            var window = (dev.sluice.engine.graph.ReducedWindowedNode<?, ?>) counts.node;
            assertEquals(4, window.loggedBatches(), "3 s and one slide");
            assertEquals(5, window.loggedKeys(0) + window.loggedKeys(1), "k0 to k4, however many batches hold them");
            assertEquals(List.of("(k0,6)", "(k1,5)", "(k2,4)", "(k3,3)", "(k4,3)"), out.sorted().get(7));
        }
    }

    private static List<String> nonZero(List<Pair<String, Integer>> window) {
        return window.stream().filter(p -> p.value() != 0).map(String::valueOf).sorted().toList();
    }

    @Test
    void slidingByTwoBatchesIncrementally() throws Exception {
        try (StreamTestKit kit = new StreamTestKit()) {
            PairDStream<String, Integer> in = kit.<String>input(List.of("a"), List.of("a", "b"), List.of("b"), List.of("c"),
                    List.of(), List.of()).mapToPair(w -> Pair.of(w, 1));
            var inverse = kit.collect(in.reduceByKeyAndWindow(Integer::sum, (a, b) -> a - b, S4, S2, p -> p.value() > 0));
            var plain = kit.collect(in.reduceByKeyAndWindow(Integer::sum, S4, S2));
            kit.run(8);
            assertEquals(plain.sorted(), inverse.sorted());
            assertEquals(List.of(List.of("(a,2)", "(b,1)"), List.of("(a,2)", "(b,2)", "(c,1)"), List.of("(b,1)", "(c,1)"),
                    List.of()), plain.sorted());
        }
    }

    @Test
    void countByValueAndWindowDropsZeroCounts() throws Exception {
        try (StreamTestKit kit = new StreamTestKit()) {
            DStream<String> in = kit.input(List.of("x", "y"), List.of("x"), List.of(), List.of());
            var counts = kit.collect(in.countByValueAndWindow(S2, S1));
            kit.run(4);
            assertEquals(List.of(List.of("(x,1)", "(y,1)"), List.of("(x,2)", "(y,1)"), List.of("(x,1)"), List.of()), counts.sorted());
        }
    }

    @Test
    void groupByKeyAndWindowCollectsValuesOfTheWindow() throws Exception {
        try (StreamTestKit kit = new StreamTestKit()) {
            PairDStream<String, Integer> in = kit.<Pair<String, Integer>>input(List.of(Pair.of("a", 1)),
                    List.of(Pair.of("a", 2), Pair.of("b", 3))).mapToPair(p -> p);
            var grouped = kit.collect(in.groupByKeyAndWindow(S2, S1).mapValues(vs -> {
                List<Integer> l = new java.util.ArrayList<>();
                vs.forEach(l::add);
                l.sort(null);
                return l;
            }));
            kit.run(3);
            assertEquals(List.of(List.of("(a,[1])"), List.of("(a,[1, 2])", "(b,[3])"), List.of("(a,[2])", "(b,[3])")), grouped.sorted());
        }
    }

    @Test
    void eachBatchIsComputedOnceForAllTheWindowsItFallsIn() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (StreamTestKit kit = new StreamTestKit()) {
            DStream<Integer> in = kit.input(List.of(1, 2), List.of(3), List.of(4));
            DStream<Integer> counted = in.map(x -> {
                calls.incrementAndGet();
                return x;
            });
            var w = kit.collect(counted.window(S3, S1));
            kit.run(5);
            assertEquals(List.of(List.of(1, 2), List.of(1, 2, 3), List.of(1, 2, 3, 4), List.of(3, 4), List.of(4)), w.batches());
            assertEquals(4, calls.get());
        }
    }

    @Test
    void windowsThatAreNotMultiplesOfTheSlideAreRejectedWithAdvice() {
        try (StreamTestKit kit = new StreamTestKit()) {
            DStream<Integer> in = kit.input(List.of(1));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> in.window(Duration.ofMillis(2500), S1));
            assertEquals("window length 2500ms is not a multiple of the batch interval 1s; use 2s or 3s", e.getMessage());
            IllegalArgumentException s = assertThrows(IllegalArgumentException.class, () -> in.window(S4, Duration.ofMillis(1500)));
            assertEquals("slide 1500ms is not a multiple of the batch interval 1s; use 1s or 2s", s.getMessage());
            DStream<Integer> w = in.window(S4, S2);
            IllegalArgumentException nested = assertThrows(IllegalArgumentException.class, () -> w.window(S3, S2));
            assertEquals("window length 3s is not a multiple of the stream's slide 2s; use 2s or 4s", nested.getMessage());
            assertThrows(IllegalArgumentException.class, () -> in.window(Duration.ZERO, S1));
        }
    }
}
