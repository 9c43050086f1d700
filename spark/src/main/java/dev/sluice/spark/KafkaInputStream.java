package dev.sluice.spark;

import dev.sluice.sources.KafkaOffsetPlanner;
import dev.sluice.sources.KafkaOffsetPlanner.Partition;
import dev.sluice.sources.KafkaOffsetRange;
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
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.spark.rdd.RDD;
import org.apache.spark.streaming.StreamingContext;
import org.apache.spark.streaming.Time;
import org.apache.spark.streaming.dstream.InputDStream;
import org.apache.spark.streaming.scheduler.StreamingListener;
import org.apache.spark.streaming.scheduler.StreamingListenerBatchCompleted;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;
import scala.reflect.ClassTag$;

/**
 * {@code kafkaStream} on Spark, read directly with kafka-clients (no receiver): at every batch the
 * driver asks the brokers for the end offsets of the topics' partitions and plans one offset range
 * per partition from its position (capped by {@code maxRatePerPartition}), with the core's
 * {@link KafkaOffsetPlanner}; the batch is a {@link KafkaRangeRDD} whose tasks read those ranges on
 * the executors. When a batch completes, the ends of its ranges are committed to the consumer group,
 * so a new context of the same group continues after the last completed batch.
 */
final class KafkaInputStream extends InputDStream<Object> {

    private static final long serialVersionUID = 1L;

    private final transient Offsets offsets;

    KafkaInputStream(StreamingContext ssc, Offsets offsets) {
        super(ssc, ClassTag$.MODULE$.apply(Object.class));
        this.offsets = offsets;
    }

    @Override
    public void start() {
        offsets.start();
    }

    @Override
    public void stop() {
        // the offsets live on across restarts of Spark's streaming context; the execution closes them at its stop
    }

    @Override
    public Option<RDD<Object>> compute(Time validTime) {
        List<KafkaOffsetRange> ranges = offsets.plan(validTime.milliseconds());
        long n = 0;
        for (KafkaOffsetRange r : ranges) {
            n += r.count();
        }
        InputInfo.report(this, validTime, n);
        return Option.apply(new KafkaRangeRDD(context().sparkContext(), ranges, offsets.readerProperties(),
                offsets.config.requestTimeout(), offsets.name()));
    }

    /**
     * The driver side of one Kafka stream, kept across restarts of Spark's streaming context: the
     * offset planner, the driver's consumer (in the group: committed offsets, end offsets, commits),
     * and the commit of completed batches. Thread-safe: every method holds this object's lock.
     */
    static final class Offsets implements AutoCloseable {
        private static final Logger LOG = LoggerFactory.getLogger(Offsets.class);
        private static final AtomicInteger CLIENT_IDS = new AtomicInteger();

        final KafkaSourceConfig config;
        private final KafkaOffsetPlanner planner;
        private final String clientId = "sluice-spark-kafka-" + CLIENT_IDS.incrementAndGet();
        private final ErrorSink errors;
        private final Set<String> missingTopicsReported = new HashSet<>();
        private KafkaConsumer<byte[], byte[]> consumer;
        private boolean initialized;
        private boolean closed;
        private long lastCompleted = Long.MIN_VALUE;

        /** Where failures of the driver's Kafka calls go (the context's recentErrors()). */
        interface ErrorSink {
            void report(String message, Throwable error);
        }

        Offsets(KafkaSourceConfig config, long batchIntervalMs, ErrorSink errors) {
            this.config = config;
            this.planner = new KafkaOffsetPlanner(config.maxRatePerPartition(), batchIntervalMs);
            this.errors = errors;
        }

        String name() {
            return "kafkaStream(" + String.join(",", config.topics()) + ")";
        }

        /** The listener that commits each completed batch's offsets. */
        StreamingListener committer() {
            return new StreamingListener() {
                @Override
                public void onBatchCompleted(StreamingListenerBatchCompleted completed) {
                    batchCompleted(completed.batchInfo().batchTime().milliseconds());
                }
            };
        }

        synchronized void start() {
            if (closed) {
                return;
            }
            try {
                refreshPartitions();
            } catch (KafkaException e) {
                report("could not find the partitions and starting offsets of " + config.topics(), e);
            }
        }

