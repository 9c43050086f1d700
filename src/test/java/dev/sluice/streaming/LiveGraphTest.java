package dev.sluice.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The graph changes while the context runs: outputs attached and stopped at batch boundaries. */
class LiveGraphTest {

    @Test
    void windowAttachedLaterIsFilledFromRetainedBatches() throws Exception {
        try (StreamTestKit kit = StreamTestKit.withRemember(Duration.ofSeconds(10))) {
            DStream<Integer> in = kit.input(List.of(1), List.of(2), List.of(3), List.of(4), List.of(5), List.of(6), List.of(7));
            var counts = kit.collect(in.count());
            kit.run(5);
            var window = kit.collect(in.window(Duration.ofSeconds(3), Duration.ofSeconds(1)));
            var windowCount = kit.collect(in.countByWindow(Duration.ofSeconds(3), Duration.ofSeconds(1)));
            kit.run(2);
            assertEquals(List.of(6000L, 7000L), window.times());
            assertEquals(List.of(List.of(4, 5, 6), List.of(5, 6, 7)), window.batches());
            assertEquals(List.of(List.of(3L), List.of(3L)), windowCount.batches());
            assertEquals(7, counts.batches().size());
        }
    }

    @Test
    void windowsAndStateWithoutAnOutputAreKeptForLatest() throws Exception {
        try (StreamTestKit kit = new StreamTestKit()) {
            DStream<String> in = kit.input(List.of("a"), List.of("a", "b"), List.of("b"), List.of("c"), List.of("a"),
                    List.of("d"), List.of("d"), List.of("e"));
            PairDStream<String, Integer> pairs = in.mapToPair(w -> Pair.of(w, 1));
            DStream<String> window = in.window(Duration.ofSeconds(3), Duration.ofSeconds(1));
            PairDStream<String, Integer> totals = pairs.updateStateByKey(LiveGraphTest::add);
            MapWithStateDStream<String, Integer, Integer, Integer> mapped = pairs.mapWithState(
                    StateSpec.function((String key, Optional<Integer> value, State<Integer> state) -> {
                        state.update(state.getOption().orElse(0) + value.orElse(0));
                        return state.get();
                    }));
            kit.run(5);
            assertEquals(List.of("a", "b", "c"), sorted(window.latest().collect()), "window of batches 3-5");
            assertEquals(Map.of("a", 3, "b", 2, "c", 1), totals.latest().collectAsMap());
            assertEquals(Map.of("a", 3, "b", 2, "c", 1), mapped.stateSnapshots().latest().collectAsMap());
            // state attached to a running context counts from the next batch on
            PairDStream<String, Integer> late = pairs.updateStateByKey(LiveGraphTest::add);
            kit.run(3);
            assertEquals(Map.of("d", 2, "e", 1), late.latest().collectAsMap());
            assertEquals(Map.of("a", 3, "b", 2, "c", 1, "d", 2, "e", 1), totals.latest().collectAsMap());
            assertEquals(List.of("d", "d", "e"), sorted(window.latest().collect()));
        }
    }

    private static Optional<Integer> add(Iterable<Integer> values, Optional<Integer> state) {
        int sum = state.orElse(0);
        for (int v : values) {
            sum += v;
        }
        return Optional.of(sum);
    }

    private static List<String> sorted(List<String> list) {
        return list.stream().sorted().toList();
    }

    @Test
    void stoppedOutputRunsNoMoreWhileOthersContinue() throws Exception {
        try (StreamTestKit kit = new StreamTestKit()) {
            DStream<Integer> in = kit.input(List.of(1), List.of(2), List.of(3), List.of(4));
            var a = kit.collect(in);
            var b = kit.collect(in.map(x -> x * 10));
            kit.run(2);
            a.handle.stop();
            assertFalse(a.handle.isActive());
            assertEquals("stopping", a.handle.status());
            kit.run(2);
            assertEquals("stopped", a.handle.status());
            assertEquals(List.of(List.of(1), List.of(2)), a.batches());
            assertEquals(List.of(List.of(10), List.of(20), List.of(30), List.of(40)), b.batches());
            var c = kit.collect(in.map(x -> -x));
            kit.run(1);
            assertEquals(List.of(5000L), c.times());
        }
    }

