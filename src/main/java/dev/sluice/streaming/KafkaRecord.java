package dev.sluice.streaming;

import java.io.Serializable;

/**
 * One record read from a Kafka topic by {@link StreamingContext#kafkaStream}: where it was stored
 * (topic, partition, offset), its timestamp, and its key and value decoded as UTF-8 text.
 *
 * <pre>{@code
 * ssc.kafkaStream(config)
 *    .map(r -> r.topic() + "/" + r.partition() + "@" + r.offset() + " " + r.key() + "=" + r.value())
 *    .print();
 * }</pre>
 *
 * <p>Keys and values are decoded with UTF-8; a producer that sends binary payloads should encode
 * them as text (for example Base64) first. A record without a key (or a tombstone without a
 * value) has a null {@code key} (or {@code value}).
 *
 * @param topic     the topic the record was read from
 * @param partition the partition of the topic
 * @param offset    the record's offset within its partition
 * @param timestamp the record's timestamp in epoch milliseconds (create or log-append time, as
 *                  the topic is configured)
 * @param key       the key as UTF-8 text, or null
 * @param value     the value as UTF-8 text, or null
 */
public record KafkaRecord(String topic, int partition, long offset, long timestamp, String key, String value)
        implements Serializable {

    /** Returns {@code topic-partition@offset key=value}, one line. */
    @Override
    public String toString() {
        return topic + "-" + partition + "@" + offset + " " + key + "=" + value;
    }
}
