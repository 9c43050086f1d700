package dev.sluice.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@link LatencyFeeder}'s lines written to a Kafka topic: one record per line (the line without its
 * newline as the value, no key), in partition {@code KEY mod partitions} so that a key's records stay
 * in order in one partition. The producer runs in the engine's JVM (the send stamp and the output's
 * time come from one clock) with {@code acks=1} and the given {@code linger.ms}, no idempotence
 * (which would force {@code acks=all}), no compression. A failed send is kept for {@link #failure()}.
 */
final class LatencyKafkaOut implements LatencyFeeder.Out {
    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final int partitions;
    private volatile Exception failure;
    private final Callback callback = (metadata, e) -> {
        if (e != null && failure == null) {
            failure = e;
        }
    };

    LatencyKafkaOut(LatencySource source) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, source.bootstrap());
        p.put(ProducerConfig.ACKS_CONFIG, LatencySource.ACKS);
        p.put(ProducerConfig.LINGER_MS_CONFIG, source.lingerMs());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "w7-feeder");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = source.topic();
        this.partitions = source.partitions();
        // fetch the topic's metadata now, so the first measured send does not wait for it
        int found = producer.partitionsFor(topic).size();
        if (found != partitions) {
            throw new IllegalStateException("topic " + topic + " has " + found + " partitions, " + partitions + " expected");
        }
    }

    @Override
    public void write(byte[] line, int length, int key) {
        // the value is the line without its newline; the producer serializes it before send returns
        producer.send(new ProducerRecord<>(topic, key % partitions, null, Arrays.copyOf(line, length - 1)), callback);
    }

    @Override
    public void flush() {
        // linger.ms decides when a batch leaves; flushing here would wait for the acknowledgements
    }

    /** The first failed send, or null. */
    Exception failure() {
        return failure;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
