package dev.sluice.streaming;

/**
 * The source of time for a context's batches: {@link SystemClock} in production, {@link ManualClock}
 * in tests and in the shell's step mode.
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
}
