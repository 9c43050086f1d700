package dev.sluice.sources;

import dev.sluice.engine.Engine;
import dev.sluice.engine.graph.InputNode;
import dev.sluice.engine.graph.StreamGraph;
import dev.sluice.sources.KafkaOffsetPlanner.Partition;
import dev.sluice.streaming.KafkaRecord;
import dev.sluice.streaming.KafkaSourceConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
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
 * A Kafka source read directly, without a receiver: at every batch it asks the brokers for the end
 * offsets of the topics' partitions and makes the batch the offset ranges from each partition's
 * position to its end (capped by the rate limit). The batch's dataset ({@link KafkaRangeNode})
 * reads those ranges when computed, so recomputation reads the same records.
 *
 * <p>Positions start from the group's committed offsets, else from the configured starting
 * offsets; partitions that appear while the source runs start at their beginning. Once a batch has
 * completed, its ranges' ends are committed to the group, so a new context with the same group
 * continues after the last completed batch.
 *
 * <p>Threading: one driver-side consumer, used only by one thread at a time under this object's
 * lock: {@link #start} (the thread starting the context, or the job generator thread for a source
 * added later), {@link #take} (the job generator thread, which also commits completed batches) and
 * the engine's after-stop hook (the stopping thread, once the generator has stopped). Broker
 * failures are reported to the engine's error sink and the batch is empty; the next batch retries.
 */
public final class KafkaSource extends InputNode<KafkaRecord> {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaSource.class);
    private static final AtomicInteger CLIENT_IDS = new AtomicInteger();

    private final KafkaSourceConfig config;
    private final LongSupplier lastCompletedBatch;
    private final StreamGraph.ErrorHandler errors;
    private final KafkaOffsetPlanner planner;
    private final String clientId;
    private KafkaConsumer<byte[], byte[]> consumer;
    private boolean initialized;
    private boolean closed;
    private final Set<String> missingTopicsReported = new HashSet<>();
    private volatile long commitThroughAtStop = Long.MIN_VALUE;

    /**
     * Creates the source and registers it with the graph. {@code lastCompletedBatch} tells which
     * batches have completed (their offsets may be committed); failures go to {@code errors}.
     */
    public KafkaSource(StreamGraph graph, KafkaSourceConfig config, LongSupplier lastCompletedBatch, StreamGraph.ErrorHandler errors) {
        super(graph);
        this.config = config;
        this.lastCompletedBatch = lastCompletedBatch;
        this.errors = errors;
        this.planner = new KafkaOffsetPlanner(config.maxRatePerPartition(), graph.batchIntervalMs());
        this.clientId = "sluice-kafka-" + CLIENT_IDS.incrementAndGet();
        graph.register(this);
    }

    /** Returns the hook that commits the last completed batches and closes the consumer when the context stops. */
    public Engine.LifecycleHook stopHook() {
        return new Engine.LifecycleHook() {
            @Override
            public void beforeStop(boolean gracefully) {
                // Stopping at once may cut the running batch short; only batches done by now count.
                commitThroughAtStop = gracefully ? Long.MAX_VALUE : lastCompletedBatch.getAsLong();
            }

            @Override
            public void afterStop() {
                close();
            }
        };
    }

    @Override
    public String operation() {
        return "kafkaStream(" + String.join(",", config.topics()) + ")";
    }

    /** Finds the partitions and their starting offsets, so that "latest" means "when the stream started". */
    @Override
    public synchronized void start() {
        try {
            refreshPartitions();
        } catch (KafkaException e) {
            report("could not find the partitions and starting offsets of " + config.topics(), e);
        }
    }

    /** Nothing: batches generated before the stop may still run, so the consumer is closed by {@link #stopHook()}. */
    @Override
    public void stop() {
    }

    @Override
    protected synchronized InputBatch<KafkaRecord> take(long time) {
        List<KafkaOffsetRange> ranges = List.of();
        if (!closed) {
            try {
                commit(lastCompletedBatch.getAsLong());
                refreshPartitions();
                ranges = planner.plan(time, endOffsets());
            } catch (KafkaException e) {
                report("could not define batch " + time + " ms (the batch is empty; the next batch retries)", e);
                ranges = List.of();
            }
        }
        KafkaRangeNode rdd = new KafkaRangeNode(graph.rddContext(), ranges, readerProperties(), config.requestTimeout(), sourceName());
        LOG.debug("{} batch {} ms: {}", sourceName(), time, ranges);
        return new InputBatch<>(rdd, rdd.size());
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        if (consumer == null) {
            consumer = new KafkaConsumer<>(driverProperties(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }
        return consumer;
    }

    /** Looks up the topics' partitions; starts the new ones from the group's offset, or the policy. */
    private void refreshPartitions() {
        KafkaConsumer<byte[], byte[]> c = consumer();
        Map<String, List<PartitionInfo>> all = c.listTopics(config.requestTimeout());
        List<Partition> existing = new ArrayList<>();
        for (String topic : config.topics()) {
            List<PartitionInfo> infos = all.get(topic);
            if (infos == null || infos.isEmpty()) {
                if (missingTopicsReported.add(topic)) {
                    LOG.warn("Kafka source {}: topic {} does not exist (yet); it is read once it does", sourceName(), topic);
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
        LOG.info("Kafka source {} reads {} from {}", sourceName(), fresh, planner.positions());
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

    /** Commits the ranges of the batches completed up to {@code through}; a failure is reported and retried later. */
    private void commit(long through) {
        Map<Partition, Long> offsets = planner.toCommit(through);
        if (!offsets.isEmpty()) {
            Map<TopicPartition, OffsetAndMetadata> request = new LinkedHashMap<>();
            offsets.forEach((p, o) -> request.put(tp(p), new OffsetAndMetadata(o)));
            try {
                consumer().commitSync(request, config.requestTimeout());
            } catch (KafkaException e) {
                report("could not commit offsets " + offsets + " to group " + config.groupId() + " (retried after the next batch)", e);
                return;
            }
            LOG.debug("Kafka source {} committed {} to group {}", sourceName(), offsets, config.groupId());
        }
        planner.committed(through, offsets);
    }

    /** Commits what completed batches read and closes the consumer; idempotent. */
    synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (consumer == null) {
            return;
        }
        try {
            long through = Math.min(commitThroughAtStop, lastCompletedBatch.getAsLong());
            commit(through);
            if (planner.uncommittedBatches() > 0) {
                LOG.info("Kafka source {}: {} batches did not complete before the stop; they are read again by the next stream of group {}",
                        sourceName(), planner.uncommittedBatches(), config.groupId());
            }
        } finally {
            try {
                consumer.close(Duration.ofMillis(Math.min(5_000, config.requestTimeout().toMillis())));
            } catch (KafkaException e) {
                LOG.warn("Kafka source {}: closing the consumer failed", sourceName(), e);
            }
            consumer = null;
        }
    }

    private void report(String what, KafkaException e) {
        errors.report("Kafka source " + sourceName() + " (" + config.bootstrapServers() + "): " + what, e);
    }

    private static TopicPartition tp(Partition p) {
        return new TopicPartition(p.topic(), p.partition());
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

    /** The driver consumer: in the group (for committed offsets), fetches nothing. */
    private Map<String, Object> driverProperties() {
        Map<String, Object> props = commonProperties();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-driver");
        return props;
    }

    /** The consumers that read ranges: no group, never reset (a missing offset is an error). */
    private Map<String, Object> readerProperties() {
        Map<String, Object> props = commonProperties();
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        props.remove(ConsumerConfig.CLIENT_ID_CONFIG);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-reader");
        return props;
    }
}
