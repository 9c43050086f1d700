package dev.sluice.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Receivers on a manual clock: storing, blocks as partitions, lifecycle, restarts, flow control, graceful stop. */
class ReceiverTest {

    static final Duration WAIT = Duration.ofSeconds(20);

    /** A receiver driven by the test: it stores what the test hands it. */
    static final class Manual<T> extends Receiver<T> {
        final CountDownLatch started = new CountDownLatch(1);
        final AtomicInteger starts = new AtomicInteger();
        final AtomicInteger stops = new AtomicInteger();
        volatile RuntimeException failOnStart;

        @Override
        public void onStart() {
            starts.incrementAndGet();
            RuntimeException f = failOnStart;
            if (f != null) {
                failOnStart = null;
                throw f;
            }
            started.countDown();
        }

        @Override
        public void onStop() {
            stops.incrementAndGet();
        }

        void awaitStarted() throws InterruptedException {
            assertTrue(started.await(WAIT.toSeconds(), TimeUnit.SECONDS), "receiver did not start");
        }
    }

    /** Records listener events. */
    static final class Events implements StreamingListener {
        final List<String> log = new CopyOnWriteArrayList<>();
        final List<ReceiverInfo> errors = new CopyOnWriteArrayList<>();

        @Override
        public void onReceiverStarted(ReceiverInfo r) {
            log.add("started " + r.name());
        }

        @Override
        public void onReceiverError(ReceiverInfo r) {
            errors.add(r);
            log.add("error " + r.name());
        }

        @Override
        public void onReceiverStopped(ReceiverInfo r) {
            log.add("stopped " + r.name());
        }

        @Override
        public void onError(String message, Throwable error) {
            log.add("onError " + message);
        }
    }

