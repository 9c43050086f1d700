package dev.sluice.sources;

import dev.sluice.engine.BatchTimes;
import dev.sluice.engine.Engine;
import dev.sluice.engine.durability.MetadataLog;
import dev.sluice.engine.durability.RecoverableInput;
import dev.sluice.engine.graph.InputNode;
import dev.sluice.engine.graph.StreamGraph;
import dev.sluice.sources.KafkaOffsetPlanner.Partition;
import dev.sluice.streaming.KafkaRecord;
import dev.sluice.streaming.KafkaSourceConfig;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.apache.kafka.common.KafkaException;
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
 * <p>With a checkpoint directory, each batch's ranges are written to the write-ahead log before
 * the batch runs, and each checkpoint holds the positions and the ranges of the batches a recovery
 * may need. A context recovered from the directory takes its positions from there, not from the
 * group (whose commits come a batch boundary after the batches complete, so after a crash they may
 * be behind or ahead of the checkpoint): the batches after the checkpoint run again at their own
 * times with their own ranges, so an output that replaces a batch's result by batch time (as
 * {@code saveAsTextFiles} does) is exactly once, and the batches of the time the context was
 * down continue where the last logged batch ended. This is how Spark's direct Kafka stream keeps
 * offset ranges in its checkpoint.
 *
 * <p>The batches' ranges are read by consumers kept in a {@link KafkaReaderPool} from batch to
 * batch (one per partition, positioned where the previous batch ended) and closed when the context
 * stops. Batch generation makes one blocking call to the brokers per batch (the end offsets): the
 * partitions are looked up once per {@link KafkaSourceConfig#partitionDiscoveryInterval()} and
 * completed batches are committed asynchronously (synchronously at the stop).
 *
 * <p>Threading: one driver-side consumer, used only by one thread at a time under this object's
 * lock: {@link #start} (the thread starting the context, or the job generator thread for a source
 * added later), {@link #take} (the job generator thread, which also commits completed batches) and
 * the engine's after-stop hook (the stopping thread, once the generator has stopped). Broker
 * failures are reported to the engine's error sink and the batch is empty; the next batch retries.
 */
public final class KafkaSource extends InputNode<KafkaRecord> implements RecoverableInput {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaSource.class);
    private static final AtomicInteger CLIENT_IDS = new AtomicInteger();

    private final KafkaSourceConfig config;
    private final LongSupplier lastCompletedBatch;
    private final StreamGraph.ErrorHandler errors;
    private final KafkaDriver driver;
    private final KafkaOffsetPlanner planner;
    /** The consumers that read the batches' ranges, kept from batch to batch and closed at the stop. */
    private final KafkaReaderPool readers;
    private boolean closed;
    private volatile long commitThroughAtStop = Long.MIN_VALUE;
    /** The write-ahead log of the checkpoint directory, or null. */
    private volatile MetadataLog log;
    private final Function<InputNode<?>, String> stableKey;
    private volatile String key;
    /** With a log: the ranges of each batch, logged before it ran, until no checkpoint needs them. */
    private final TreeMap<Long, List<KafkaOffsetRange>> batchRanges = new TreeMap<>();

    /**
     * Creates the source and registers it with the graph. {@code lastCompletedBatch} tells which
     * batches have completed (their offsets may be committed); failures go to {@code errors}.
     * Without a checkpoint directory: nothing is logged and a restart continues from the group.
     */
    public KafkaSource(StreamGraph graph, KafkaSourceConfig config, LongSupplier lastCompletedBatch, StreamGraph.ErrorHandler errors) {
        this(graph, config, lastCompletedBatch, errors, null, null);
    }

    /**
     * Like {@link #KafkaSource(StreamGraph, KafkaSourceConfig, LongSupplier, StreamGraph.ErrorHandler)};
     * with a {@code log} (the checkpoint directory's), each batch's ranges are logged before it runs
     * under the source's stable id ({@code stableKey}), and recovery takes them back.
     */
    public KafkaSource(StreamGraph graph, KafkaSourceConfig config, LongSupplier lastCompletedBatch, StreamGraph.ErrorHandler errors,
                       MetadataLog log, Function<InputNode<?>, String> stableKey) {
        super(graph);
        this.config = config;
        this.lastCompletedBatch = lastCompletedBatch;
        this.errors = errors;
        this.log = log;
        this.stableKey = stableKey;
        this.driver = new KafkaDriver(config, graph.batchIntervalMicros(), "sluice-kafka-" + CLIENT_IDS.incrementAndGet(),
                this::sourceName, errors::report);
        this.planner = driver.planner();
        this.readers = new KafkaReaderPool(driver.readerProperties());
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
            driver.refreshPartitions();
        } catch (KafkaException e) {
            driver.report("could not find the partitions and starting offsets of " + config.topics(), e);
        }
    }

    /** Nothing: batches generated before the stop may still run, so the consumer is closed by {@link #stopHook()}. */
    @Override
    public void stop() {
    }

    @Override
    protected synchronized InputBatch<KafkaRecord> take(long time) {
        List<KafkaOffsetRange> ranges = batchRanges.get(time);
        boolean again = ranges != null;
        if (again) {
            // planned and logged before a restart: the batch reads the same offsets again
            planner.replay(time, ranges);
        } else if (batchRanges.higherKey(time) != null) {
            // recovering, and the log lost this batch's entry (damage) but has later ones
            ranges = between(time);
            planner.replay(time, ranges);
            ranges = logged(time, ranges, false);
            again = true;
        } else {
            ranges = List.of();
        }
        if (!closed) {
            try {
                driver.commit(lastCompletedBatch.getAsLong());
                if (!again) {
                    ranges = driver.plan(time);
                }
            } catch (KafkaException e) {
                driver.report(again ? "could not commit the offsets of completed batches (retried after the next batch)"
                        : "could not define batch " + BatchTimes.describeMicros(time) + " (the batch is empty; the next batch retries)", e);
            }
            if (!again) {
                ranges = logged(time, ranges, true);
            }
        }
        KafkaRangeNode rdd = rangeNode(ranges);
        LOG.debug("{} batch {}{}: {}", sourceName(), BatchTimes.describeMicros(time), again ? " (run again)" : "", ranges);
        return new InputBatch<>(rdd, rdd.size());
    }

    private KafkaRangeNode rangeNode(List<KafkaOffsetRange> ranges) {
        return new KafkaRangeNode(graph.rddContext(), ranges, readers, config.requestTimeout(), sourceName());
    }

    /**
     * With a log: writes batch {@code time}'s ranges to it before the batch runs, and keeps them.
     * If that fails, a new plan ({@code undo}) is undone, so the next batch reads its offsets, and
     * this batch is empty.
     */
    private List<KafkaOffsetRange> logged(long time, List<KafkaOffsetRange> ranges, boolean undo) {
        MetadataLog log = this.log;
        if (log == null) {
            return ranges;
        }
        try {
            log.write(MetadataLog.KAFKA_RANGES, out -> writeRanges(out, time, ranges));
        } catch (IOException e) {
            if (undo) {
                planner.unplan(time, ranges);
            }
            errors.report("Kafka source " + sourceName() + ": could not write the offsets of batch " + BatchTimes.describeMicros(time) + " to the"
                    + " write-ahead log (the batch is empty" + (undo ? "; the next batch reads its records" : "") + ")."
                    + " Check the checkpoint directory's disk", e);
            return List.of();
        }
        batchRanges.put(time, ranges);
        return ranges;
    }

    /** The ranges between the logged batches around {@code time}, for a batch whose log entry was lost. */
    private List<KafkaOffsetRange> between(long time) {
        Map<Partition, Long> before = new HashMap<>();
        Map.Entry<Long, List<KafkaOffsetRange>> previous = batchRanges.lowerEntry(time);
        if (previous != null) {
            for (KafkaOffsetRange r : previous.getValue()) {
                before.put(new Partition(r.topic(), r.partition()), r.until());
            }
        }
        List<KafkaOffsetRange> ranges = new ArrayList<>();
        for (KafkaOffsetRange next : batchRanges.higherEntry(time).getValue()) {
            long from = Math.min(before.getOrDefault(new Partition(next.topic(), next.partition()), next.from()), next.from());
            ranges.add(new KafkaOffsetRange(next.topic(), next.partition(), from, next.from()));
        }
        LOG.warn("Kafka source {}: the write-ahead log has no offsets for batch {} but has them for later batches; the batch"
                + " reads the offsets between its neighbours: {}", sourceName(), BatchTimes.describeMicros(time), ranges);
        return ranges;
    }

    // ---- recovery

    @Override
    public void useLog(MetadataLog log) {
        this.log = log;
    }

    @Override
    public String key() {
        String k = key;
        if (k == null) {
            k = stableKey == null ? sourceName() : stableKey.apply(this);
            key = k;
        }
        return k;
    }

    private void writeRanges(DataOutputStream out, long time, List<KafkaOffsetRange> ranges) throws IOException {
        out.writeUTF(key());
        out.writeLong(time);
        writeRangeList(out, ranges);
    }

    private static void writeRangeList(DataOutputStream out, List<KafkaOffsetRange> ranges) throws IOException {
        out.writeInt(ranges.size());
        for (KafkaOffsetRange r : ranges) {
            out.writeUTF(r.topic());
            out.writeInt(r.partition());
            out.writeLong(r.from());
            out.writeLong(r.until());
        }
    }

    private static List<KafkaOffsetRange> readRangeList(DataInputStream in) throws IOException {
        int n = in.readInt();
        List<KafkaOffsetRange> ranges = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ranges.add(new KafkaOffsetRange(in.readUTF(), in.readInt(), in.readLong(), in.readLong()));
        }
        return ranges;
    }

    /** Keeps a batch's ranges read back from the log or a checkpoint, and moves the positions past them. */
    private void restoreBatch(long time, List<KafkaOffsetRange> ranges) {
        batchRanges.putIfAbsent(time, ranges);
        for (KafkaOffsetRange r : ranges) {
            planner.advance(new Partition(r.topic(), r.partition()), r.until());
        }
        driver.positionsRestored();
    }

    @Override
    public synchronized boolean replay(MetadataLog.Entry entry) throws IOException {
        if (entry.kind() != MetadataLog.KAFKA_RANGES) {
            return false;
        }
        DataInputStream in = entry.in();
        if (!in.readUTF().equals(key())) {
            return false;
        }
        long time = in.readLong();
        restoreBatch(time, readRangeList(in));
        return true;
    }

    /** The positions and the kept batches' ranges. */
    @Override
    public synchronized byte[] snapshot() throws IOException {
        if (log == null) {
            return null;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        Map<Partition, Long> positions = planner.positions();
        out.writeInt(positions.size());
        for (Map.Entry<Partition, Long> e : positions.entrySet()) {
            out.writeUTF(e.getKey().topic());
            out.writeInt(e.getKey().partition());
            out.writeLong(e.getValue());
        }
        out.writeInt(batchRanges.size());
        for (Map.Entry<Long, List<KafkaOffsetRange>> e : batchRanges.entrySet()) {
            out.writeLong(e.getKey());
            writeRangeList(out, e.getValue());
        }
        out.flush();
        return bytes.toByteArray();
    }

    @Override
    public synchronized void restoreSnapshot(byte[] data) throws IOException {
        DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(data));
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            planner.advance(new Partition(in.readUTF(), in.readInt()), in.readLong());
        }
        int batches = in.readInt();
        for (int i = 0; i < batches; i++) {
            long time = in.readLong();
            restoreBatch(time, readRangeList(in));
        }
        driver.positionsRestored();
        LOG.info("Kafka source {} recovered: positions {}, {} logged batches", sourceName(), planner.positions(), batchRanges.size());
    }

    @Override
    public synchronized void restorePast(long from, long to) {
        for (Map.Entry<Long, List<KafkaOffsetRange>> e : batchRanges.subMap(from, false, to, true).entrySet()) {
            restoreGenerated(e.getKey(), rangeNode(e.getValue()));
        }
    }

    @Override
    public synchronized long earliestLoggedBatch() {
        return batchRanges.isEmpty() ? Long.MIN_VALUE : batchRanges.firstKey();
    }

    @Override
    public synchronized void forgetBefore(long threshold) {
        batchRanges.headMap(threshold, false).clear();
    }

    /** Commits what completed batches read and closes the consumers; idempotent. */
    synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            driver.close(Math.min(commitThroughAtStop, lastCompletedBatch.getAsLong()));
        } finally {
            readers.close();
        }
    }
}
