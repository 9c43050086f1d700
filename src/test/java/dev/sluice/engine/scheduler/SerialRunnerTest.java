package dev.sluice.engine.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@link SerialRunner}: in order, one at a time, drained by shutdown, cut short by shutdownNow. */
class SerialRunnerTest {

    private static final long WAIT_MS = 20_000;

    @Test
    void runsEveryItemInOrderAndShutdownDrainsTheQueue() throws Exception {
        SerialRunner runner = new SerialRunner("serial-test");
        List<Integer> ran = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch gate = new CountDownLatch(1);
        runner.execute(() -> await(gate));
        for (int i = 0; i < 1000; i++) {
            int n = i;
            runner.execute(() -> ran.add(n));
        }
        runner.shutdown();
        gate.countDown();
        assertTrue(runner.awaitTermination(WAIT_MS), "the runner did not end after its queue");
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            expected.add(i);
        }
        assertEquals(expected, ran);
        assertThrows(RejectedExecutionException.class, () -> runner.execute(() -> ran.add(-1)));
    }

    @Test
    void itemsQueuedWhileTheThreadWaitsAreRunToo() throws Exception {
        SerialRunner runner = new SerialRunner("serial-test");
        // each item is queued after the previous one ran, so the thread has parked in between
        for (int i = 0; i < 200; i++) {
            CountDownLatch done = new CountDownLatch(1);
            runner.execute(done::countDown);
            assertTrue(done.await(WAIT_MS, TimeUnit.MILLISECONDS), "item " + i + " did not run");
        }
        runner.shutdown();
        assertTrue(runner.awaitTermination(WAIT_MS));
    }

    @Test
    void shutdownNowInterruptsTheItemUnderWayAndDropsTheRest() throws Exception {
        SerialRunner runner = new SerialRunner("serial-test");
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        List<String> ran = Collections.synchronizedList(new ArrayList<>());
        runner.execute(() -> {
            started.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
        });
        runner.execute(() -> ran.add("dropped"));
        assertTrue(started.await(WAIT_MS, TimeUnit.MILLISECONDS));
        runner.shutdownNow();
        assertTrue(interrupted.await(WAIT_MS, TimeUnit.MILLISECONDS), "the item under way was not interrupted");
        assertTrue(runner.awaitTermination(WAIT_MS));
        assertEquals(List.of(), ran);
    }

    @Test
    void aFailingItemDoesNotStopTheOnesAfterIt() throws Exception {
        SerialRunner runner = new SerialRunner("serial-test");
        CountDownLatch after = new CountDownLatch(1);
        runner.execute(() -> {
            throw new IllegalStateException("failed on purpose");
        });
        runner.execute(after::countDown);
        assertTrue(after.await(WAIT_MS, TimeUnit.MILLISECONDS));
        runner.shutdown();
        assertTrue(runner.awaitTermination(WAIT_MS));
    }

    @Test
    void aRunnerThatNeverRanAnythingEndsAtOnce() throws Exception {
        SerialRunner runner = new SerialRunner("serial-test");
        runner.shutdownNow();
        assertTrue(runner.awaitTermination(1));
    }

    @Test
    void anInterruptWhileIdleIsClearedSoTheThreadWaitsAndLaterItemsRun() throws Exception {
        SerialRunner runner = new SerialRunner("serial-test");
        AtomicReference<Thread> worker = new AtomicReference<>();
        CountDownLatch first = new CountDownLatch(1);
        runner.execute(() -> {
            worker.set(Thread.currentThread());
            first.countDown();
        });
        await(first);
        Thread t = worker.get();
        t.interrupt();
        // a parked thread returns from park at once while its interrupt is set, so a thread that
        // kept the flag would spin; the runner clears it and waits again
        assertTrue(within(() -> !t.isInterrupted()), "the idle thread kept its interrupt (and spins in park)");
        CountDownLatch second = new CountDownLatch(1);
        runner.execute(second::countDown);
        await(second);
        runner.shutdown();
        assertTrue(runner.awaitTermination(WAIT_MS));
    }

    /** True once {@code condition} holds, checked until {@link #WAIT_MS} have passed. */
    private static boolean within(java.util.function.BooleanSupplier condition) {
        long end = System.nanoTime() + WAIT_MS * 1_000_000;
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.onSpinWait();
        }
        return false;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
