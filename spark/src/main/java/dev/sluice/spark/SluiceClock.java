package dev.sluice.spark;

import dev.sluice.streaming.Clock;

/**
 * Spark's streaming clock over the context's own clock, so that a context built with a
 * {@code ManualClock} runs its batches on Spark exactly when the clock is advanced, as on the
 * embedded engine (Spark makes its clock from {@code spark.streaming.clock}, a class name; the
 * clock it reads is the one of the context starting). Only for a local master: on a cluster the
 * batches follow the driver's system clock.
 */
public final class SluiceClock implements org.apache.spark.util.Clock {

    private static volatile Clock current;

    /** Sets the clock that the next Spark streaming context started in this JVM reads. */
    static void use(Clock clock) {
        current = clock;
    }

    private static Clock clock() {
        Clock c = current;
        if (c == null) {
            throw new IllegalStateException("no Sluice clock was set for Spark's streaming clock");
        }
        return c;
    }

    @Override
    public long getTimeMillis() {
        return clock().millis();
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public long waitTillTime(long targetTime) {
        try {
            return clock().waitTillTime(targetTime);
        } catch (InterruptedException e) {
            throw SluiceClock.<RuntimeException>rethrow(e);    // Spark's timer stops on InterruptedException
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E rethrow(Throwable e) throws E {
        throw (E) e;
    }
}