    @Test
    void outputAttachedDuringABatchStartsAtTheNextBoundary() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (StreamTestKit kit = new StreamTestKit()) {
            DStream<Integer> in = kit.input(List.of(1), List.of(2), List.of(3));
            var seen = kit.collect(in);
            in.foreachRDD((rdd, time) -> {
                if (time.milliseconds() == 2000) {
                    entered.countDown();
                    assertTrue(release.await(20, TimeUnit.SECONDS));
                }
            });
            kit.run(1);
            kit.clock.advance(StreamTestKit.BATCH);
            assertTrue(entered.await(20, TimeUnit.SECONDS), "batch 2000 ms did not start");
            var late = kit.collect(in.map(x -> x + 100));
            assertEquals("pending", late.handle.status());
            release.countDown();
            assertTrue(kit.ssc.awaitBatch(new Time(2000), StreamTestKit.WAIT));
            kit.run(1);
            assertEquals(List.of(List.of(1), List.of(2), List.of(3)), seen.batches());
            assertEquals(List.of(3000L), late.times());
            assertEquals(List.of(List.of(103)), late.batches());
            assertEquals("active", late.handle.status());
        }
    }

    @Test
    void aSourceUnderACachedWindowThatAnOutputReadsKeepsOneBatch() throws Exception {
        try (StreamTestKit kit = new StreamTestKit()) {
            DStream<String> in = kit.input(List.of("a"), List.of("a", "b"), List.of("b"), List.of("c"), List.of("a"),
                    List.of("d"));
            PairDStream<String, Integer> pairs = in.mapToPair(w -> Pair.of(w, 1));
            var window = kit.collect(pairs.reduceByKeyAndWindow(Integer::sum, Duration.ofSeconds(3), Duration.ofSeconds(1)));
            var incremental = kit.collect(pairs.reduceByKeyAndWindow(Integer::sum, (x, y) -> x - y,
                    Duration.ofSeconds(3), Duration.ofSeconds(1), p -> p.value() > 0));
            kit.run(6);
            List<List<Pair<String, Integer>>> expected = List.of(
                    List.of(Pair.of("a", 1)),
                    List.of(Pair.of("a", 2), Pair.of("b", 1)),
                    List.of(Pair.of("a", 2), Pair.of("b", 2)),
                    List.of(Pair.of("a", 1), Pair.of("b", 2), Pair.of("c", 1)),
                    List.of(Pair.of("a", 1), Pair.of("b", 1), Pair.of("c", 1)),
                    List.of(Pair.of("a", 1), Pair.of("c", 1), Pair.of("d", 1)));
            assertEquals(expected, sortedPairs(window.batches()));
            assertEquals(expected, sortedPairs(incremental.batches()));
            // each window's per-batch sums are cached, so neither the pairs nor the source keep past batches
            assertEquals(1_000_000, in.node.rememberMicros());
            assertEquals(1, in.node.generatedCount());
            assertEquals(1, pairs.node.generatedCount());
            // a restart has no cached sums: recovery restores the source's past for the whole window
            assertTrue(in.node.recoveryRememberMicros() >= 4_000_000, "recovery keeps " + in.node.recoveryRememberMicros() + " us");
        }
    }

    @Test
    void aWindowWhoseOutputIsAttachedWhileABatchRunsStillSeesWholeWindows() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch generated = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (StreamTestKit kit = new StreamTestKit()) {
            DStream<Integer> in = kit.input(List.of(1), List.of(2), List.of(3), List.of(4), List.of(5), List.of(6));
            in.foreachRDD((rdd, time) -> {
                if (time.milliseconds() == 5000) {
                    entered.countDown();
                    assertTrue(release.await(20, TimeUnit.SECONDS));
                }
            });
            // no output reads the window yet: the source keeps its length, so a query can read it whole
            DStream<Integer> window = in.map(x -> x * 10).window(Duration.ofSeconds(3), Duration.ofSeconds(1));
            kit.ssc.addListener(new StreamingListener() {
                @Override
                public void onBatchSubmitted(BatchInfo batch) {
                    if (batch.batchTime().milliseconds() == 6000) {
                        generated.countDown();
                    }
                }
            });
            kit.run(4);
            assertTrue(in.node.rememberMicros() >= 3_000_000, "kept " + in.node.rememberMicros() + " us");
            kit.clock.advance(StreamTestKit.BATCH);
            assertTrue(entered.await(20, TimeUnit.SECONDS), "batch 5000 ms did not start");
            var out = kit.collect(window);
            // batch 6000 ms is generated, with the output and the source's shorter duration, while 5000 still runs
            kit.clock.advance(StreamTestKit.BATCH);
            assertTrue(generated.await(20, TimeUnit.SECONDS), "batch 6000 ms was not generated");
            release.countDown();
            assertTrue(kit.ssc.awaitBatch(new Time(6000), StreamTestKit.WAIT));
            assertEquals(List.of(6000L), out.times());
            assertEquals(List.of(List.of(40, 50, 60)), out.batches().stream().map(LiveGraphTest::sortedInts).toList());
            assertEquals(1_000_000, in.node.rememberMicros());
        }
    }

    private static List<Integer> sortedInts(List<Integer> list) {
        return list.stream().sorted().toList();
    }

    private static List<List<Pair<String, Integer>>> sortedPairs(List<List<Pair<String, Integer>>> batches) {
        return batches.stream().map(b -> b.stream().sorted((x, y) -> x.key().compareTo(y.key())).toList()).toList();
    }

    @Test
    void latestGivesTheLastCompletedBatchForAdHocQueries() throws Exception {
        try (StreamTestKit kit = new StreamTestKit()) {
            DStream<String> in = kit.input(List.of("a b"), List.of("c d e"));
            DStream<String> words = in.flatMap(l -> List.of(l.split(" "))).name("words");
            PairDStream<String, Long> counts = words.countByValue().name("counts");
            counts.print();
            assertEquals(0, words.latest().count());
            kit.run(2);
            assertEquals(List.of("c", "d", "e"), words.latest().collect());
            assertEquals(3, counts.latest().count());
            assertEquals(1L, counts.latest().collectAsMap().get("d"));
            DStream<String> found = kit.ssc.stream("words");
            assertEquals(words, found);
            assertTrue(kit.ssc.streams().contains(counts));
            assertTrue(counts.toString().contains("'counts'"), counts.toString());
            assertEquals(1, words.slice(new Time(1000), new Time(2000)).size(), "only the last batch is kept by default");
        }
    }

    @Test
    void streamsCreatedAfterStartTakeInputFromTheNextBoundary() throws Exception {
        try (StreamTestKit kit = new StreamTestKit()) {
            kit.input(List.of(0)).print();
            kit.run(1);
            DStream<Integer> late = kit.input(List.of(7), List.of(8));
            var out = kit.collect(late.map(x -> x * 2));
            kit.run(2);
            assertEquals(List.of(List.of(14), List.of(16)), out.batches());
            assertEquals(List.of(2000L, 3000L), out.times());
        }
    }
}
