package dev.sluice.engine.durability;

import dev.sluice.engine.BatchTimes;
import dev.sluice.engine.Engine;
import dev.sluice.engine.Micros;
import dev.sluice.engine.graph.InputNode;
import dev.sluice.engine.graph.MapWithStateNode;
import dev.sluice.engine.graph.OutputOperation;
import dev.sluice.engine.graph.ReducedWindowedNode;
import dev.sluice.engine.graph.StateNode;
import dev.sluice.engine.graph.StreamGraph;
import dev.sluice.engine.graph.StreamNode;
import dev.sluice.engine.rdd.MapBackedNode;
import dev.sluice.engine.rdd.Partitioner;
import dev.sluice.engine.rdd.RddNode;
import dev.sluice.engine.receiver.ReceivedBlockTracker;
import dev.sluice.streaming.Pair;
import dev.sluice.streaming.WalSync;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a context recoverable from its checkpoint directory: owns the write-ahead log
 * ({@code <dir>/wal}), writes a checkpoint ({@code <dir>/checkpoint-<batch time>}) every
 * checkpoint interval after a batch completed, drops log segments no checkpoint needs any more,
 * and, when asked to recover, restores everything before the context starts.
 *
 * <p>A checkpoint is written to a temporary file, synced, and renamed into place, so a crash
 * leaves either the old or the new one; the last two are kept. Recovery: the program rebuilds the
 * graph, then the log is replayed (blocks, their allocation to batches, the files each batch took),
 * the state of each stateful operator and each source's position are restored by stable id
 * ({@link StableIds}), the datasets of past batches that windows still need are rebuilt from the
 * logged blocks and files, and batches resume right after the checkpointed one: batches pending at
 * the crash run again with the same input, then the batches of the time the context was down.
 *
 * <p>Threading: checkpoints are written on the job thread between batches; recovery runs on the
 * thread that starts the context.
 */
