package dev.sluice.streaming;

import dev.sluice.engine.Micros;
import java.time.Duration;

/**
 * A {@link Clock} that moves only when told to, so that tests and the shell's step mode decide
 * exactly when each batch runs.
 *
 * <p>Starts at 0. With a 1 s batch interval, {@code clock.advance(Duration.ofSeconds(1))} makes the
 * context run the batch of time {@code 1000 ms}; {@link StreamingContext#awaitBatch} waits for it.
 * It keeps time to the microsecond, so it also drives batch intervals below a millisecond.
 */
public final class ManualClock implements Clock {

    private long micros;

    /** Creates a clock reading 0. */
    public ManualClock() {
        this(0);
    }

    /** Creates a clock reading {@code startMillis}. */
    public ManualClock(long startMillis) {
        this.micros = Micros.ofMillis(startMillis);
    }

    @Override
    public synchronized long millis() {
        return Micros.toMillis(micros);
    }

    @Override
    public synchronized long micros() {
        return micros;
    }

    /** Moves the clock forward by {@code d} (which must not be negative) and wakes waiting timers. */
    public synchronized void advance(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("cannot move a clock backwards by " + d);
        }
        micros += Micros.of(d);
        notifyAll();
    }

    /** Sets the clock to {@code millis}, which must not be earlier than the current time. */
    public synchronized void setTime(long millis) {
        long to = Micros.ofMillis(millis);
        if (to < micros) {
            throw new IllegalArgumentException("cannot set the clock back from " + Micros.formatMillis(micros) + " to " + millis);
        }
        micros = to;
        notifyAll();
    }

    @Override
    public synchronized long waitTillTime(long targetMillis) throws InterruptedException {
        return Micros.toMillis(waitTillMicros(Micros.ofMillis(targetMillis)));
    }

    @Override
    public synchronized long waitTillMicros(long targetMicros) throws InterruptedException {
        while (micros < targetMicros) {
            wait();
        }
        return micros;
    }

    @Override
    public synchronized String toString() {
        return "ManualClock(" + Micros.formatMillis(micros) + " ms)";
    }
}
