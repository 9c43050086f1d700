package dev.sluice.engine.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The memory budget for unprocessed input. */
class MemoryBudgetTest {

    @Test
    void refusesAboveTheLimitButAlwaysAdmitsWhenEmpty() {
        MemoryBudget b = new MemoryBudget(100);
        assertTrue(b.tryAcquire(1_000), "an oversized request is let in when nothing is held");
        assertFalse(b.tryAcquire(1));
        b.release(1_000);
        assertTrue(b.tryAcquire(60));
        assertTrue(b.tryAcquire(40));
        assertFalse(b.tryAcquire(1));
        b.setLimit(200);
        assertTrue(b.tryAcquire(100));
        assertEquals(200, b.used());
    }

    @Test
    void aWaitingAcquireProceedsOnReleaseOrGivesUpWhenCancelled() throws Exception {
        MemoryBudget b = new MemoryBudget(10);
        b.force(10);
        AtomicBoolean got = new AtomicBoolean();
        Thread t = new Thread(() -> {
            try {
                got.set(b.acquire(5, () -> false));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.start();
        b.release(10);
        t.join(20_000);
        assertTrue(got.get());
        b.force(100);
        AtomicBoolean cancelled = new AtomicBoolean();
        AtomicBoolean result = new AtomicBoolean(true);
        Thread u = new Thread(() -> {
            try {
                result.set(b.acquire(5, cancelled::get));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        u.start();
        cancelled.set(true);
        b.wakeAll();
        u.join(20_000);
        assertFalse(result.get());
    }

    @Test
    void sizeEstimatesFollowTheData() {
        assertTrue(SizeEstimator.estimate("x".repeat(1000)) > SizeEstimator.estimate("x"));
        assertTrue(SizeEstimator.estimate("é".repeat(10)) >= SizeEstimator.estimate("e".repeat(10)));
        assertTrue(SizeEstimator.estimate(new byte[4096]) > 4096);
        assertEquals(SizeEstimator.estimate(1L), SizeEstimator.estimate(2));
        assertTrue(SizeEstimator.estimate(dev.sluice.streaming.Pair.of("key", 1L)) > SizeEstimator.estimate("key"));
        assertTrue(SizeEstimator.estimate(new Object()) > 0);
    }
}
