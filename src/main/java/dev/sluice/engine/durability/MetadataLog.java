package dev.sluice.engine.durability;

import dev.sluice.streaming.Clock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * The context's log of ingestion events on top of a {@link WriteAheadLog}: each entry is a kind
 * byte and a body written by the component that owns the kind (the block tracker, the file
 * source, the Kafka source), stamped with the context clock in microseconds, the unit of batch times (never decreasing). Recovery reads the entries back and
 * hands each to its owner, which applies it through the same code as when it was written.
 *
 * <p>A write the file system refuses ({@link WalWriteException}) is reported here, once per failed
 * write, to the failure reporter (the context's errors, under the source
 * {@link WalWriteException#SOURCE}), and then thrown; the component that wrote need not report it.
 */
public final class MetadataLog implements AutoCloseable {

    /** Block tracker: a block was added. */
    public static final byte BLOCK_ADDED = 1;
    /** Block tracker: blocks were allocated to a batch. */
    public static final byte BATCH_ALLOCATED = 2;
    /** Block tracker: batches before a time were cleaned. */
    public static final byte BATCH_CLEANED = 3;
    /** File source: the files a batch took. */
    public static final byte FILES_TAKEN = 4;
    /** Kafka source: the offset ranges a batch reads. */
    public static final byte KAFKA_RANGES = 5;

    /** Writes an entry's body. */
    @FunctionalInterface
    public interface BodyWriter {
        /** Writes the body to {@code out}. */
        void write(DataOutputStream out) throws IOException;
    }

    /** One entry read back. */
    public record Entry(byte kind, byte[] body) {
        /** Returns a stream over the body. */
        public DataInputStream in() {
            return new DataInputStream(new ByteArrayInputStream(body));
        }
    }

    private final WriteAheadLog wal;
    private final Clock clock;
    private final BiConsumer<String, WalWriteException> failures;
    private long lastStamp = Long.MIN_VALUE;

    /** Wraps {@code wal}; stamps come from {@code clock}; write failures are only thrown. */
    public MetadataLog(WriteAheadLog wal, Clock clock) {
        this(wal, clock, (line, e) -> { });
    }

    /**
     * Wraps {@code wal}; stamps come from {@code clock}; each write the file system refuses is
     * given to {@code failures} (a line for a person, and the exception) before it is thrown.
     */
    public MetadataLog(WriteAheadLog wal, Clock clock, BiConsumer<String, WalWriteException> failures) {
        this.wal = wal;
        this.clock = clock;
        this.failures = Objects.requireNonNull(failures, "failures");
    }

    /**
     * The line a person reads for {@code e}. It names no segment file and no time, so every
     * repeat of the same failure reads the same and is counted rather than shown again.
     */
    static String describe(WalWriteException e) {
        return "Cannot write to the write-ahead log in " + e.dir() + " (" + WalWriteException.reason(e.getCause()) + "):"
                + " input is left out of batches and received blocks are dropped until it is a writable directory"
                + " on a disk with free space";
    }

    private WalWriteException reported(WalWriteException e) {
        failures.accept(describe(e), e);
        return e;
    }

    /** Returns the underlying log. */
    public WriteAheadLog wal() {
        return wal;
    }

    /** Appends an entry of {@code kind} and returns once it is durable per the log's sync policy. */
    public void write(byte kind, BodyWriter body) throws IOException {
        sync(append(kind, body));
    }

    /** Waits until the entry of {@code ticket} (and every earlier one) is durable per the sync policy. */
    public void sync(long ticket) throws IOException {
        try {
            wal.sync(ticket);
        } catch (WalWriteException e) {
            throw reported(e);
        }
    }

    /**
     * Appends an entry of {@code kind} without waiting for the device; returns a ticket for
     * {@link #sync}. Entries are stamped and read back in the order of the calls.
     */
    public long append(byte kind, BodyWriter body) throws IOException {
        EntryBuffer bytes = BUFFER.get();
        bytes.reset();
        try {
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(kind);
            body.write(out);
            out.flush();
            synchronized (this) {
                long stamp = Math.max(lastStamp, clock.micros());
                lastStamp = stamp;
                try {
                    return wal.append(bytes.array(), 0, bytes.size(), stamp);
                } catch (WalWriteException e) {
                    throw reported(e);
                }
            }
        } finally {
            if (bytes.array().length > EntryBuffer.KEPT) {
                BUFFER.remove();   // a rare large entry's buffer is not kept by the thread
            }
        }
    }

    /** Each thread's buffer for the entries it appends, reused from one entry to the next. */
    private static final ThreadLocal<EntryBuffer> BUFFER = ThreadLocal.withInitial(EntryBuffer::new);

    /** A byte array output stream whose array the log reads in place. */
    private static final class EntryBuffer extends ByteArrayOutputStream {
        /** The largest buffer a thread keeps between entries. */
        static final int KEPT = 1 << 20;

        EntryBuffer() {
            super(4096);
        }

        byte[] array() {
            return buf;
        }
    }

    /** Returns every readable entry, in write order. */
    public List<Entry> readAll() throws IOException {
        List<Entry> out = new ArrayList<>();
        for (byte[] r : wal.readAll()) {
            if (r.length == 0) {
                continue;
            }
            byte[] body = new byte[r.length - 1];
            System.arraycopy(r, 1, body, 0, body.length);
            out.add(new Entry(r[0], body));
        }
        return out;
    }

    /** Drops entries stamped before {@code threshold} (by whole segments). */
    public void clean(long threshold) throws IOException {
        try {
            wal.clean(threshold);
        } catch (WalWriteException e) {
            throw reported(e);
        }
    }

    @Override
    public void close() throws IOException {
        wal.close();
    }
}
