package dev.sluice.engine.scheduler;

import dev.sluice.streaming.Clock;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls back at every multiple of a period on a {@link Clock}, on its own thread, never skipping
 * a time: if the clock jumps ahead by several periods, each time is called back in order. Times and
 * the period are microseconds.
 */
public final class RecurringTimer {

    private static final Logger LOG = LoggerFactory.getLogger(RecurringTimer.class);

    private final Clock clock;
    private final long periodMicros;
    private final LongConsumer callback;
    private final String name;
    private volatile Thread thread;
    private volatile boolean stopped;
    private volatile long nextTime;

    /** Creates a stopped timer. */
    public RecurringTimer(Clock clock, long periodMicros, LongConsumer callback, String name) {
        this.clock = clock;
        this.periodMicros = periodMicros;
        this.callback = callback;
        this.name = name;
    }

    /** Returns the first multiple of the period strictly after the clock's current time. */
    public long firstTime() {
        return (Math.floorDiv(clock.micros(), periodMicros) + 1) * periodMicros;
    }

    /** Starts calling back at {@code startTime}, then every period. */
    public synchronized void start(long startTime) {
        nextTime = startTime;
        Thread t = EngineThreads.newThread(this::loop, name);
        thread = t;
        t.start();
    }

    private void loop() {
        try {
            while (!stopped) {
                clock.waitTillMicros(nextTime);
                if (stopped) {
                    break;
                }
                callback.accept(nextTime);
                nextTime += periodMicros;
            }
        } catch (InterruptedException e) {
            LOG.debug("Timer {} interrupted", name);
        }
    }

    /** Returns the next time to be called back. */
    public long nextTime() {
        return nextTime;
    }

    /** Stops the timer and waits for its thread; a callback under way completes first. */
    public void stop() {
        stopped = true;
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            t.interrupt();
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
