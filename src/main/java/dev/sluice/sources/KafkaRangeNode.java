package dev.sluice.sources;

import dev.sluice.engine.rdd.RddContext;
import dev.sluice.engine.rdd.RddNode;
import dev.sluice.streaming.KafkaRecord;
import java.time.Duration;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One batch of a Kafka source: one partition per Kafka partition, each the fixed offset range
 * {@code [from, until)} that the batch was given, read from the brokers when the partition is
 * computed. A dataset made again for the same batch (after a restart, from the write-ahead log or a
 * checkpoint) reads the same ranges, so it yields the same records as long as the brokers keep them.
 *
 * <p>A partition is read from the brokers once: the node keeps the records it read, and computing
 * the partition again (a second output or branch of the same batch, a join of the stream with its
 * own window, a retried task) takes them from memory for as long as the node lives (the stream
 * remembers its batches as long as a window or an output needs them). Two tasks that ask for the
 * same partition at once wait for one read.
 *
 * <p>Each read, on a worker thread, borrows a consumer (no group, no commits) from the source's
 * {@link KafkaReaderPool} for the time of its read, so consecutive batches of a partition reuse one
 * consumer.
 */
public final class KafkaRangeNode extends RddNode<KafkaRecord> {

    private final List<KafkaOffsetRange> ranges;
    private final KafkaReaderPool readers;
    private final Duration timeout;
    private final String source;
    /** Per partition: null (not read), a {@link Reading} under way, or the records read; made at the first read. */
    private volatile AtomicReferenceArray<Object> read;

    /**
     * Creates the dataset of {@code ranges}, read with the source's consumers in {@code readers};
     * reading stops with an error if no record arrives for {@code timeout}.
     */
    public KafkaRangeNode(RddContext ctx, List<KafkaOffsetRange> ranges, KafkaReaderPool readers, Duration timeout, String source) {
        super(ctx);
        this.ranges = List.copyOf(ranges);
        this.readers = readers;
        this.timeout = timeout;
        this.source = source;
    }

    /** Returns the offset ranges, one per partition of this dataset. */
    public List<KafkaOffsetRange> ranges() {
        return ranges;
    }

    /** Returns the number of offsets over all ranges. */
    public long size() {
        long n = 0;
        for (KafkaOffsetRange r : ranges) {
            n += r.count();
        }
        return n;
    }

    @Override
    public int numPartitions() {
        return ranges.size();
    }

    @Override
    public String operation() {
        return "kafka " + ranges;
    }

    @Override
    protected Iterator<KafkaRecord> compute(int split) throws InterruptedException {
        KafkaOffsetRange range = ranges.get(split);
        if (range.count() == 0) {
            return Collections.emptyIterator();
        }
        return records(split, range).iterator();
    }

    /** The records of partition {@code split}: read once, then kept. */
    @SuppressWarnings("unchecked")
    private List<KafkaRecord> records(int split, KafkaOffsetRange range) throws InterruptedException {
        AtomicReferenceArray<Object> kept = keptRecords();
        while (true) {
            Object state = kept.get(split);
            if (state instanceof List<?> records) {
                return (List<KafkaRecord>) records;
            }
            if (state instanceof Reading reading) {
                reading.done.await();   // another task reads it; take its records, or read again if it failed
                continue;
            }
            Reading mine = new Reading();
            if (!kept.compareAndSet(split, null, mine)) {
                continue;
            }
            List<KafkaRecord> records = null;
            try {
                records = readers.read(range, timeout, source);
                return records;
            } finally {
                kept.set(split, records);   // null after a failure: the next computation reads again
                mine.done.countDown();
            }
        }
    }

    private AtomicReferenceArray<Object> keptRecords() {
        AtomicReferenceArray<Object> kept = read;
        if (kept == null) {
            synchronized (this) {
                kept = read;
                if (kept == null) {
                    kept = new AtomicReferenceArray<>(ranges.size());
                    read = kept;
                }
            }
        }
        return kept;
    }

    /** A read of one partition under way. */
    private static final class Reading {
        final CountDownLatch done = new CountDownLatch(1);
    }

    /** Reading a batch's offset range failed; the message says which range and why. */
    public static final class KafkaReadException extends RuntimeException {
        KafkaReadException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