public final class CheckpointManager implements Engine.LifecycleHook {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointManager.class);
    private static final String PREFIX = "checkpoint-";
    /** The source that failed checkpoints are reported under. */
    public static final String SOURCE = "checkpoint";
    private static final int KEPT = 2;

    private final Engine engine;
    private final Path dir;
    private final long intervalMicros;
    private final MetadataLog log;
    private volatile ReceivedBlockTracker blocks;
    private volatile boolean recover;
    private long lastCheckpoint = Long.MIN_VALUE;
    private volatile boolean closed;

    /**
     * Opens the write-ahead log in {@code dir}; checkpoints every {@code intervalMicros} of batch time;
     * a log segment is rolled after {@code segmentBytes} or {@code segmentMicros} of clock time.
     */
    public CheckpointManager(Engine engine, Path dir, long intervalMicros, WalSync sync, long segmentBytes, long segmentMicros)
            throws IOException {
        this.engine = engine;
        this.dir = dir;
        this.intervalMicros = intervalMicros;
        Files.createDirectories(dir);
        this.log = new MetadataLog(new FileWriteAheadLog(dir.resolve("wal"), segmentBytes, segmentMicros, sync), engine.clock(),
                (line, e) -> engine.reportFailure(WalWriteException.SOURCE, line, e.getCause()));
        engine.addHook(this);
        engine.scheduler().addBatchHook(this::afterBatch);
    }

    /** Returns the log that ingestion events go to. */
    public MetadataLog log() {
        return log;
    }

    /** Sets the block tracker whose positions are checkpointed. */
    public void setBlockTracker(ReceivedBlockTracker tracker) {
        this.blocks = tracker;
    }

    /** Returns true if the next start recovers from the directory. */
    public boolean recoveryRequested() {
        return recover;
    }

    /** Makes the next start recover from the directory instead of starting afresh. */
    public void requestRecovery() {
        recover = true;
    }

    /** Returns true if {@code dir} holds a checkpoint or a non-empty write-ahead log. */
    public static boolean hasRecoverableData(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try {
            if (!checkpointFiles(dir).isEmpty()) {
                return true;
            }
            Path wal = dir.resolve("wal");
            if (Files.isDirectory(wal)) {
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(wal, "log-*")) {
                    for (Path p : ds) {
                        if (Files.size(p) > 0) {
                            return true;
                        }
                    }
                }
            }
        } catch (IOException e) {
            LOG.warn("Cannot look into checkpoint directory {}", dir, e);
        }
        return false;
    }

    private static List<Path> checkpointFiles(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, PREFIX + "*")) {
            for (Path p : ds) {
                out.add(p);
            }
        }
        out.sort(null);
        return out;
    }

    // ---- start

    @Override
    public void beforeStart() {
        try {
            if (recover) {
                recover();
            } else {
                discardOld();
            }
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("cannot recover from checkpoint directory " + dir + ": " + e, e);
        }
    }

    private void discardOld() throws IOException {
        List<Path> old = checkpointFiles(dir);
        boolean hadLog = hasRecoverableData(dir);
        if (!old.isEmpty() || hadLog) {
            LOG.warn("Checkpoint directory {} holds data of an earlier run; starting afresh and discarding it"
                    + " (use StreamingContext.getOrCreate to recover from it instead)", dir);
        }
        for (Path p : old) {
            Files.deleteIfExists(p);
        }
        log.clean(Long.MAX_VALUE);
        Path wal = dir.resolve("wal");
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(wal, "log-*")) {
            for (Path p : ds) {
                Files.deleteIfExists(p);
            }
        }
    }

    private Checkpoint readLatest() throws IOException {
        List<Path> files = checkpointFiles(dir);
        List<String> damaged = new ArrayList<>();
        for (int i = files.size() - 1; i >= 0; i--) {
            try {
                Checkpoint ck = Checkpoint.fromBytes(Files.readAllBytes(files.get(i)));
                if (!damaged.isEmpty()) {
                    engine.reportError("Recovery: checkpoint " + String.join(", ", damaged) + " in " + dir + " is damaged;"
                            + " recovering from the previous one, " + files.get(i).getFileName() + " (batch " + BatchTimes.describeMicros(ck.time())
                            + "): the batches after it run again from the write-ahead log", null);
                }
                return ck;
            } catch (IOException e) {
                damaged.add(files.get(i).getFileName() + " (" + e.getMessage() + ")");
            }
        }
        if (!damaged.isEmpty()) {
            engine.reportError("Recovery: every checkpoint in " + dir + " is damaged (" + String.join(", ", damaged)
                    + "); state starts empty and only the write-ahead log is replayed. Move the directory aside and"
                    + " start afresh if that is not what you want", null);
        }
        return null;
    }

    /** Reports what reading the write-ahead log found: lost data as an error, torn tails of crashes in the log only. */
    private void reportLogDamage(WalScanner.Report report) {
        if (report == null) {
            return;
        }
        // torn tails of crashes were logged (INFO) by the log itself: nothing acknowledged was in them
        List<WalScanner.Damage> losses = report.losses();
        if (losses.isEmpty()) {
            return;
        }
        engine.reportError("Recovery: the write-ahead log in " + report.dir() + " is damaged: " + WalScanner.count(report.lostRecords(), "log record")
                + " (" + report.lostBytes() + " bytes) lost in " + losses.size() + (losses.size() == 1 ? " place" : " places")
                + " (" + losses.get(0).describe() + (losses.size() > 1 ? "; ..." : "") + "). The " + WalScanner.count(report.records(), "good log record")
                + " before and after the damage were recovered; the input in the lost ones is missing."
                + " See what the log holds with: sluice --inspect-wal " + dir, null);
    }

    private List<RecoverableInput> inputs() {
        List<RecoverableInput> out = new ArrayList<>();
        for (InputNode<?> in : engine.graph().inputs()) {
            if (in instanceof RecoverableInput r) {
                out.add(r);
            }
        }
        return out;
    }

    private void recover() throws IOException, ClassNotFoundException {
        StreamGraph graph = engine.graph();
        long interval = graph.batchIntervalMicros();
        Checkpoint ck = readLatest();
        if (ck != null && ck.batchIntervalMicros() != interval) {
            throw new IllegalStateException("the checkpoint in " + dir + " was written with a batch interval of "
                    + Micros.formatMillis(ck.batchIntervalMicros()) + " ms; build the context with that interval, or use another checkpoint directory");
        }
        List<RecoverableInput> inputs = inputs();
        Set<String> keys = new HashSet<>();
        for (RecoverableInput in : inputs) {
            keys.add(in.key());
        }
        ReceivedBlockTracker tracker = blocks;
        int replayed = 0;
        int unknown = 0;
        List<MetadataLog.Entry> entries = log.readAll();
        reportLogDamage(log.wal().lastReport());
        for (MetadataLog.Entry e : entries) {
            boolean used = tracker != null && tracker.replay(e);
            for (int i = 0; !used && i < inputs.size(); i++) {
                used = inputs.get(i).replay(e);
            }
            if (used) {
                replayed++;
            } else {
                unknown++;
            }
        }
        if (tracker != null) {
            int dropped = tracker.dropStreamsOtherThan(keys);
            if (dropped > 0) {
                LOG.warn("Recovery: {} logged blocks belong to input streams that the rebuilt graph does not have; they are"
                        + " dropped (name input streams with name(...) to keep their ids stable)", dropped);
            }
        }
        if (ck == null) {
            List<Long> times = tracker == null ? List.of() : tracker.allocatedTimes(Long.MIN_VALUE, Long.MAX_VALUE);
            long first = times.isEmpty() ? Long.MAX_VALUE : times.get(0);
            for (RecoverableInput in : inputs) {
                long logged = in.earliestLoggedBatch();
                if (logged != Long.MIN_VALUE) {
                    first = Math.min(first, logged);
                }
            }
            if (first != Long.MAX_VALUE) {
                engine.resumeAt(first - interval, first);
                LOG.info("Recovery: no checkpoint yet; batches from {} run again from the write-ahead log ({} entries)",
                        BatchTimes.describeMicros(first), replayed);
            } else {
                LOG.info("Recovery: no checkpoint yet; {} logged entries replayed", replayed);
            }
            return;
        }
        Map<String, Checkpoint.Section> sections = new LinkedHashMap<>(ck.sections());
        Checkpoint.Section recv = sections.remove("receivers");
        if (recv != null && tracker != null) {
            Object[] parts = (Object[]) Codec.deserialize(recv.data());
            @SuppressWarnings("unchecked")
            Map<String, ReceivedBlockTracker.Position> positions = (Map<String, ReceivedBlockTracker.Position>) parts[0];
            @SuppressWarnings("unchecked")
            Map<String, Long> ids = (Map<String, Long>) parts[1];
            tracker.restore(positions, ids);
        }
        for (RecoverableInput in : inputs) {
            Checkpoint.Section s = sections.remove("input:" + in.key());
            if (s != null) {
                in.restoreSnapshot(s.data());
            }
        }
        int restored = 0;
        for (StreamNode<?> n : graph.nodes()) {
            byte kind = kindOf(n);
            if (kind == 0) {
                continue;
            }
            String key = StableIds.of(n);
            Checkpoint.Section s = sections.remove(key);
            if (s == null) {
                LOG.info("Recovery: the checkpoint has no state for {} ({}); it starts empty", key, n);
                continue;
            }
            if (s.kind() != kind) {
                LOG.warn("Recovery: the state saved for {} is of another kind of operator; {} starts empty", key, n);
                continue;
            }
            try {
                restoreState(n, s);
                restored++;
            } catch (IOException | ClassNotFoundException | ClassCastException e) {
                engine.reportError("Recovery: the state saved for " + key + " cannot be read back (did its key or state"
                        + " classes change?); " + n + " starts empty", e);
            }
        }
        for (String key : sections.keySet()) {
            LOG.warn("Recovery: the checkpoint holds state for {}, which matches no operator of the rebuilt graph; ignored"
                    + " (name stateful streams with name(...) to keep their ids stable across code changes)", key);
        }
        if (tracker != null) {
            tracker.releaseUpTo(ck.time());
        }
        for (RecoverableInput in : inputs) {
            long remember = ((InputNode<?>) in).recoveryRememberMicros();
            in.restorePast(ck.time() - Math.max(remember, interval), ck.time());
        }
        engine.graph().recovered(ck.time());
        lastCheckpoint = ck.time();
        engine.resumeAt(ck.zeroTime(), ck.time() + interval);
        LOG.info("Recovered from the checkpoint of batch {} in {}: {} stateful operators restored, {} logged entries"
                        + " replayed ({} not matched), batches {} (pending at the crash) run again first",
                BatchTimes.describeMicros(ck.time()), dir, restored, replayed, unknown,
                ck.pending().stream().map(BatchTimes::describe).toList());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void restoreState(StreamNode<?> n, Checkpoint.Section s) throws IOException, ClassNotFoundException {
        Object[] flat = (Object[]) Codec.deserialize(s.data());
        var ctx = engine.rddContext();
        if (n instanceof StateNode<?, ?, ?> st) {
            MapBackedNode mb = MapBackedNode.fromPairs(ctx, pairs(flat), st.partitioner(), "recovered state");
            ((StreamNode) n).restoreGenerated(s.time(), mb);
        } else if (n instanceof ReducedWindowedNode<?, ?> w) {
            MapBackedNode mb = MapBackedNode.fromPairs(ctx, pairs(flat), w.partitioner(), "recovered window");
            ((StreamNode) n).restoreGenerated(s.time(), mb);
        } else if (n instanceof MapWithStateNode<?, ?, ?, ?> m) {
            List<Pair<Object, Object>> timed = new ArrayList<>();
            for (int i = 0; i + 2 < flat.length; i += 3) {
                timed.add(new Pair<>(flat[i], new MapWithStateNode.Timed<>(flat[i + 1], (Long) flat[i + 2])));
            }
            MapBackedNode mb = MapBackedNode.fromPairs(ctx, (List) timed, m.partitioner(), "recovered state");
            ((MapWithStateNode) m).restoreState(s.time(), mb);
        }
    }

    private static List<Pair<Object, Object>> pairs(Object[] flat) {
        List<Pair<Object, Object>> out = new ArrayList<>();
        for (int i = 0; i + 1 < flat.length; i += 2) {
            out.add(new Pair<>(flat[i], flat[i + 1]));
        }
        return out;
    }

    private static byte kindOf(StreamNode<?> n) {
        if (n instanceof StateNode<?, ?, ?>) {
            return Checkpoint.UPDATE_STATE;
        }
        if (n instanceof MapWithStateNode<?, ?, ?, ?>) {
            return Checkpoint.MAP_WITH_STATE;
        }
        if (n instanceof ReducedWindowedNode<?, ?>) {
            return Checkpoint.WINDOW;
        }
        return 0;
    }

    // ---- checkpoints

    private List<StreamNode<?>> needed;
    private long neededVersion;

    private void afterBatch(long time) {
        if (closed) {
            return;
        }
        boolean due = lastCheckpoint == Long.MIN_VALUE || time - lastCheckpoint >= intervalMicros || streamAsksAt(time);
        if (!due) {
            return;
        }
        try {
            if (writeCheckpoint(time)) {
                lastCheckpoint = time;
                cleanup();
            }
        } catch (WalWriteException e) {
            LOG.debug("Cleaning up after the checkpoint of batch {} failed; the log reported it", time, e);
        } catch (java.io.ObjectStreamException e) {
            engine.reportFailure(SOURCE, "Checkpoint of batch " + BatchTimes.describeMicros(time) + " failed: " + e.getMessage()
                    + "; the previous checkpoint stays in " + dir, e);
        } catch (IOException e) {
            engine.reportFailure(SOURCE, "Checkpoint of batch " + BatchTimes.describeMicros(time) + " could not be written to " + dir
                    + " (" + WalWriteException.reason(e) + "); the previous one stays. Make it a writable directory"
                    + " on a disk with free space", e);
        } catch (Exception e) {
            engine.reportFailure(SOURCE, "Checkpoint of batch " + BatchTimes.describeMicros(time) + " failed: " + e
                    + "; the previous checkpoint stays in " + dir, e);
        }
    }

    /**
     * Returns true if a stream that an output or a stateful operator needs was given its own
     * checkpoint interval (DStream.checkpoint) and {@code time} is a multiple of it from the zero time.
     */
    private boolean streamAsksAt(long time) {
        long zero = engine.graph().zeroTime();
        if (zero == StreamGraph.NOT_STARTED) {
            return false;
        }
        List<StreamNode<?>> nodes = neededNow();
        for (int i = 0; i < nodes.size(); i++) {
            StreamNode<?> n = nodes.get(i);
            long every = n.checkpointMicros();
            if (every > 0 && time > zero && (time - zero) % every == 0) {
                return true;
            }
        }
        return false;
    }

    /** Writes a checkpoint of batch {@code time}; returns false if a stateful operator has no state for it yet. */
    boolean writeCheckpoint(long time) throws Exception {
        StreamGraph graph = engine.graph();
        Map<String, Checkpoint.Section> sections = new LinkedHashMap<>();
        Set<StreamNode<?>> needed = neededNodes(graph);
        for (StreamNode<?> n : graph.nodes()) {
            byte kind = kindOf(n);
            if (kind == 0 || !needed.contains(n)) {
                continue;
            }
            long valid = n.latestValidTime(time);
            if (valid == StreamGraph.NOT_STARTED) {
                continue;
            }
            Map.Entry<Long, ? extends RddNode<?>> e = n.generatedBefore(time + 1);
            if (e == null) {
                continue;
            }
            if (e.getKey() != valid) {
                LOG.debug("No checkpoint at {}: {} has no state for {}", BatchTimes.describeMicros(time), n, BatchTimes.describeMicros(valid));
                return false;
            }
            sections.put(StableIds.of(n), new Checkpoint.Section(kind, valid, encode(e.getValue())));
        }
        for (RecoverableInput in : inputs()) {
            byte[] snap = in.snapshot();
            if (snap != null) {
                sections.put("input:" + in.key(), new Checkpoint.Section(Checkpoint.INPUT, time, snap));
            }
        }
        ReceivedBlockTracker tracker = blocks;
        if (tracker != null) {
            byte[] data = Codec.serialize(new Object[] {new HashMap<>(tracker.positions()), new HashMap<>(tracker.nextBlockIds())});
            sections.put("receivers", new Checkpoint.Section(Checkpoint.RECEIVERS, time, data));
        }
        List<Long> pending = new ArrayList<>();
        long last = engine.generator().lastGenerated();
        for (long t = time + graph.batchIntervalMicros(); last != Long.MIN_VALUE && t <= last; t += graph.batchIntervalMicros()) {
            pending.add(t);
        }
        Checkpoint ck = new Checkpoint(graph.zeroTime(), time, graph.batchIntervalMicros(), pending, sections);
        byte[] bytes = ck.toBytes();
        Path target = dir.resolve(String.format(PREFIX + "%020d", time));
        Path temp = dir.resolve("." + target.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            LOG.debug("Cannot sync directory {}", dir, e);
        }
        LOG.debug("Checkpoint of batch {} written ({} bytes, {} sections)", BatchTimes.describeMicros(time), bytes.length, sections.size());
        return true;
    }

    /**
     * The streams {@link #neededNodes} returns, kept while the graph's structure stays the same:
     * asked after every batch, on the job thread only.
     */
    private List<StreamNode<?>> neededNow() {
        StreamGraph graph = engine.graph();
        long version = graph.structureVersion();
        if (version != neededVersion || needed == null) {
            needed = List.copyOf(neededNodes(graph));
            neededVersion = version;
        }
        return needed;
    }

    private static Set<StreamNode<?>> neededNodes(StreamGraph graph) {
        Set<StreamNode<?>> out = new HashSet<>();
        List<StreamNode<?>> todo = new ArrayList<>();
        for (OutputOperation<?> o : graph.outputs()) {
            todo.add(o.stream());
        }
        todo.addAll(graph.updatedEveryBatch());
        while (!todo.isEmpty()) {
            StreamNode<?> n = todo.remove(todo.size() - 1);
            if (out.add(n)) {
                todo.addAll(n.parents());
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static byte[] encode(RddNode<?> rdd) throws IOException {
        List<Object> flat = new ArrayList<>();
        if (rdd instanceof MapWithStateNode.Result<?, ?, ?> r) {
            MapBackedNode<Object, MapWithStateNode.Timed<Object>> state = (MapBackedNode<Object, MapWithStateNode.Timed<Object>>) (Object) r.state();
            for (int i = 0; i < state.numPartitions(); i++) {
                for (Map.Entry<Object, MapWithStateNode.Timed<Object>> e : state.partition(i).entrySet()) {
                    flat.add(e.getKey());
                    flat.add(e.getValue().state());
                    flat.add(e.getValue().lastSeen());
                }
            }
        } else if (rdd instanceof MapBackedNode<?, ?> mb) {
            for (int i = 0; i < mb.numPartitions(); i++) {
                for (Map.Entry<?, ?> e : mb.partition(i).entrySet()) {
                    flat.add(e.getKey());
                    flat.add(e.getValue());
                }
            }
        } else {
            throw new IOException("unexpected state dataset " + rdd.operation());
        }
        return Codec.serialize(flat.toArray());
    }

    private void cleanup() throws IOException {
        List<Path> files = checkpointFiles(dir);
        for (int i = 0; i + KEPT < files.size(); i++) {
            Files.deleteIfExists(files.get(i));
        }
        files = checkpointFiles(dir);
        if (files.isEmpty()) {
            return;
        }
        String oldestName = files.get(0).getFileName().toString().substring(PREFIX.length());
        long oldest = Long.parseLong(oldestName);
        long remember = engine.graph().batchIntervalMicros();
        for (InputNode<?> in : engine.graph().inputs()) {
            remember = Math.max(remember, in.recoveryRememberMicros());
        }
        long threshold = oldest - remember - engine.graph().batchIntervalMicros();
        ReceivedBlockTracker tracker = blocks;
        if (tracker != null) {
            tracker.cleanup(threshold);
        }
        for (RecoverableInput in : inputs()) {
            in.forgetBefore(threshold);
        }
        log.clean(threshold);
    }

    @Override
    public void afterStop() {
        closed = true;
        try {
            log.close();
        } catch (IOException e) {
            LOG.warn("Closing the write-ahead log in {} failed", dir, e);
        }
    }
}
