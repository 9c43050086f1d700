package dev.sluice.streaming;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Says which Kafka topics {@link StreamingContext#kafkaStream} reads, as which consumer group,
 * from where it starts and how fast it may go. Immutable; made with {@link #builder()}.
 *
 * <pre>{@code
 * KafkaSourceConfig config = KafkaSourceConfig.builder()
 *     .bootstrapServers("127.0.0.1:9092")
 *     .topics("clicks", "views")
 *     .groupId("dashboard")
 *     .startingOffsets(KafkaSourceConfig.StartingOffsets.EARLIEST)
 *     .maxRatePerPartition(10_000)
 *     .build();
 * DStream<KafkaRecord> records = ssc.kafkaStream(config);
 * }</pre>
 *
 * <p>The group's committed offsets win over {@link #startingOffsets()}: a stream whose group has
 * committed before continues where the group stopped.
 */
public final class KafkaSourceConfig {

    /** Where a partition without a committed offset for the group starts. */
    public enum StartingOffsets {
        /** At the oldest record the broker still keeps. */
        EARLIEST,
        /** After the last record written before the stream started: only newer records are read. */
        LATEST
    }

    /** Consumer properties that the source sets itself and so cannot be given. */
    private static final Set<String> RESERVED = Set.of("group.id", "bootstrap.servers", "enable.auto.commit",
            "auto.offset.reset", "key.deserializer", "value.deserializer");

    private final String bootstrapServers;
    private final List<String> topics;
    private final String groupId;
    private final StartingOffsets startingOffsets;
    private final long maxRatePerPartition;
    private final Duration requestTimeout;
    private final Duration partitionDiscoveryInterval;
    private final Map<String, String> properties;

    private KafkaSourceConfig(Builder b) {
        this.bootstrapServers = b.bootstrapServers;
        this.topics = List.copyOf(b.topics);
        this.groupId = b.groupId;
        this.startingOffsets = b.startingOffsets;
        this.maxRatePerPartition = b.maxRatePerPartition;
        this.requestTimeout = b.requestTimeout;
        this.partitionDiscoveryInterval = b.partitionDiscoveryInterval;
        this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(b.properties));
    }

    /** Returns a builder; bootstrap servers, at least one topic and a group id are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the brokers to connect to first, as {@code host:port[,host:port...]}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Returns the topics read, in the order given. */
    public List<String> topics() {
        return topics;
    }

    /** Returns the consumer group whose committed offsets the stream starts from and commits to. */
    public String groupId() {
        return groupId;
    }

    /** Returns where partitions without a committed offset start (default {@link StartingOffsets#LATEST}). */
    public StartingOffsets startingOffsets() {
        return startingOffsets;
    }

    /** Returns the most records one batch takes per partition per second of batch interval; 0 means no limit. */
    public long maxRatePerPartition() {
        return maxRatePerPartition;
    }

    /** Returns how long one call to the brokers may take before the source reports it as failed (default 10 s). */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /**
     * Returns how often, at most, the stream looks up the topics' partitions (a topic created or
     * given new partitions is read from the first batch after the next look-up); default 5 s.
     */
    public Duration partitionDiscoveryInterval() {
        return partitionDiscoveryInterval;
    }

    /** Returns the extra Kafka consumer properties (security, client id, fetch sizes, ...). */
    public Map<String, String> properties() {
        return properties;
    }

    /** Returns a one-line description (servers, topics, group). */
    @Override
    public String toString() {
        return "KafkaSourceConfig[" + bootstrapServers + ", topics " + topics + ", group " + groupId + ", "
                + startingOffsets.name().toLowerCase() + (maxRatePerPartition > 0 ? ", max " + maxRatePerPartition + "/s per partition" : "") + "]";
    }

    /** Builds a {@link KafkaSourceConfig}; each setter checks its argument at once. */
    public static final class Builder {
        private String bootstrapServers;
        private final List<String> topics = new ArrayList<>();
        private String groupId;
        private StartingOffsets startingOffsets = StartingOffsets.LATEST;
        private long maxRatePerPartition;
        private Duration requestTimeout = Duration.ofSeconds(10);
        private Duration partitionDiscoveryInterval = Duration.ofSeconds(5);
        private final Map<String, String> properties = new LinkedHashMap<>();

        private Builder() {
        }

        /** Sets the brokers to connect to first, e.g. {@code "127.0.0.1:9092"} (required). */
        public Builder bootstrapServers(String servers) {
            Objects.requireNonNull(servers, "servers");
            if (servers.isBlank()) {
                throw new IllegalArgumentException("bootstrap servers must not be blank; give host:port, e.g. \"127.0.0.1:9092\"");
            }
            this.bootstrapServers = servers.strip();
            return this;
        }

        /** Sets the topics to read, replacing earlier ones (at least one required); new partitions of them are picked up while running. */
        public Builder topics(String... topics) {
            return topics(List.of(topics));
        }

        /** Sets the topics to read, replacing earlier ones (at least one required). */
        public Builder topics(List<String> topics) {
            Objects.requireNonNull(topics, "topics");
            Set<String> unique = new LinkedHashSet<>();
            for (String t : topics) {
                if (t == null || t.isBlank()) {
                    throw new IllegalArgumentException("topic names must not be null or blank, got " + topics);
                }
                unique.add(t);
            }
            this.topics.clear();
            this.topics.addAll(unique);
            return this;
        }

        /** Sets the consumer group the stream starts from and commits completed batches to (required). */
        public Builder groupId(String groupId) {
            Objects.requireNonNull(groupId, "groupId");
            if (groupId.isBlank()) {
                throw new IllegalArgumentException("group id must not be blank");
            }
            this.groupId = groupId;
            return this;
        }

        /** Sets where partitions without a committed offset start (default {@link StartingOffsets#LATEST}). */
        public Builder startingOffsets(StartingOffsets where) {
            this.startingOffsets = Objects.requireNonNull(where, "where");
            return this;
        }

        /**
         * Limits each batch to {@code recordsPerSecond} times the batch interval in seconds per
         * partition (at least one record); a backlog is then read over several batches. 0 (the
         * default) reads everything available at each batch.
         */
        public Builder maxRatePerPartition(long recordsPerSecond) {
            if (recordsPerSecond < 0) {
                throw new IllegalArgumentException("max rate per partition must not be negative, got " + recordsPerSecond);
            }
            this.maxRatePerPartition = recordsPerSecond;
            return this;
        }

        /**
         * Sets how long one call to the brokers may take (default 10 s). Batch generation waits
         * this long at most when the brokers are unreachable; then the batch is empty, the error
         * is reported and the next batch tries again.
         */
        public Builder requestTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.toMillis() < 1) {
                throw new IllegalArgumentException("request timeout must be at least 1 ms, got " + Durations.format(timeout));
            }
            this.requestTimeout = timeout;
            return this;
        }

        /**
         * Sets how often, at most, the stream asks the brokers for the topics' partitions (default
         * 5 s): a topic that appears or gains partitions is read from the first batch after the next
         * look-up, from its beginning. The look-up is a call to the brokers on the thread that
         * defines the batches, so it does not run at every batch; {@link Duration#ZERO} looks up at
         * every batch. While none of the topics has been found, every batch looks.
         */
        public Builder partitionDiscoveryInterval(Duration interval) {
            Objects.requireNonNull(interval, "interval");
            if (interval.isNegative()) {
                throw new IllegalArgumentException("partition discovery interval must not be negative, got " + Durations.format(interval));
            }
            this.partitionDiscoveryInterval = interval;
            return this;
        }

        /**
         * Adds a Kafka consumer property, e.g. {@code property("security.protocol", "SSL")}. The
         * properties the source sets itself ({@value #RESERVED_NAMES}) are refused: use the
         * builder's own setters.
         */
        public Builder property(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            if (RESERVED.contains(name)) {
                throw new IllegalArgumentException("consumer property " + name + " is set by the Kafka source itself; "
                        + "use bootstrapServers(...), groupId(...) or startingOffsets(...) instead");
            }
            properties.put(name, value);
            return this;
        }

        /** The consumer properties {@link #property} refuses. */
        public static final String RESERVED_NAMES =
                "group.id, bootstrap.servers, enable.auto.commit, auto.offset.reset, key.deserializer, value.deserializer";

        /** Builds the configuration; fails with what is missing. */
        public KafkaSourceConfig build() {
            if (bootstrapServers == null) {
                throw new IllegalStateException("bootstrap servers are required: builder().bootstrapServers(\"127.0.0.1:9092\")");
            }
            if (topics.isEmpty()) {
                throw new IllegalStateException("at least one topic is required: builder().topics(\"events\")");
            }
            if (groupId == null) {
                throw new IllegalStateException("a group id is required (completed batches are committed to it): builder().groupId(\"my-app\")");
            }
            return new KafkaSourceConfig(this);
        }
    }
}
