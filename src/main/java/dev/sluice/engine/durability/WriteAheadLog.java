package dev.sluice.engine.durability;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * A durable, append-only log of opaque records, each stamped with a time, read back in write
 * order after a restart; old records are dropped by time.
 *
 * <p>Implementations are thread-safe. {@link FileWriteAheadLog} is the one the engine uses.
 */
public interface WriteAheadLog extends Closeable {

    /**
     * Appends {@code record} stamped with {@code time} (times should not decrease); returns once
     * the record is as durable as the log's sync policy promises.
     */
    default void write(byte[] record, long time) throws IOException {
        sync(append(record, time));
    }

    /**
     * Appends {@code record} stamped with {@code time} without waiting for the device; returns a
     * ticket for {@link #sync}. Records are read back in the order they were appended.
     */
    long append(byte[] record, long time) throws IOException;

    /**
     * As {@link #append(byte[], long)} for the {@code length} bytes of {@code buffer} from {@code
     * offset}; the log has taken them when this returns, so the caller may reuse the buffer.
     */
    default long append(byte[] buffer, int offset, int length, long time) throws IOException {
        return append(java.util.Arrays.copyOfRange(buffer, offset, offset + length), time);
    }

    /** Returns once the record of {@code ticket}, and every record appended before it, is as durable as the sync policy promises. */
    void sync(long ticket) throws IOException;

    /**
     * Returns every readable record in write order. A damaged record (a torn tail after a crash,
     * a checksum mismatch) is skipped; the good records before and after it are returned, and
     * {@link #lastReport()} says what was damaged.
     */
    List<byte[]> readAll() throws IOException;

    /** Returns what the last {@link #readAll} found, or null if this log does not tell. */
    default WalScanner.Report lastReport() {
        return null;
    }

    /** Drops records stamped before {@code threshold} (whole segments; some older records may stay). */
    void clean(long threshold) throws IOException;

    /** Closes the log; later writes fail. */
    @Override
    void close() throws IOException;
}
