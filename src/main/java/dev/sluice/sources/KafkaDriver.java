package dev.sluice.sources;

import dev.sluice.sources.KafkaOffsetPlanner.Partition;
import dev.sluice.streaming.KafkaSourceConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver side of a Kafka stream read without a receiver, shared by the embedded engine's
 * {@link KafkaSource} and the Spark runner's input stream: the driver's consumer (a member of the
 * group, which fetches no records), finding the topics' partitions and where each starts, the end
 * offsets a batch is planned up to, committing completed batches, and the properties of the
 * consumers that read the ranges. The bookkeeping is the {@link KafkaOffsetPlanner}'s.
 *
 * <p>Planning a batch makes one call to the brokers (the end offsets); the partitions are looked up
 * at most once per {@link KafkaSourceConfig#partitionDiscoveryInterval()} of batch time, and
 * completed batches are committed asynchronously (the answer is taken at a later call of the
 * consumer; a failed commit is sent again by the next one), so batch generation does not wait for
 * the group coordinator. {@link #close} commits synchronously.
 *
 * <p>Not thread-safe: its owner calls it under its own lock. Broker calls throw
 * {@link KafkaException}; the owner decides what a failure means for its batch.
 */
public final class KafkaDriver {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaDriver.class);
    /** How long (in batch time) offsets sent but not confirmed wait before they are sent again while nothing new completes. */
    private static final long RECONFIRM_MICROS = 1_000_000;

    /** Where failures go (the context's recentErrors()). */
    public interface ErrorSink {
        /** Reports {@code error}, described by {@code message}. */
        void report(String message, Throwable error);
    }

    private final KafkaSourceConfig config;
    private final KafkaOffsetPlanner planner;
    private final String clientId;
    private final Supplier<String> name;
    private final ErrorSink errors;
    private final Set<String> missingTopicsReported = new HashSet<>();
    private final long discoveryIntervalMicros;
    private KafkaConsumer<byte[], byte[]> consumer;
    private boolean initialized;
    /** The batch time ({@code through}) of the last commit sent. */
    private long lastCommitSent = Long.MIN_VALUE;
    /** The batch time of the last successful partition look-up of {@link #plan}. */
    private long lastDiscovery = Long.MIN_VALUE;

    /**
     * Creates the driver side of a stream, planning batches of {@code batchIntervalMicros}; its consumers'
     * client ids start with {@code clientId}, and {@code name} names the stream in messages (it may
     * change after a stream is named).
     */
    public KafkaDriver(KafkaSourceConfig config, long batchIntervalMicros, String clientId, Supplier<String> name, ErrorSink errors) {
        this.config = config;
        this.planner = new KafkaOffsetPlanner(config.maxRatePerPartition(), batchIntervalMicros);
        this.clientId = clientId;
        this.name = name;
        this.errors = errors;
        this.discoveryIntervalMicros = dev.sluice.engine.Micros.of(config.partitionDiscoveryInterval());
    }

    /** Returns the offset planner (positions, planned and committed batches). */
    public KafkaOffsetPlanner planner() {
        return planner;
    }

    /** Returns the configuration. */
    public KafkaSourceConfig config() {
        return config;
    }

    /**
     * Notes that the positions came from a checkpoint or the write-ahead log: the starting-offsets
     * policy ("latest") no longer applies to partitions found later, which start at their beginning.
     */
    public void positionsRestored() {
        initialized = true;
    }

    /**
     * Looks up the topics' partitions: forgets those gone, and starts the new ones from the group's
     * committed offset, else by the starting-offsets policy (the first time) or at their beginning.
     */
    public void refreshPartitions() {
        KafkaConsumer<byte[], byte[]> c = consumer();
        Map<String, List<PartitionInfo>> all = c.listTopics(config.requestTimeout());
        List<Partition> existing = new ArrayList<>();
        for (String topic : config.topics()) {
            List<PartitionInfo> infos = all.get(topic);
            if (infos == null || infos.isEmpty()) {
                if (missingTopicsReported.add(topic)) {
                    LOG.warn("Kafka source {}: topic {} does not exist (yet); it is read once it does", name.get(), topic);
                }
                continue;
            }
            missingTopicsReported.remove(topic);
            for (PartitionInfo info : infos) {
                existing.add(new Partition(info.topic(), info.partition()));
            }
        }
        planner.retain(existing);
        List<TopicPartition> fresh = new ArrayList<>();
        for (Partition p : existing) {
            if (!planner.knows(p)) {
                fresh.add(tp(p));
            }
        }
        if (fresh.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> committed = c.committed(new HashSet<>(fresh), config.requestTimeout());
        boolean useLatest = !initialized && config.startingOffsets() == KafkaSourceConfig.StartingOffsets.LATEST;
        Map<TopicPartition, Long> defaults = useLatest ? c.endOffsets(fresh, config.requestTimeout())
                : c.beginningOffsets(fresh, config.requestTimeout());
        for (TopicPartition tp : fresh) {
            OffsetAndMetadata om = committed.get(tp);
            Partition p = new Partition(tp.topic(), tp.partition());
            if (om != null) {
                planner.start(p, om.offset(), true);
            } else {
                planner.start(p, defaults.get(tp), false);
            }
        }
        initialized = true;
        LOG.info("Kafka source {} reads {} from {}", name.get(), fresh, planner.positions());
    }

    /**
     * Plans batch {@code time} up to the partitions' end offsets, first looking up the partitions
     * if the last look-up was a discovery interval or more before {@code time} (or none is known).
     */
    public List<KafkaOffsetRange> plan(long time) {
        if (!planner.hasPartitions() || lastDiscovery == Long.MIN_VALUE || time - lastDiscovery >= discoveryIntervalMicros) {
            refreshPartitions();
            lastDiscovery = time;
        }
        return planner.plan(time, endOffsets());
    }

    private Map<Partition, Long> endOffsets() {
        List<TopicPartition> tps = new ArrayList<>();
        for (Partition p : planner.partitions()) {
            tps.add(tp(p));
        }
        if (tps.isEmpty()) {
            return Map.of();
        }
        Map<Partition, Long> ends = new HashMap<>();
        consumer().endOffsets(tps, config.requestTimeout())
                .forEach((tp, end) -> ends.put(new Partition(tp.topic(), tp.partition()), end));
        return ends;
    }

    /**
     * Commits the ranges of the batches completed up to {@code through} asynchronously: the commit
     * is sent and its answer taken by a later call of the consumer. A failure is reported, and the
     * same offsets are sent again by a later call (unless a later commit already carries them).
     */
    public void commit(long through) {
        Map<Partition, Long> offsets = planner.toCommit(through);
        if (offsets.isEmpty()) {
            planner.committing(through, offsets);
            // The consumer answers a commit only at a later commit: with nothing new to commit, the
            // offsets still unconfirmed are sent again now and then, which also takes the answers.
            if (lastCommitSent != Long.MIN_VALUE && through - lastCommitSent < RECONFIRM_MICROS) {
                return;
            }
            offsets = planner.unconfirmed();
            if (offsets.isEmpty()) {
                return;
            }
        }
        sendCommit(through, offsets);
    }

    private void sendCommit(long through, Map<Partition, Long> offsets) {
        lastCommitSent = through;
        consumer().commitAsync(request(offsets), (done, error) -> {
            // called on the thread of a later call of the consumer, under the owner's lock
            if (error == null) {
                planner.commitConfirmed(offsets);
                LOG.debug("Kafka source {} committed {} to group {}", name.get(), offsets, config.groupId());
            } else {
                planner.commitFailed(offsets);
                report("could not commit offsets " + offsets + " to group " + config.groupId() + " (retried after the next batch)",
                        error instanceof KafkaException ke ? ke : new KafkaException(error));
            }
        });
        planner.committing(through, offsets);
    }

    /**
     * Commits synchronously what the batches completed up to {@code through} read, with the offsets
     * sent before and not confirmed yet, for an owner whose commits do not hold up batch generation
     * (the Spark runner commits from its listener); a failure is reported, and a later call sends
     * the same offsets again.
     */
    public void commitAndWait(long through) {
        commitAndWait(through, "retried when the next batch completes");
    }

    private void commitAndWait(long through, String retry) {
        Map<Partition, Long> offsets = planner.toCommitFinally(through);
        if (offsets.isEmpty()) {
            planner.committing(through, offsets);
            return;
        }
        try {
            consumer().commitSync(request(offsets), config.requestTimeout());
        } catch (KafkaException e) {
            report("could not commit offsets " + offsets + " to group " + config.groupId() + " (" + retry + ")", e);
            return;
        }
        planner.committed(through, offsets);
        LOG.debug("Kafka source {} committed {} to group {}", name.get(), offsets, config.groupId());
    }

    private static Map<TopicPartition, OffsetAndMetadata> request(Map<Partition, Long> offsets) {
        Map<TopicPartition, OffsetAndMetadata> request = new LinkedHashMap<>();
        offsets.forEach((p, o) -> request.put(tp(p), new OffsetAndMetadata(o)));
        return request;
    }

    /**
     * Commits synchronously what the batches completed up to {@code through} read (and what earlier
     * asynchronous commits sent without an answer yet) and closes the consumer, if one was opened;
     * batches planned later are read again by the group's next stream.
     */
    public void close(long through) {
        if (consumer == null) {
            return;
        }
        try {
            commitAndWait(through, "the next stream of the group reads the batches after the last commit again");
            if (planner.uncommittedBatches() > 0) {
                LOG.info("Kafka source {}: {} batches did not complete before the stop; the next stream of group {} reads them again",
                        name.get(), planner.uncommittedBatches(), config.groupId());
            }
        } finally {
            try {
                consumer.close(Duration.ofMillis(Math.min(5_000, config.requestTimeout().toMillis())));
            } catch (KafkaException e) {
                LOG.warn("Kafka source {}: closing the consumer failed", name.get(), e);
            }
            consumer = null;
        }
    }

    /** Reports a failed broker call of this stream: {@code what} failed, and why. */
    public void report(String what, KafkaException e) {
        errors.report("Kafka source " + name.get() + " (" + config.bootstrapServers() + "): " + what, e);
    }

    /** The properties of the consumers that read ranges: no group, never reset (a missing offset is an error). */
    public Map<String, Object> readerProperties() {
        Map<String, Object> props = commonProperties();
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-reader");
        return props;
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        if (consumer == null) {
            consumer = new KafkaConsumer<>(driverProperties(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }
        return consumer;
    }

    /** The driver's consumer: in the group (for committed offsets), fetches nothing. */
    private Map<String, Object> driverProperties() {
        Map<String, Object> props = commonProperties();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-driver");
        return props;
    }

    private Map<String, Object> commonProperties() {
        Map<String, Object> props = new HashMap<>(config.properties());
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, config.requestTimeout().toMillis());
        props.putIfAbsent(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Integer.toString(timeoutMs));
        props.putIfAbsent(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(timeoutMs));
        return props;
    }

    private static TopicPartition tp(Partition p) {
        return new TopicPartition(p.topic(), p.partition());
    }
}
