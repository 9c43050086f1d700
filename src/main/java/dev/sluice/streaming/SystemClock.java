package dev.sluice.streaming;

import java.time.Instant;
import java.util.concurrent.locks.LockSupport;

/** A {@link Clock} that reads the system's wall clock, to the microsecond. */
public final class SystemClock implements Clock {

    /** The shared instance. */
    public static final SystemClock INSTANCE = new SystemClock();

    /** Below this much left to wait, the waiting thread parks for exactly the rest instead of sleeping half of it. */
    private static final long PARK_BELOW_MICROS = 2_000;

    @Override
    public long millis() {
        return System.currentTimeMillis();
    }

    @Override
    public long micros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }

    @Override
    public long waitTillTime(long targetMillis) throws InterruptedException {
        return waitTillMicros(targetMillis * 1000) / 1000;
    }

    @Override
    public long waitTillMicros(long targetMicros) throws InterruptedException {
        while (true) {
            long now = micros();
            if (now >= targetMicros) {
                return now;
            }
            long left = targetMicros - now;
            if (left >= PARK_BELOW_MICROS) {
                Thread.sleep(left > 100_000 ? left / 2_000 : left / 1_000 - 1);
            } else {
                LockSupport.parkNanos(left * 1000);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        }
    }
}
