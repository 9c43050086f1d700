package dev.sluice.engine.receiver;

/**
 * Bounds the estimated bytes of input received but not yet processed (buffered records, blocks
 * waiting for a batch, blocks of batches not yet completed), shared by all receivers of a context.
 *
 * <p>Above the limit, buffered single records are refused (the caller drops and counts them) and
 * stores of whole lists wait until completed batches release memory. One request is always let in
 * when nothing is held, so an oversized list cannot wait forever. Thread-safe.
 */
public final class MemoryBudget {

    private long limit;
    private long used;

    /** Creates a budget of {@code limitBytes} (at least 1). */
    public MemoryBudget(long limitBytes) {
        this.limit = Math.max(1, limitBytes);
    }

    /** Returns the limit in bytes. */
    public synchronized long limit() {
        return limit;
    }

    /** Changes the limit; waiting stores re-check at once. */
    public synchronized void setLimit(long limitBytes) {
        this.limit = Math.max(1, limitBytes);
        notifyAll();
    }

    /** Returns the bytes held. */
    public synchronized long used() {
        return used;
    }

    /** Takes {@code bytes} if they fit; returns false (taking nothing) if not. */
    public synchronized boolean tryAcquire(long bytes) {
        if (used > 0 && used + bytes > limit) {
            return false;
        }
        used += bytes;
        return true;
    }

    /**
     * Waits until {@code bytes} fit, then takes them; returns false (taking nothing) if
     * {@code cancelled} became true first. Re-checks every 100 ms and whenever memory is released.
     */
    public synchronized boolean acquire(long bytes, java.util.function.BooleanSupplier cancelled) throws InterruptedException {
        while (used > 0 && used + bytes > limit) {
            if (cancelled.getAsBoolean()) {
                return false;
            }
            wait(100);
        }
        used += bytes;
        return true;
    }

    /** Takes {@code bytes} even above the limit (recovered blocks that are already in memory). */
    public synchronized void force(long bytes) {
        used += bytes;
    }

    /** Gives back {@code bytes}. */
    public synchronized void release(long bytes) {
        used = Math.max(0, used - bytes);
        notifyAll();
    }

    /** Wakes waiting stores so that they re-check their cancellation. */
    public synchronized void wakeAll() {
        notifyAll();
    }
}
