package dev.sluice.streaming;

import dev.sluice.engine.Micros;

/**
 * The source of time for a context's batches: {@link SystemClock} in production, {@link ManualClock}
 * in tests and in the shell's step mode.
 *
 * <p>A clock reads milliseconds; one that also reads microseconds ({@link #micros()}) can drive
 * batch intervals that are not whole milliseconds. The defaults read and wait to the millisecond.
 */
public interface Clock {

    /** Returns the current time in milliseconds. */
    long millis();

    /**
     * Blocks until the clock reads at least {@code targetMillis} and returns the time it then reads.
     *
     * @throws InterruptedException if the waiting thread is interrupted
     */
    long waitTillTime(long targetMillis) throws InterruptedException;

    /** Returns the current time in microseconds; by default {@link #millis()} times 1000. */
    default long micros() {
        return Micros.ofMillis(millis());
    }

    /**
     * Blocks until the clock reads at least {@code targetMicros} microseconds and returns the time it
     * then reads, in microseconds; by default waits for the whole millisecond at or after it.
     *
     * @throws InterruptedException if the waiting thread is interrupted
     */
    default long waitTillMicros(long targetMicros) throws InterruptedException {
        return Micros.ofMillis(waitTillTime(Micros.toMillisCeil(targetMicros)));
    }
}
