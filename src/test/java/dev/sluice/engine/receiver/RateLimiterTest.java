package dev.sluice.engine.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.streaming.ManualClock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The token-bucket rate limiter on a manual clock. */
class RateLimiterTest {

    private static void awaitState(Thread t, Thread.State s) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (t.getState() != s) {
            assertTrue(System.nanoTime() < deadline, "thread did not reach " + s);
            t.join(5);
        }
    }

    @Test
    void aFullSecondOfRecordsThenOneRecordPerRateInterval() throws Exception {
        ManualClock clock = new ManualClock();
        RateLimiter limiter = new RateLimiter(clock, 10);
        for (int i = 0; i < 10; i++) {
            assertTrue(limiter.acquire(1, () -> false));
        }
        AtomicInteger done = new AtomicInteger();
        Thread t = new Thread(() -> {
            try {
                limiter.acquire(1, () -> false);
                done.incrementAndGet();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.start();
        awaitState(t, Thread.State.WAITING);
        assertEquals(0, done.get());
        clock.advance(Duration.ofMillis(100));
        t.join(20_000);
        assertEquals(1, done.get());
    }

    @Test
    void aLargeStoreOverdrawsAndLaterOnesWait() throws Exception {
        ManualClock clock = new ManualClock();
        RateLimiter limiter = new RateLimiter(clock, 5);
        assertTrue(limiter.acquire(50, () -> false));
        Thread t = new Thread(() -> {
            try {
                limiter.acquire(1, () -> false);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.start();
        awaitState(t, Thread.State.WAITING);
        clock.advance(Duration.ofSeconds(9));        // 45 of the 46 owed records
        awaitState(t, Thread.State.WAITING);
        clock.advance(Duration.ofMillis(400));
        t.join(20_000);
        assertFalse(t.isAlive());
    }

    @Test
    void aRateRaisedWhileAStoreWaitsAppliesWithinOneWaitSlice() throws Exception {
        ManualClock clock = new ManualClock();
        RateLimiter limiter = new RateLimiter(clock, 100);
        assertTrue(limiter.acquire(1000, () -> false));   // owes 10 s at 100/s
        Thread t = new Thread(() -> {
            try {
                limiter.acquire(1, () -> false);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.start();
        awaitState(t, Thread.State.WAITING);
        limiter.setRate(1_000_000);                      // backpressure raises the rate: the debt is repaid in 1 ms
        clock.advance(Duration.ofMillis(RateLimiter.MAX_WAIT_MS));
        t.join(20_000);
        assertFalse(t.isAlive(), "a store kept waiting out its debt at the old rate");
    }

    @Test
    void unlimitedAndRateChangesAndCancellation() throws Exception {
        ManualClock clock = new ManualClock();
        RateLimiter limiter = new RateLimiter(clock, 0);
        for (int i = 0; i < 10_000; i++) {
            assertTrue(limiter.acquire(1, () -> false));
        }
        limiter.setRate(1);
        assertTrue(limiter.acquire(1, () -> false));
        AtomicBoolean cancelled = new AtomicBoolean();
        AtomicBoolean result = new AtomicBoolean(true);
        Thread t = new Thread(() -> {
            try {
                result.set(limiter.acquire(1, cancelled::get));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.start();
        awaitState(t, Thread.State.WAITING);
        cancelled.set(true);
        limiter.wakeAll();
        t.join(20_000);
        assertFalse(result.get());
        limiter.setRate(0);
        assertTrue(limiter.acquire(100, () -> false));
    }
}
