package dev.sluice.sources;

import dev.sluice.engine.rdd.RddContext;
import dev.sluice.engine.rdd.RddNode;
import dev.sluice.streaming.KafkaRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * One batch of a Kafka source: one partition per Kafka partition, each the fixed offset range
 * {@code [from, until)} that the batch was given, read from the brokers when the partition is
 * computed. Computing a partition again (a retried task, a window recomputing from lineage) reads
 * the same range, so it yields the same records as long as the brokers keep them.
 *
 * <p>Each computation, on a worker thread, uses a consumer of its own (no group, no commits) and
 * closes it before returning.
 */
public final class KafkaRangeNode extends RddNode<KafkaRecord> {

    private static final AtomicLong READS = new AtomicLong();

    private final List<KafkaOffsetRange> ranges;
    private final Map<String, Object> consumerProperties;
    private final Duration timeout;
    private final String source;

    /**
     * Creates the dataset of {@code ranges}; {@code consumerProperties} configure the reading
     * consumers, and reading stops with an error if no record arrives for {@code timeout}.
     */
    public KafkaRangeNode(RddContext ctx, List<KafkaOffsetRange> ranges, Map<String, Object> consumerProperties,
                          Duration timeout, String source) {
        super(ctx);
        this.ranges = List.copyOf(ranges);
        this.consumerProperties = Map.copyOf(consumerProperties);
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
        return read(range).iterator();
    }

    private List<KafkaRecord> read(KafkaOffsetRange range) {
        TopicPartition tp = new TopicPartition(range.topic(), range.partition());
        List<KafkaRecord> out = new ArrayList<>((int) Math.min(range.count(), 4096));
        Map<String, Object> props = new HashMap<>(consumerProperties);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, props.get(ConsumerConfig.CLIENT_ID_CONFIG) + "-" + READS.incrementAndGet());
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(tp));
            consumer.seek(tp, range.from());
            long next = range.from();
            long lastProgress = System.nanoTime();
            while (next < range.until()) {
                ConsumerRecords<String, String> polled = consumer.poll(Duration.ofMillis(Math.min(500, timeout.toMillis())));
                for (ConsumerRecord<String, String> r : polled.records(tp)) {
                    if (r.offset() >= range.until()) {
                        break;
                    }
                    out.add(new KafkaRecord(r.topic(), r.partition(), r.offset(), r.timestamp(), r.key(), r.value()));
                }
                long position = consumer.position(tp, timeout);
                if (position > next) {
                    next = position;
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > TimeUnit.MILLISECONDS.toNanos(timeout.toMillis())) {
                    throw new KafkaReadException("Kafka source " + source + " could not read " + range + ": no progress at offset "
                            + next + " within " + timeout.toMillis() + " ms; check that the brokers are up and keep these offsets", null);
                }
            }
        } catch (OffsetOutOfRangeException e) {
            throw new KafkaReadException("Kafka source " + source + " could not read " + range
                    + ": the brokers no longer keep these offsets (deleted by retention?)", e);
        }
        return out;
    }

    /** Reading a batch's offset range failed; the message says which range and why. */
    public static final class KafkaReadException extends RuntimeException {
        KafkaReadException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