        synchronized List<KafkaOffsetRange> plan(long time) {
            if (closed) {
                return List.of();
            }
            try {
                refreshPartitions();
                List<KafkaOffsetRange> ranges = planner.plan(time, endOffsets());
                LOG.debug("{} batch {} ms: {}", name(), time, ranges);
                return ranges;
            } catch (KafkaException e) {
                report("could not define batch " + time + " ms (the batch is empty; the next batch retries)", e);
                return List.of();
            }
        }

        synchronized void batchCompleted(long time) {
            lastCompleted = Math.max(lastCompleted, time);
            if (!closed) {
                commit(lastCompleted);
            }
        }

        private void commit(long through) {
            Map<Partition, Long> toCommit = planner.toCommit(through);
            if (!toCommit.isEmpty()) {
                Map<TopicPartition, OffsetAndMetadata> request = new LinkedHashMap<>();
                toCommit.forEach((p, o) -> request.put(new TopicPartition(p.topic(), p.partition()), new OffsetAndMetadata(o)));
                try {
                    consumer().commitSync(request, config.requestTimeout());
                } catch (KafkaException e) {
                    report("could not commit offsets " + toCommit + " to group " + config.groupId() + " (retried after the next batch)", e);
                    return;
                }
                LOG.debug("{} committed {} to group {}", name(), toCommit, config.groupId());
            }
            planner.committed(through, toCommit);
        }

        private KafkaConsumer<byte[], byte[]> consumer() {
            if (consumer == null) {
                consumer = new KafkaConsumer<>(driverProperties(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
            }
            return consumer;
        }

        private void refreshPartitions() {
            KafkaConsumer<byte[], byte[]> c = consumer();
            Map<String, List<PartitionInfo>> all = c.listTopics(config.requestTimeout());
            List<Partition> existing = new ArrayList<>();
            for (String topic : config.topics()) {
                List<PartitionInfo> infos = all.get(topic);
                if (infos == null || infos.isEmpty()) {
                    if (missingTopicsReported.add(topic)) {
                        LOG.warn("Kafka source {}: topic {} does not exist (yet); it is read once it does", name(), topic);
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
                    fresh.add(new TopicPartition(p.topic(), p.partition()));
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
            LOG.info("Kafka source {} reads {} from {}", name(), fresh, planner.positions());
        }

        private Map<Partition, Long> endOffsets() {
            List<TopicPartition> tps = new ArrayList<>();
            for (Partition p : planner.partitions()) {
                tps.add(new TopicPartition(p.topic(), p.partition()));
            }
            if (tps.isEmpty()) {
                return Map.of();
            }
            Map<Partition, Long> ends = new HashMap<>();
            consumer().endOffsets(tps, config.requestTimeout()).forEach((tp, end) -> ends.put(new Partition(tp.topic(), tp.partition()), end));
            return ends;
        }

        /** Returns the offsets last committed per partition (for tests and reports). */
        synchronized Map<Partition, Long> committedOffsets() {
            return planner.committedOffsets();
        }

        /** Commits what completed batches read and closes the driver's consumer; idempotent. */
        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (consumer == null) {
                return;
            }
            try {
                commit(lastCompleted);
                if (planner.uncommittedBatches() > 0) {
                    LOG.info("Kafka source {}: {} batches did not complete before the stop; the next stream of group {} reads them again",
                            name(), planner.uncommittedBatches(), config.groupId());
                }
            } finally {
                try {
                    consumer.close(Duration.ofMillis(Math.min(5_000, config.requestTimeout().toMillis())));
                } catch (KafkaException e) {
                    LOG.warn("Kafka source {}: closing the consumer failed", name(), e);
                }
                consumer = null;
            }
        }

        private void report(String what, KafkaException e) {
            errors.report("Kafka source " + name() + " (" + config.bootstrapServers() + "): " + what, e);
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

        private Map<String, Object> driverProperties() {
            Map<String, Object> props = commonProperties();
            props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
            props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-driver");
            return props;
        }

        /** The executors' consumers: no group, never reset (a missing offset is an error). */
        Map<String, Object> readerProperties() {
            Map<String, Object> props = commonProperties();
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
            props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-reader");
            return props;
        }
    }
}