    static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            synchronized (condition) {
                condition.wait(5);
            }
        }
    }

    private static StreamingContext.Builder builder(ManualClock clock) {
        return StreamingContext.builder().batchInterval(Duration.ofSeconds(1)).parallelism(2).clock(clock);
    }

    private static <T> List<List<T>> collect(DStream<T> s, List<Integer> partitions) {
        List<List<T>> out = Collections.synchronizedList(new ArrayList<>());
        s.foreachRDD((rdd, t) -> {
            out.add(rdd.collect());
            partitions.add(rdd.getNumPartitions());
        });
        return out;
    }

    private static void step(ManualClock clock, StreamingContext ssc) throws InterruptedException {
        clock.advance(Duration.ofSeconds(1));
        assertTrue(ssc.awaitBatch(new Time(clock.millis()), WAIT), "batch " + clock.millis() + " did not complete");
    }

    @Test
    void storedRecordsLandInTheNextBatchWithOnePartitionPerBlock() throws Exception {
        ManualClock clock = new ManualClock();
        try (StreamingContext ssc = builder(clock).build()) {
            Manual<String> r = new Manual<>();
            List<Integer> parts = new CopyOnWriteArrayList<>();
            List<List<String>> out = collect(ssc.receiverStream(r), parts);
            ssc.start();
            r.awaitStarted();
            r.store("a");
            r.store("b");
            r.store(List.of("c", "d"));
            step(clock, ssc);
            step(clock, ssc);
            r.store(List.of("e"));
            r.store(List.of("f"));
            step(clock, ssc);
            assertEquals(List.of(List.of("a", "b", "c", "d"), List.of(), List.of("e", "f")), out);
            // a, b were buffered and cut into one block at the boundary; each store(List) is its own block
            assertEquals(List.of(2, 0, 2), parts);
            ReceiverInfo info = ssc.receivers().get(0);
            assertEquals(6, info.recordsReceived());
            assertTrue(info.active());
        }
    }

    @Test
    void batchReportsCountReceivedRecordsPerSource() throws Exception {
        ManualClock clock = new ManualClock();
        try (StreamingContext ssc = builder(clock).build()) {
            Manual<Integer> r = new Manual<>();
            DStream<Integer> in = ssc.receiverStream(r).name("numbers");
            in.count().foreachRDD(rdd -> { });
            ssc.start();
            r.awaitStarted();
            r.store(List.of(1, 2, 3));
            step(clock, ssc);
            BatchInfo b = ssc.recentBatches().get(0);
            assertEquals(3L, b.inputRecords().get("numbers"));
        }
    }

    @Test
    void aReceiverAddedAfterStartStartsAtTheNextBoundary() throws Exception {
        ManualClock clock = new ManualClock();
        try (StreamingContext ssc = builder(clock).build()) {
            ssc.queueStream(new java.util.concurrent.ConcurrentLinkedQueue<List<Integer>>()).print(0);
            ssc.start();
            step(clock, ssc);
            Manual<String> r = new Manual<>();
            List<List<String>> out = collect(ssc.receiverStream(r), new CopyOnWriteArrayList<>());
            assertEquals(0, r.starts.get());
            step(clock, ssc);
            r.awaitStarted();
            r.store(List.of("late"));
            step(clock, ssc);
            assertTrue(out.contains(List.of("late")), out.toString());
        }
    }

    @Test
    void lifecycleEventsAndStopOnContextStop() throws Exception {
        ManualClock clock = new ManualClock();
        Events events = new Events();
        Manual<String> r = new Manual<>();
        StreamingContext ssc = builder(clock).build();
        ssc.addListener(events);
        ssc.receiverStream(r).print();
        ssc.start();
        r.awaitStarted();
        assertTrue(r.isStarted());
        ssc.stop();
        assertEquals(1, r.stops.get());
        assertTrue(r.isStopped());
        assertThrows(IllegalStateException.class, () -> r.store(List.of("x")));
        assertEquals(List.of("started Manual", "stopped Manual"),
                events.log.stream().filter(s -> !s.startsWith("onError")).toList());
    }

    @Test
    void aReceiverCanFeedOnlyOneStream() {
        try (StreamingContext ssc = builder(new ManualClock()).build()) {
            Manual<String> r = new Manual<>();
            ssc.receiverStream(r);
            assertThrows(IllegalStateException.class, () -> ssc.receiverStream(r));
        }
    }

    /** A started context on a manual clock with one printed {@link Manual} receiver, started, and a listener. */
    record Running(ManualClock clock, StreamingContext ssc, Events events, Manual<String> r) implements AutoCloseable {
        static Running start() throws InterruptedException {
            ManualClock clock = new ManualClock();
            StreamingContext ssc = builder(clock).build();
            Events events = new Events();
            ssc.addListener(events);
            Manual<String> r = new Manual<>();
            ssc.receiverStream(r).print();
            ssc.start();
            r.awaitStarted();
            return new Running(clock, ssc, events, r);
        }

        @Override
        public void close() {
            ssc.close();
        }
    }

    @Test
    void restartStopsAndStartsAgainAfterTheBackoffOnTheClock() throws Exception {
        try (Running running = Running.start()) {
            ManualClock clock = running.clock();
            StreamingContext ssc = running.ssc();
            Events events = running.events();
            Manual<String> r = running.r();
            r.restart("source hiccup", new java.io.IOException("boom"));
            await(() -> r.stops.get() == 1, "onStop");
            assertTrue(r.isStopped());
            assertEquals(1, r.starts.get());
            clock.advance(Duration.ofMillis(100));
            await(() -> r.starts.get() == 2, "restart after 100 ms");
            await(r::isStarted, "started again");
            await(() -> !events.errors.isEmpty(), "error event");
            assertTrue(events.errors.get(0).lastError().orElseThrow().contains("source hiccup"));
            assertTrue(ssc.recentErrors().stream().anyMatch(e -> e.contains("boom")), ssc.recentErrors().toString());
            assertEquals(StreamingContextState.ACTIVE, ssc.state());
        }
    }

    @Test
    void anErrorReportedSeveralTimesInARowIsOneRecentErrorWithACount() throws Exception {
        try (Running running = Running.start()) {
            StreamingContext ssc = running.ssc();
            Manual<String> r = running.r();
            for (int i = 0; i < 3; i++) {
                r.reportError("cannot reach the source", null);
            }
            r.reportError("the source answered garbage", null);
            r.reportError("cannot reach the source", null);
            await(() -> running.events().errors.size() == 5, "every report reaches the listeners");
            List<StreamingError> recent = ssc.recentErrors();
            assertEquals(3, recent.size(), recent.toString());
            assertEquals(3, recent.get(0).count(), recent.get(0).toString());
            assertTrue(recent.get(0).toString().endsWith("cannot reach the source (3 times in a row)"), recent.get(0).toString());
            assertTrue(recent.get(1).message().endsWith("the source answered garbage"), recent.get(1).message());
            assertEquals(1, recent.get(1).count());
            assertTrue(recent.get(2).message().endsWith("cannot reach the source"), recent.get(2).message());
            assertTrue(recent.stream().allMatch(e -> e.output().isEmpty() && e.exception().isEmpty()), recent.toString());
        }
    }

    @Test
    void aFailingOnStartIsRetriedWithGrowingBackoff() throws Exception {
        ManualClock clock = new ManualClock();
        try (StreamingContext ssc = builder(clock).build()) {
            Manual<String> r = new Manual<>();
            r.failOnStart = new IllegalStateException("not yet");
            ssc.receiverStream(r).print();
            ssc.start();
            await(() -> r.starts.get() == 1, "first start");
            await(() -> ssc.recentErrors().stream().anyMatch(e -> e.contains("not yet")), "error reported");
            clock.advance(Duration.ofMillis(100));
            r.awaitStarted();
            assertEquals(2, r.starts.get());
            // the next restart waits twice as long
            r.restart("again", null);
            await(() -> r.stops.get() == 1, "stopped");
            clock.advance(Duration.ofMillis(200));
            await(() -> r.starts.get() == 3, "third start after 200 ms of backoff");
        }
    }

    @Test
    void stopOfOneReceiverKeepsTheContextRunning() throws Exception {
        ManualClock clock = new ManualClock();
        try (StreamingContext ssc = builder(clock).build()) {
            Manual<String> r = new Manual<>();
            ssc.receiverStream(r).print(0);
            ssc.start();
            r.awaitStarted();
            r.stop("done with it", new RuntimeException("source gone"));
            await(() -> r.stops.get() == 1, "stopped");
            await(() -> !ssc.receivers().get(0).active(), "inactive");
            step(clock, ssc);
            assertEquals(StreamingContextState.ACTIVE, ssc.state());
            assertTrue(ssc.receivers().get(0).lastError().orElseThrow().contains("source gone"));
        }
    }

    @Test
    void unreliableStoresAboveTheMemoryBudgetAreDroppedCountedAndReported() throws Exception {
        ManualClock clock = new ManualClock();
        try (StreamingContext ssc = builder(clock).maxUnprocessedBytes(500).build()) {
            Manual<String> r = new Manual<>();
            List<List<String>> out = collect(ssc.receiverStream(r), new CopyOnWriteArrayList<>());
            ssc.start();
            r.awaitStarted();
            for (int i = 0; i < 100; i++) {
                r.store("record-" + i);
            }
            step(clock, ssc);
            ReceiverInfo info = ssc.receivers().get(0);
            int kept = out.get(0).size();
            assertTrue(kept > 0 && kept < 100, "kept " + kept);
            assertEquals(100 - kept, info.recordsDropped());
            assertEquals(kept, info.recordsReceived());
            await(() -> ssc.recentErrors().stream().anyMatch(e -> e.contains("dropped " + (100 - kept) + " records")),
                    "drop report");
            // memory is released once the batch is processed
            assertEquals(0, ssc.unprocessedBytes());
            r.store("after");
            step(clock, ssc);
            assertEquals(List.of("after"), out.get(1));
        }
    }

    @Test
    void reliableStoresAboveTheMemoryBudgetWaitInsteadOfDropping() throws Exception {
        ManualClock clock = new ManualClock();
        try (StreamingContext ssc = builder(clock).maxUnprocessedBytes(200).build()) {
            Manual<String> r = new Manual<>();
            List<List<String>> out = collect(ssc.receiverStream(r), new CopyOnWriteArrayList<>());
            ssc.start();
            r.awaitStarted();
            r.store(List.of("x".repeat(200)));
            CountDownLatch second = new CountDownLatch(1);
            Thread t = new Thread(() -> {
                r.store(List.of("y"));
                second.countDown();
            });
            t.start();
            await(() -> t.getState() == Thread.State.TIMED_WAITING || t.getState() == Thread.State.WAITING,
                    "the second store waiting for memory");
            assertEquals(1, second.getCount());
            step(clock, ssc);
            assertTrue(second.await(WAIT.toSeconds(), TimeUnit.SECONDS), "second store went through after the batch");
            step(clock, ssc);
            assertEquals(List.of(List.of("x".repeat(200)), List.of("y")), out);
            assertEquals(0, ssc.receivers().get(0).recordsDropped());
        }
    }

    @Test
    void maxRateLimitsStoresOnTheClockAndCanChangeWhileRunning() throws Exception {
        ManualClock clock = new ManualClock();
        try (StreamingContext ssc = builder(clock).maxRate(5).build()) {
            Manual<Integer> r = new Manual<>();
            DStream<Integer> in = ssc.receiverStream(r);
            List<List<Integer>> out = collect(in, new CopyOnWriteArrayList<>());
            ssc.start();
            r.awaitStarted();
            assertEquals(5, ssc.receivers().get(0).rateLimit());
            AtomicInteger stored = new AtomicInteger();
            Thread t = new Thread(() -> {
                for (int i = 0; i < 10; i++) {
                    r.store(i);
                    stored.incrementAndGet();
                }
            });
            t.start();
            await(() -> stored.get() == 5, "five stores within the first second's budget");
            await(() -> t.getState() == Thread.State.WAITING, "the sixth store waiting for the clock");
            assertEquals(5, stored.get());
            ssc.setMaxRate(in, 0);
            step(clock, ssc);
            t.join(WAIT.toMillis());
            assertEquals(10, stored.get());
            step(clock, ssc);
            assertEquals(10, out.stream().mapToInt(List::size).sum());
        }
    }

    @Test
    void gracefulStopProcessesEverythingReceivedEvenOnAManualClock() throws Exception {
        ManualClock clock = new ManualClock();
        StreamingContext ssc = builder(clock).build();
        Manual<String> r = new Manual<>();
        List<List<String>> out = collect(ssc.receiverStream(r), new CopyOnWriteArrayList<>());
        ssc.start();
        r.awaitStarted();
        r.store("buffered");
        r.store(List.of("stored"));
        ssc.stop(true);
        assertEquals(StreamingContextState.STOPPED, ssc.state());
        assertEquals(List.of(List.of("stored", "buffered")).get(0).size(), out.get(0).size());
        assertTrue(out.get(0).containsAll(List.of("stored", "buffered")));
        assertEquals(1, r.stops.get());
    }
}
