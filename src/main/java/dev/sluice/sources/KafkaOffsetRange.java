package dev.sluice.sources;

/**
 * The offsets {@code [from, until)} of one Kafka partition that one batch reads: the whole
 * description of a batch partition, so that reading it again yields the same records.
 */
public record KafkaOffsetRange(String topic, int partition, long from, long until) {

    /** Checks that the range is not reversed. */
    public KafkaOffsetRange {
        if (until < from) {
            throw new IllegalArgumentException("offset range of " + topic + "-" + partition + " is reversed: [" + from + ", " + until + ")");
        }
    }

    /** Returns the number of offsets in the range (records, unless compaction or transaction markers left gaps). */
    public long count() {
        return until - from;
    }

    /** Returns {@code topic-partition [from, until)}. */
    @Override
    public String toString() {
        return topic + "-" + partition + " [" + from + ", " + until + ")";
    }
}
