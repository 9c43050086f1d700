package dev.sluice.sources;

import dev.sluice.streaming.KafkaRecord;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the consumers that read one Kafka source's offset ranges, so that consecutive batches read a
 * partition with the consumer that read its previous range instead of opening a new one (whose
 * creation, metadata lookup and first fetch cost far more than a small batch's interval). Each
 * consumer is assigned one partition and read by one thread at a time: a read borrows an idle
 * consumer of the range's partition, preferring one already positioned at the range's start (it
 * continues from its buffered and prefetched records), else seeks one, else opens a new one; the
 * consumer goes back to the pool after a complete read and is closed after a failed one.
 *
 * <p>A consumer keeps the records it polled past the end of the range it was reading, so the next
 * range of its partition starts from them. Reading a range yields exactly the records with offsets
 * in {@code [from, until)}, whatever gaps compaction or transaction markers left.
 *
 * <p>Thread-safe. {@link #close} closes the idle consumers; a consumer still reading is closed when
 * its read ends, and reads after the close use a consumer of their own that they close.
 */
public final class KafkaReaderPool implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaReaderPool.class);
    /** The most idle consumers kept per partition (a partition is read by more than one thread only when batches overlap). */
    private static final int IDLE_PER_PARTITION = 2;

    private final Map<String, Object> properties;
    private final String clientId;
    private final AtomicLong opened = new AtomicLong();
    private final Map<TopicPartition, ArrayDeque<Reader>> idle = new HashMap<>();
    private int open;
    private boolean closed;

    /** Creates an empty pool whose consumers have {@code properties}; their client ids start with the properties' client id. */
    public KafkaReaderPool(Map<String, Object> properties) {
        this.properties = Map.copyOf(properties);
        this.clientId = String.valueOf(properties.get(ConsumerConfig.CLIENT_ID_CONFIG));
    }

    /**
     * Reads the records of {@code range}, failing with a {@link KafkaRangeNode.KafkaReadException} if no
     * progress is made for {@code timeout} or the brokers no longer keep the offsets; {@code source} names
     * the stream in messages.
     */
    public List<KafkaRecord> read(KafkaOffsetRange range, Duration timeout, String source) {
        TopicPartition tp = new TopicPartition(range.topic(), range.partition());
        Reader reader = borrow(tp, range.from());
        boolean ok = false;
        try {
            List<KafkaRecord> out = reader.read(range, timeout, source);
            ok = true;
            return out;
        } finally {
            if (ok) {
                giveBack(reader);
            } else {
                discard(reader);
            }
        }
    }

    /** Returns how many consumers are open (idle or reading). */
    public synchronized int openConsumers() {
        return open;
    }

    /** Returns how many consumers this pool has opened since it was made. */
    public long openedConsumers() {
        return opened.get();
    }

    /** Closes the idle consumers; consumers still reading close when their read ends. Idempotent. */
    @Override
    public void close() {
        List<Reader> toClose = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            for (ArrayDeque<Reader> readers : idle.values()) {
                toClose.addAll(readers);
            }
            idle.clear();
        }
        for (Reader r : toClose) {
            discard(r);
        }
    }

    private Reader borrow(TopicPartition tp, long from) {
        synchronized (this) {
            ArrayDeque<Reader> readers = idle.get(tp);
            if (readers != null && !readers.isEmpty()) {
                for (Iterator<Reader> it = readers.iterator(); it.hasNext(); ) {
                    Reader r = it.next();
                    if (r.nextOffset == from) {
                        it.remove();
                        return r;
                    }
                }
                return readers.pollFirst();
            }
            open++;
        }
        Map<String, Object> props = new HashMap<>(properties);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-" + opened.incrementAndGet());
        try {
            return new Reader(tp, new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer()));
        } catch (RuntimeException | Error e) {
            synchronized (this) {
                open--;
            }
            throw e;
        }
    }

    private void giveBack(Reader reader) {
        synchronized (this) {
            if (!closed) {
                ArrayDeque<Reader> readers = idle.computeIfAbsent(reader.tp, k -> new ArrayDeque<>(IDLE_PER_PARTITION));
                if (readers.size() < IDLE_PER_PARTITION) {
                    readers.addFirst(reader);
                    return;
                }
            }
        }
        discard(reader);
    }

    private void discard(Reader reader) {
        try {
            reader.consumer.close(Duration.ZERO);
        } catch (InterruptException e) {
            Thread.currentThread().interrupt();
        } catch (KafkaException e) {
            LOG.warn("closing the Kafka consumer that read {} failed", reader.tp, e);
        } finally {
            synchronized (this) {
                open--;
            }
        }
    }

    /** One consumer assigned one partition, with the records it polled but has not handed out yet. */
    private static final class Reader {
        final TopicPartition tp;
        final KafkaConsumer<String, String> consumer;
        /** Polled records not handed out yet, in offset order: every record from {@link #nextOffset} up to the consumer's position. */
        final ArrayDeque<ConsumerRecord<String, String>> buffered = new ArrayDeque<>();
        /** The offset the next read continues from without a seek (-1: not positioned). */
        long nextOffset = -1;

        Reader(TopicPartition tp, KafkaConsumer<String, String> consumer) {
            this.tp = tp;
            this.consumer = consumer;
            consumer.assign(List.of(tp));
        }

        List<KafkaRecord> read(KafkaOffsetRange range, Duration timeout, String source) {
            long from = range.from();
            long until = range.until();
            if (nextOffset != from) {
                consumer.seek(tp, from);
                buffered.clear();
                nextOffset = from;
            }
            List<KafkaRecord> out = new ArrayList<>((int) Math.min(range.count(), 4096));
            long timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeout.toMillis());
            long lastPosition = -1;
            long lastProgress = System.nanoTime();
            try {
                while (true) {
                    ConsumerRecord<String, String> r;
                    while ((r = buffered.peekFirst()) != null) {
                        if (r.offset() >= until) {
                            nextOffset = until;
                            return out;
                        }
                        buffered.pollFirst();
                        out.add(new KafkaRecord(r.topic(), r.partition(), r.offset(), r.timestamp(), r.key(), r.value()));
                        nextOffset = r.offset() + 1;
                    }
                    // nothing buffered: every record below the consumer's position has been handed out
                    long position = consumer.position(tp, timeout);
                    if (position >= until) {
                        nextOffset = until;
                        return out;
                    }
                    if (position > lastPosition) {
                        lastPosition = position;
                        lastProgress = System.nanoTime();
                    } else if (System.nanoTime() - lastProgress > timeoutNanos) {
                        throw new KafkaRangeNode.KafkaReadException("Kafka source " + source + " could not read " + range
                                + ": no progress at offset " + position + " within " + timeout.toMillis()
                                + " ms; check that the brokers are up and keep these offsets", null);
                    }
                    for (ConsumerRecord<String, String> polled : consumer.poll(Duration.ofMillis(Math.min(500, timeout.toMillis()))).records(tp)) {
                        buffered.addLast(polled);
                    }
                }
            } catch (OffsetOutOfRangeException e) {
                throw new KafkaRangeNode.KafkaReadException("Kafka source " + source + " could not read " + range
                        + ": the brokers no longer keep these offsets (deleted by retention?)", e);
            }
        }
    }
}
