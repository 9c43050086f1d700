package dev.sluice.spark;

import dev.sluice.engine.BatchTimes;
import dev.sluice.engine.Micros;
import dev.sluice.sources.KafkaDriver;
import dev.sluice.sources.KafkaOffsetPlanner;
import dev.sluice.sources.KafkaOffsetPlanner.Partition;
import dev.sluice.sources.KafkaOffsetRange;
import dev.sluice.streaming.KafkaSourceConfig;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.KafkaException;
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
     * core's {@link KafkaDriver} (offset planning, the driver's consumer in the group, commits) and
     * the commit of completed batches. Thread-safe: every method holds this object's lock.
     */
    static final class Offsets implements AutoCloseable {
        private static final Logger LOG = LoggerFactory.getLogger(Offsets.class);
        private static final AtomicInteger CLIENT_IDS = new AtomicInteger();

        final KafkaSourceConfig config;
        private final KafkaDriver driver;
        private boolean closed;
        private long lastCompleted = Long.MIN_VALUE;

        Offsets(KafkaSourceConfig config, long batchIntervalMicros, KafkaDriver.ErrorSink errors) {
            this.config = config;
            this.driver = new KafkaDriver(config, batchIntervalMicros, "sluice-spark-kafka-" + CLIENT_IDS.incrementAndGet(), this::name, errors);
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
                driver.refreshPartitions();
            } catch (KafkaException e) {
                driver.report("could not find the partitions and starting offsets of " + config.topics(), e);
            }
        }

        synchronized List<KafkaOffsetRange> plan(long time) {
            if (closed) {
                return List.of();
            }
            try {
                List<KafkaOffsetRange> ranges = driver.plan(Micros.ofMillis(time));   // the driver keeps batch times in microseconds
                LOG.debug("{} batch {} ms: {}", name(), time, ranges);
                return ranges;
            } catch (KafkaException e) {
                driver.report("could not define batch " + BatchTimes.describe(time) + " (the batch is empty; the next batch retries)", e);
                return List.of();
            }
        }

        synchronized void batchCompleted(long time) {
            lastCompleted = Math.max(lastCompleted, time);
            if (!closed) {
                // the listener's thread: waiting for the commit does not hold up batch generation
                driver.commitAndWait(Micros.ofMillis(lastCompleted));
            }
        }

        /** Returns the offsets last committed per partition (for tests and reports). */
        synchronized Map<Partition, Long> committedOffsets() {
            return driver.planner().committedOffsets();
        }

        /** Commits what completed batches read and closes the driver's consumer; idempotent. */
        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            driver.close(lastCompleted);
        }

        /** The executors' consumers: no group, never reset (a missing offset is an error). */
        Map<String, Object> readerProperties() {
            return driver.readerProperties();
        }
    }
}
