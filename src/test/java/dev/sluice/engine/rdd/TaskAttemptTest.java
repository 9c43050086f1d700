package dev.sluice.engine.rdd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.sluice.engine.scheduler.TaskPool;

/** Which task failures are tried again from lineage. */
class TaskAttemptTest {

    private final TaskPool pool = new TaskPool("attempt-test", 2);
    private final RddContext ctx = new RddContext(pool, 2, 3);

    @AfterEach
    void tearDown() {
        pool.shutdown();
    }

    @Test
    void aFailingTaskIsTriedUpToTheConfiguredAttempts() {
        AtomicInteger calls = new AtomicInteger();
        IllegalStateException failure = new IllegalStateException("boom");
        assertSame(failure, assertThrows(IllegalStateException.class, () -> ctx.attempt(() -> {
            calls.incrementAndGet();
            throw failure;
        })));
        assertEquals(3, calls.get());
        assertFalse(Thread.currentThread().isInterrupted());
    }

    @Test
    void aUserFunctionInterruptedWhileWaitingFailsItsTaskOnceAndKeepsTheInterrupt() {
        AtomicInteger calls = new AtomicInteger();
        UserFunctionException e = assertThrows(UserFunctionException.class, () -> ctx.attempt(() -> {
            calls.incrementAndGet();
            // what a user function's checked InterruptedException becomes when a cancelled task's wait ends
            throw new UserFunctionException(new InterruptedException());
        }));
        assertTrue(e.getCause() instanceof InterruptedException);
        assertEquals(1, calls.get(), "a cancelled task is not recomputed");
        assertTrue(Thread.interrupted(), "the interrupt is restored for the task's caller");
    }
}
