package dev.sluice.streaming;

import java.time.Duration;

/**
 * A {@link Clock} that moves only when told to, so that tests and the shell's step mode decide
 * exactly when each batch runs.
 *
 * <p>Starts at 0. With a 1 s batch interval, {@code clock.advance(Duration.ofSeconds(1))} makes the
 * context run the batch of time {@code 1000 ms}; {@link StreamingContext#awaitBatch} waits for it.
 */
public final class ManualClock implements Clock {

    private long time;

    /** Creates a clock reading 0. */
    public ManualClock() {
        this(0);
    }

    /** Creates a clock reading {@code startMillis}. */
    public ManualClock(long startMillis) {
        this.time = startMillis;
    }

    @Override
    public synchronized long millis() {
        return time;
    }

    /** Moves the clock forward by {@code d} (which must not be negative) and wakes waiting timers. */
    public synchronized void advance(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("cannot move a clock backwards by " + d);
        }
        time += d.toMillis();
        notifyAll();
    }

    /** Sets the clock to {@code millis}, which must not be earlier than the current time. */
    public synchronized void setTime(long millis) {
        if (millis < time) {
            throw new IllegalArgumentException("cannot set the clock back from " + time + " to " + millis);
        }
        time = millis;
        notifyAll();
    }

    @Override
    public synchronized long waitTillTime(long targetMillis) throws InterruptedException {
        while (time < targetMillis) {
            wait();
        }
        return time;
    }

    @Override
    public synchronized String toString() {
        return "ManualClock(" + time + " ms)";
    }
}
