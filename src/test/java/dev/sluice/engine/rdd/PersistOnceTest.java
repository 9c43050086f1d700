package dev.sluice.engine.rdd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.testing.Wait;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A persisted dataset computes each partition once, even when two tasks ask for it at the same
 * time: the second waits for the first and reads what it keeps. If the first fails, the one
 * waiting computes the partition itself.
 */
class PersistOnceTest extends RddTestBase {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** One partition of three numbers; each computation is counted and waits until released. */
    private static final class Gated extends RddNode<Integer> {
        final AtomicInteger computations = new AtomicInteger();
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean failFirst;

        Gated(RddContext ctx) {
            super(ctx);
        }

        @Override
        public int numPartitions() {
            return 1;
        }

        @Override
        public String operation() {
            return "gated";
        }

        @Override
        protected Iterator<Integer> compute(int split) throws Exception {
            int n = computations.incrementAndGet();
            entered.countDown();
            if (n == 1) {
                assertTrue(release.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS), "released");
                if (failFirst) {
                    throw new IllegalStateException("first computation failed");
                }
            }
            return List.of(1, 2, 3).iterator();
        }
    }

    private static List<Integer> drain(Iterator<Integer> it) {
        List<Integer> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    /** Reads partition 0 on a thread of its own; returns the thread and what it read (or how it failed). */
    private static Thread read(RddNode<Integer> node, CompletableFuture<List<Integer>> result) {
        Thread t = new Thread(() -> {
            try {
                result.complete(drain(node.iterator(0)));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "persist-once-reader");
        t.start();
        return t;
    }

    /** Two readers of partition 0 of {@code node}: the first computing it (held), the second waiting for it. */
    private record Readers(Thread a, Thread b, CompletableFuture<List<Integer>> first,
                           CompletableFuture<List<Integer>> second) {

        void join() throws InterruptedException {
            a.join(TIMEOUT.toMillis());
            b.join(TIMEOUT.toMillis());
        }
    }

    /** Persists {@code node}, starts a reader that computes partition 0 and one more once the first is in. */
    private static Readers twoReaders(Gated node) throws InterruptedException {
        node.persist();
        CompletableFuture<List<Integer>> first = new CompletableFuture<>();
        CompletableFuture<List<Integer>> second = new CompletableFuture<>();
        Thread a = read(node, first);
        assertTrue(node.entered.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        Thread b = read(node, second);
        Wait.until("the second reader to wait (or compute)", () -> b.getState() == Thread.State.WAITING
                || node.computations.get() > 1 || !b.isAlive(), TIMEOUT);
        assertEquals(1, node.computations.get(), "the second reader waits instead of computing");
        return new Readers(a, b, first, second);
    }

    @Test
    void aPartitionAskedForByTwoTasksAtOnceIsComputedOnce() throws Exception {
        Gated node = new Gated(ctx);
        Readers readers = twoReaders(node);
        node.release.countDown();
        assertEquals(List.of(1, 2, 3), readers.first().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        assertEquals(List.of(1, 2, 3), readers.second().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        readers.join();
        assertEquals(1, node.computations.get(), "computed once");
        assertTrue(node.isFullyComputed());
        assertEquals(List.of(1, 2, 3), drain(node.iterator(0)));
        assertEquals(1, node.computations.get(), "a later read comes from the cache");
    }

    @Test
    void whenTheTaskComputingAPartitionFailsTheOneWaitingComputesIt() throws Exception {
        Gated node = new Gated(ctx);
        node.failFirst = true;
        Readers readers = twoReaders(node);
        node.release.countDown();
        readers.join();
        assertTrue(readers.first().isCompletedExceptionally(), "the first reader sees its own failure");
        assertEquals(List.of(1, 2, 3), readers.second().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        assertEquals(2, node.computations.get(), "the waiting reader computed it after the failure");
        assertTrue(node.isFullyComputed());
    }
}
