package dev.sluice.engine.receiver;

import dev.sluice.streaming.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Limits how many records per second a receiver stores, on the context's clock: a token bucket
 * holding at most one second of records, refilled continuously. A store that finds the bucket
 * empty waits; a store of many records may overdraw it, and the next ones wait until it refills.
 * A rate of 0 or less means unlimited. The rate may be changed at any time. Thread-safe.
 */
public final class RateLimiter {

    private final Clock clock;
    /** The longest a store waits before it checks the rate again. */
    static final long MAX_WAIT_MS = 100;

    private final Set<Thread> waiting = ConcurrentHashMap.newKeySet();
    private long rate;
    private double available;
    private long lastRefill;

    /** Creates a limiter of {@code recordsPerSecond} (0 or less: unlimited) with a full bucket. */
    public RateLimiter(Clock clock, long recordsPerSecond) {
        this.clock = clock;
        this.rate = recordsPerSecond;
        this.available = Math.max(0, recordsPerSecond);
        this.lastRefill = clock.millis();
    }

    /** Returns the rate in records per second (0 or less: unlimited). */
    public synchronized long rate() {
        return rate;
    }

    /** Sets the rate (0 or less: unlimited). */
    public synchronized void setRate(long recordsPerSecond) {
        refill(clock.millis());
        long old = rate;
        this.rate = recordsPerSecond;
        if (rate > 0) {
            available = old <= 0 ? rate : Math.min(available, rate);
        }
    }

    private void refill(long now) {
        if (rate > 0 && now > lastRefill) {
            available = Math.min(rate, available + (now - lastRefill) * (double) rate / 1000.0);
        }
        lastRefill = Math.max(lastRefill, now);
    }

    /**
     * Waits until {@code n} records may be stored. Returns false if {@code cancelled} became
     * true while waiting (after {@link #wakeAll}).
     */
    public boolean acquire(int n, java.util.function.BooleanSupplier cancelled) throws InterruptedException {
        while (true) {
            long target;
            synchronized (this) {
                if (rate <= 0) {
                    return true;
                }
                long now = clock.millis();
                refill(now);
                if (available >= Math.min(1.0, n)) {
                    available -= n;
                    return true;
                }
                // at most MAX_WAIT_MS at a time, then again at the rate in force: a rate raised
                // meanwhile (backpressure) must not leave a store waiting out a debt at the old one
                target = now + Math.min(MAX_WAIT_MS, Math.max(1, (long) Math.ceil((1.0 - available) * 1000.0 / rate)));
            }
            if (cancelled.getAsBoolean()) {
                return false;
            }
            Thread me = Thread.currentThread();
            waiting.add(me);
            try {
                clock.waitTillTime(target);
            } catch (InterruptedException e) {
                if (cancelled.getAsBoolean()) {
                    return false;
                }
                throw e;
            } finally {
                waiting.remove(me);
            }
        }
    }

    /** Interrupts the threads waiting in {@link #acquire} so that they re-check cancellation. */
    public void wakeAll() {
        for (Thread t : waiting) {
            t.interrupt();
        }
    }
}
