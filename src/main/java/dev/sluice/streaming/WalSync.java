package dev.sluice.streaming;

/**
 * When the write-ahead log forces what it wrote to the storage device ({@code fsync}).
 *
 * <p>Both policies survive a crash of the process (a {@code kill -9}, an {@code OutOfMemoryError}):
 * a record handed to the operating system stays in its page cache and reaches the disk later. Only
 * {@link #ALWAYS} also survives a crash of the machine or a power loss.
 *
 * <pre>{@code
 * StreamingContext.builder().batchInterval(Duration.ofSeconds(1))
 *     .checkpointDir(Path.of("ckpt"))
 *     .walSync(WalSync.NEVER)       // faster; safe against process crashes only
 *     .build();
 * }</pre>
 */
public enum WalSync {
    /**
     * Every write returns only after its record is on the device (writers that arrive together
     * share one {@code fsync}). The default.
     */
    ALWAYS,
    /** Writes return once the operating system has the record; the device is synced when a segment is closed. */
    NEVER
}
