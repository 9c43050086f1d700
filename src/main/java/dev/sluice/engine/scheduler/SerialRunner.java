package dev.sluice.engine.scheduler;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs queued work one item at a time, in order, on its own thread: the job scheduler's batches.
 *
 * <p>Handing an item over takes no lock: it goes into a lock-free queue, and the thread, when it
 * ran out of work, parks until {@link #execute} wakes it. A batch every millisecond thus costs the
 * job generator the queue's node, not a lock and a condition as a thread pool's queue would.
 *
 * <p>Threading: {@link #execute} is called by one thread at a time (the job generator's, or the
 * stopping thread after the generator stopped) and not concurrently with {@link #shutdown} or
 * {@link #shutdownNow}.
 */
final class SerialRunner {

    private static final Logger LOG = LoggerFactory.getLogger(SerialRunner.class);
    private static final int RUNNING = 0;
    private static final int DRAINING = 1;
    private static final int STOPPED = 2;

    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private final AtomicBoolean started = new AtomicBoolean();
    /** True while the thread is parked or about to park, waiting for work. */
    private volatile boolean waiting;
    private volatile int state = RUNNING;

    /** Creates the runner; its thread starts with the first item. */
    SerialRunner(String name) {
        thread = EngineThreads.newThread(this::loop, name);
    }

    /** Queues {@code work}; throws {@link RejectedExecutionException} once shut down. */
    void execute(Runnable work) {
        if (state != RUNNING) {
            throw new RejectedExecutionException("the job scheduler was stopped; no more batches run");
        }
        queue.add(work);
        if (!started.get() && started.compareAndSet(false, true)) {
            thread.start();
        }
        if (waiting) {
            waiting = false;
            LockSupport.unpark(thread);
        }
    }

    private void loop() {
        while (state != STOPPED) {
            Runnable work = queue.poll();
            if (work == null) {
                if (state == DRAINING) {
                    return;
                }
                // announce the wait, then look once more: work queued before the announcement is
                // seen here, and execute() after it sees the flag and unparks this thread
                waiting = true;
                work = queue.poll();
                if (work == null) {
                    if (state == RUNNING) {
                        LockSupport.park(this);
                        if (state == RUNNING) {
                            // an interrupt while idle is aimed at no batch; left set, it would make
                            // every later park return at once and this thread spin
                            Thread.interrupted();
                        }
                    }
                    continue;
                }
                waiting = false;
            }
            try {
                work.run();
            } catch (Throwable e) {
                LOG.error("A batch failed outside its jobs", e);
            }
            if (state != STOPPED) {
                Thread.interrupted();   // an interrupt aimed at the batch that ended must not hit the next
            }
        }
    }

    /** Runs what is queued, then ends the thread; no more work is accepted. */
    void shutdown() {
        if (state == RUNNING) {
            state = DRAINING;
        }
        LockSupport.unpark(thread);
    }

    /** Drops what is queued, interrupts the work under way and ends the thread. */
    void shutdownNow() {
        state = STOPPED;
        queue.clear();
        if (started.get()) {
            thread.interrupt();
        }
        LockSupport.unpark(thread);
    }

    /** Waits up to {@code millis} for the thread to end; true if it ended (or never started). */
    boolean awaitTermination(long millis) throws InterruptedException {
        if (!started.get()) {
            return true;
        }
        thread.join(Math.max(1, millis));
        return !thread.isAlive();
    }
}
