package dev.sluice.spark;

import dev.sluice.sources.KafkaOffsetRange;
import dev.sluice.streaming.KafkaRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.spark.Partition;
import org.apache.spark.SparkContext;
import org.apache.spark.TaskContext;
import org.apache.spark.rdd.RDD;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag$;

/**
 * One batch of a Kafka stream on Spark: one Spark partition per Kafka partition, each the fixed
 * offset range {@code [from, until)} the driver planned, read on the executor by a consumer of its
 * own (no group, assign and seek, closed before the task ends). Computing a partition again (a
 * retried task, a window recomputing) reads the same range, so it gives the same
 * {@link KafkaRecord}s while the brokers keep them.
 */
final class KafkaRangeRDD extends RDD<Object> {

    private static final long serialVersionUID = 1L;
    private static final AtomicLong READS = new AtomicLong();

    private final RangePartition[] ranges;
    private final HashMap<String, Object> consumerProperties;
    private final long timeoutMs;
    private final String source;

    KafkaRangeRDD(SparkContext sc, List<KafkaOffsetRange> ranges, Map<String, Object> consumerProperties, Duration timeout, String source) {
        super(sc, Fns.<scala.collection.immutable.Seq<org.apache.spark.Dependency<?>>>cast(scala.collection.immutable.Nil$.MODULE$),
                ClassTag$.MODULE$.apply(Object.class));
        this.ranges = new RangePartition[ranges.size()];
        for (int i = 0; i < this.ranges.length; i++) {
            KafkaOffsetRange r = ranges.get(i);
            this.ranges[i] = new RangePartition(i, r.topic(), r.partition(), r.from(), r.until());
        }
        this.consumerProperties = new HashMap<>(consumerProperties);
        this.timeoutMs = timeout.toMillis();
        this.source = source;
    }

    /** One Kafka partition's offsets {@code [from, until)}. */
    record RangePartition(int index, String topic, int partition, long from, long until) implements Partition {
        @Override
        public int index() {
            return index;
        }

        @Override
        public String toString() {
            return topic + "-" + partition + " [" + from + ", " + until + ")";
        }
    }

    @Override
    public Partition[] getPartitions() {
        return ranges.clone();
    }

    @Override
    public Iterator<Object> compute(Partition split, TaskContext context) {
        RangePartition r = (RangePartition) split;
        if (r.until() <= r.from()) {
            return CollectionConverters.asScala(java.util.Collections.emptyIterator());
        }
        return CollectionConverters.asScala(read(r).iterator());
    }

    private List<Object> read(RangePartition range) {
        TopicPartition tp = new TopicPartition(range.topic(), range.partition());
        List<Object> out = new ArrayList<>((int) Math.min(range.until() - range.from(), 4096));
        Map<String, Object> props = new HashMap<>(consumerProperties);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, props.get(ConsumerConfig.CLIENT_ID_CONFIG) + "-" + READS.incrementAndGet());
        Duration timeout = Duration.ofMillis(timeoutMs);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(tp));
            consumer.seek(tp, range.from());
            long next = range.from();
            long lastProgress = System.nanoTime();
            while (next < range.until()) {
                for (ConsumerRecord<String, String> rec : consumer.poll(Duration.ofMillis(Math.min(500, timeoutMs))).records(tp)) {
                    if (rec.offset() >= range.until()) {
                        break;
                    }
                    out.add(new KafkaRecord(rec.topic(), rec.partition(), rec.offset(), rec.timestamp(), rec.key(), rec.value()));
                }
                long position = consumer.position(tp, timeout);
                if (position > next) {
                    next = position;
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > TimeUnit.MILLISECONDS.toNanos(timeoutMs)) {
                    throw new IllegalStateException("Kafka source " + source + " could not read " + range + " on an executor: no progress at offset "
                            + next + " within " + timeoutMs + " ms; check that the executors reach the brokers and that they keep these offsets");
                }
            }
        } catch (OffsetOutOfRangeException e) {
            throw new IllegalStateException("Kafka source " + source + " could not read " + range
                    + ": the brokers no longer keep these offsets (deleted by retention?)", e);
        }
        return out;
    }
}
