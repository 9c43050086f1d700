package dev.sluice.sources;

import dev.sluice.engine.rdd.RddContext;
import dev.sluice.engine.rdd.RddNode;
import dev.sluice.streaming.KafkaRecord;
import java.time.Duration;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * One batch of a Kafka source: one partition per Kafka partition, each the fixed offset range
 * {@code [from, until)} that the batch was given, read from the brokers when the partition is
 * computed. Computing a partition again (a retried task, a window recomputing from lineage) reads
 * the same range, so it yields the same records as long as the brokers keep them.
 *
 * <p>Each computation, on a worker thread, borrows a consumer (no group, no commits) from the
 * source's {@link KafkaReaderPool} for the time of its read, so consecutive batches of a partition
 * reuse one consumer.
 */
public final class KafkaRangeNode extends RddNode<KafkaRecord> {

    private final List<KafkaOffsetRange> ranges;
    private final KafkaReaderPool readers;
    private final Duration timeout;
    private final String source;

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
    protected Iterator<KafkaRecord> compute(int split) {
        KafkaOffsetRange range = ranges.get(split);
        if (range.count() == 0) {
            return Collections.emptyIterator();
        }
        return readers.read(range, timeout, source).iterator();
    }

    /** Reading a batch's offset range failed; the message says which range and why. */
    public static final class KafkaReadException extends RuntimeException {
        KafkaReadException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
