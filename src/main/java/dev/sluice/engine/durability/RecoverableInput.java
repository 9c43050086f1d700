package dev.sluice.engine.durability;

import java.io.IOException;

/**
 * A source whose progress survives a restart: it logs its own events in the {@link MetadataLog},
 * keeps a small snapshot in each checkpoint, and rebuilds the datasets of past batches that
 * windows still need. Called by the {@link CheckpointManager}: {@link #snapshot} on the job
 * thread, the rest before the context starts.
 */
public interface RecoverableInput {

    /** Returns the source's stable id. */
    String key();

    /** Applies a logged event if it is one of this source's; returns false otherwise. */
    default boolean replay(MetadataLog.Entry entry) throws IOException, ClassNotFoundException {
        return false;
    }

    /** Returns the source's position for a checkpoint, or null. */
    default byte[] snapshot() throws IOException {
        return null;
    }

    /** Restores a position saved by {@link #snapshot}. */
    default void restoreSnapshot(byte[] data) throws IOException, ClassNotFoundException {
    }

    /** Rebuilds the datasets of the source's batches in {@code (from, to]} that are known. */
    void restorePast(long from, long to);

    /**
     * Starts logging this source's events to {@code log}: for a checkpoint directory set after the
     * source was defined (and before the context starts).
     */
    default void useLog(MetadataLog log) {
    }

    /**
     * Returns the earliest batch whose input the source logged and still knows (after
     * {@link #replay}), or {@link Long#MIN_VALUE} if none: with no checkpoint to recover from,
     * batches run again from the earliest logged batch of any source.
     */
    default long earliestLoggedBatch() {
        return Long.MIN_VALUE;
    }

    /** Forgets what it logged about batches before {@code threshold}. */
    default void forgetBefore(long threshold) {
    }
}
