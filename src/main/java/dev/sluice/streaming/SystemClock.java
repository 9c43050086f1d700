package dev.sluice.streaming;

/** A {@link Clock} that reads the system's wall clock. */
public final class SystemClock implements Clock {

    /** The shared instance. */
    public static final SystemClock INSTANCE = new SystemClock();

    @Override
    public long millis() {
        return System.currentTimeMillis();
    }

    @Override
    public long waitTillTime(long targetMillis) throws InterruptedException {
        while (true) {
            long now = System.currentTimeMillis();
            if (now >= targetMillis) {
                return now;
            }
            long left = targetMillis - now;
            Thread.sleep(Math.min(left, left > 50 ? left / 2 : left));
        }
    }
}
