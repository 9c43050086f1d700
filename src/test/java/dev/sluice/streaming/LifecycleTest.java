package dev.sluice.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start, stop, graceful stop, termination, and threads released. */
class LifecycleTest {

    private static List<String> engineThreads() {
        List<String> names = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().startsWith("sluice-")) {
                names.add(t.getName());
            }
        }
        return names;
    }

    @Test
    void manyContextsOneAfterAnotherLeaveNoThreadBehind() throws Exception {
        for (int i = 0; i < 15; i++) {
            ManualClock clock = new ManualClock();
            StreamingContext ssc = StreamingContext.builder().batchInterval(Duration.ofMillis(100)).parallelism(2).clock(clock).build();
            Queue<List<Integer>> q = new ConcurrentLinkedQueue<>(List.of(List.of(1, 2, 3)));
            List<Long> counts = Collections.synchronizedList(new ArrayList<>());
            ssc.queueStream(q).map(x -> x * 2).count().foreachRDD(rdd -> counts.add(rdd.first()));
            ssc.start();
            clock.advance(Duration.ofMillis(100));
            assertTrue(ssc.awaitBatch(new Time(100), StreamTestKit.WAIT));
            assertEquals(List.of(3L), counts);
            ssc.stop();
            assertEquals(StreamingContextState.STOPPED, ssc.state());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        List<String> left = engineThreads();
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().startsWith("sluice-")) {
                    t.join(100);
                }
            }
            left = engineThreads();
        }
        assertEquals(List.of(), left);
    }

    @Test
    void engineThreadsLiveOutsideTheThreadGroupOfTheCodeThatStartedThem() throws Exception {
        ThreadGroup snippets = new ThreadGroup("snippets");
        ManualClock clock = new ManualClock();
        StreamingContext[] holder = new StreamingContext[1];
        Thread creator = new Thread(snippets, () -> {
            StreamingContext ssc = StreamingContext.builder().batchInterval(Duration.ofSeconds(1)).parallelism(2).clock(clock).build();
            ssc.rateStream(100).count().print();
            ssc.start();
            holder[0] = ssc;
        });
        creator.start();
        creator.join(20_000);
        StreamingContext ssc = holder[0];
        try {
            clock.advance(Duration.ofSeconds(1));
            assertTrue(ssc.awaitBatch(new Time(1000), StreamTestKit.WAIT));
            Thread[] inGroup = new Thread[64];
            int n = snippets.enumerate(inGroup, true);
            for (int i = 0; i < n; i++) {
                assertFalse(inGroup[i].getName().startsWith("sluice-"), inGroup[i].getName());
            }
            assertTrue(engineThreads().size() >= 3, engineThreads().toString());
        } finally {
            ssc.stop();
        }
    }

    @Test
    void aContextThatCannotUseItsCheckpointDirectoryFailsToBuildAndLeavesNoThread(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("checkpoint"), "not a directory");
        List<String> before = engineThreads();
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> StreamingContext.builder()
                .batchInterval(Duration.ofSeconds(1)).clock(new ManualClock()).checkpointDir(file).build());
        assertEquals("cannot use checkpoint directory " + file + ": " + file + " exists and is not a directory; move it away or choose"
                + " another checkpoint directory",
                e.getMessage());
        UncheckedIOException below = assertThrows(UncheckedIOException.class, () -> StreamingContext.builder()
                .batchInterval(Duration.ofSeconds(1)).clock(new ManualClock()).checkpointDir(file.resolve("sub")).build());
        assertEquals("cannot use checkpoint directory " + file.resolve("sub") + ": " + file.resolve("sub") + ": Not a directory;"
                + " fix that or choose another checkpoint directory (one the program can create and write)", below.getMessage());
        // the failed context's threads are started in its constructor; they must be gone when it throws
        List<String> added = new ArrayList<>(engineThreads());
        added.removeAll(before);
        assertEquals(List.of(), added);
    }

    @Test
    void stopIsIdempotentAndAStoppedContextCannotRestart() throws Exception {
        StreamingContext ssc = StreamingContext.builder().batchInterval(Duration.ofSeconds(1)).clock(new ManualClock()).build();
        assertEquals(StreamingContextState.INITIALIZED, ssc.state());
        assertFalse(ssc.awaitTerminationOrTimeout(Duration.ofMillis(10)));
        ssc.start();
        ssc.start();
        assertEquals(StreamingContextState.ACTIVE, ssc.state());
        ssc.stop();
        ssc.stop(true);
        assertTrue(ssc.awaitTerminationOrTimeout(Duration.ofMillis(10)));
        ssc.awaitTermination();
        IllegalStateException e = assertThrows(IllegalStateException.class, ssc::start);
        assertTrue(e.getMessage().contains("build a new one"), e.getMessage());
    }

    @Test
    void builderRequiresABatchInterval() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> StreamingContext.builder().build());
        assertTrue(e.getMessage().contains("batchInterval"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> StreamingContext.builder().parallelism(0));
    }

    @Test
    void gracefulStopRunsTheBatchesAlreadyGenerated() throws Exception {
        assertEquals(List.of(1000L, 2000L, 3000L), runThreeBatchesThenStop(true));
    }

    @Test
    void immediateStopInterruptsTheRunningJobAndDropsQueuedBatches() throws Exception {
        List<Long> ran = runThreeBatchesThenStop(false);
        assertTrue(ran.isEmpty() || ran.equals(List.of(1000L)), ran.toString());
    }

    private List<Long> runThreeBatchesThenStop(boolean gracefully) throws Exception {
        ManualClock clock = new ManualClock();
        StreamingContext ssc = StreamingContext.builder().batchInterval(Duration.ofSeconds(1)).parallelism(2).clock(clock).build();
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch submitted = new CountDownLatch(3);
        List<Long> ran = Collections.synchronizedList(new ArrayList<>());
        ssc.addListener(new StreamingListener() {
            @Override
            public void onBatchSubmitted(BatchInfo batch) {
                submitted.countDown();
            }
        });
        ssc.rateStream(10).foreachRDD((rdd, time) -> {
            if (time.milliseconds() == 1000) {
                entered.countDown();
                release.await(20, TimeUnit.SECONDS);
            }
            rdd.count();
            ran.add(time.milliseconds());
        });
        ssc.start();
        clock.advance(Duration.ofSeconds(3));
        assertTrue(entered.await(20, TimeUnit.SECONDS));
        assertTrue(submitted.await(20, TimeUnit.SECONDS));
        Thread stopper = new Thread(() -> ssc.stop(gracefully));
        stopper.start();
        if (gracefully) {
            release.countDown();
        }
        stopper.join(30_000);
        assertFalse(stopper.isAlive());
        release.countDown();
        assertEquals(StreamingContextState.STOPPED, ssc.state());
        return new ArrayList<>(ran);
    }
}
