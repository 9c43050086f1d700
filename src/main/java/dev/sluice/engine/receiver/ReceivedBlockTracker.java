package dev.sluice.engine.receiver;

import dev.sluice.engine.durability.Codec;
import dev.sluice.engine.durability.MetadataLog;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Decides which received blocks belong to which batch: blocks queue per input stream as they are
 * added; at a batch boundary every queued block of a stream is allocated to that batch.
 *
 * <p>With a {@link MetadataLog}, each change is first written as an event (block added, with its
 * records; batch allocated; batches cleaned) and then applied; {@link #replay} applies logged events
 * through the same methods, so a recovered tracker is the one that crashed. A batch allocated before
 * a crash gets the same blocks when it runs again.
 *
 * <p>Also remembers, per stream, the source position stored with its latest block (a reliable
 * receiver resumes from it) and the estimated bytes of blocks whose batch has not completed, held
 * in the {@link MemoryBudget}. Thread-safe: blocks are added on receiver and timer threads,
 * allocated on the job generator thread, released on the job thread.
 */
public final class ReceivedBlockTracker {

    /** A stream's last stored source position and the block that carried it. */
    public record Position(long blockId, Serializable position) implements Serializable {
    }

    private volatile MetadataLog log;
    private final MemoryBudget budget;
    private final Map<String, ArrayDeque<Block>> unallocated = new HashMap<>();
    private final TreeMap<Long, Map<String, List<Block>>> allocated = new TreeMap<>();
    private final Map<Long, Boolean> released = new HashMap<>();
    /** Times of allocated batches whose blocks still hold their records (see {@link #releaseRecords}). */
    private final TreeSet<Long> recordsHeld = new TreeSet<>();
    private final Map<String, Long> nextBlockId = new HashMap<>();
    private final Map<String, Position> positions = new HashMap<>();
    /**
     * The oldest and newest times of allocations this process let go of before a cleanup was
     * logged for them: empty allocations (never kept) and allocations whose batch completed and
     * whose records were let go. {@link #cleanup} still logs a cleanup that covers them, so a
     * recovery does not run them again. {@code Long.MAX_VALUE} / {@code Long.MIN_VALUE} when none.
     */
    private long forgottenFrom = Long.MAX_VALUE;
    private long forgottenTo = Long.MIN_VALUE;

    /** Creates a tracker; {@code log} may be null (no write-ahead log). */
    public ReceivedBlockTracker(MetadataLog log, MemoryBudget budget) {
        this.log = log;
        this.budget = budget;
    }

    /** Starts writing events to {@code log}; only before the context starts (a checkpoint directory set late). */
    public void useLog(MetadataLog log) {
        this.log = log;
    }

    /** Returns true if events are written to a log. */
    public boolean isLogged() {
        return log != null;
    }

    /**
     * Adds a block of {@code records} for stream {@code key}; once this returns, the block is in the
     * log (if any) and will be allocated to the next batch.
     */
    public Block addBlock(String key, List<?> records, long bytes, Serializable position) throws IOException {
        Object[] data = records.toArray();
        byte[] pos = null;
        byte[] serialized = null;
        if (log != null) {
            pos = position == null ? null : Codec.serialize(position);
            serialized = Codec.serialize(data);
        }
        Block b;
        long ticket = -1;
        synchronized (this) {
            long id = nextBlockId.getOrDefault(key, 0L);
            b = new Block(key, id, data, bytes, position);
            if (log != null) {
                byte[] p = pos;
                byte[] d = serialized;
                ticket = log.append(MetadataLog.BLOCK_ADDED, out -> writeBlock(out, b, p, d));
            }
            applyBlockAdded(b);
        }
        if (log != null) {
            log.sync(ticket);
        }
        return b;
    }

    private void applyBlockAdded(Block b) {
        unallocated.computeIfAbsent(b.streamKey(), k -> new ArrayDeque<>()).add(b);
        nextBlockId.merge(b.streamKey(), b.id() + 1, Math::max);
        if (b.position() != null) {
            Position current = positions.get(b.streamKey());
            if (current == null || current.blockId() < b.id()) {
                positions.put(b.streamKey(), new Position(b.id(), b.position()));
            }
        }
    }

    /**
     * Returns the blocks of stream {@code key} for batch {@code time}: those allocated to it before
     * (when the batch runs again after recovery), or else every queued block, allocated now.
     */
    public synchronized List<Block> allocate(long time, String key) throws IOException {
        Map<String, List<Block>> batch = allocated.get(time);
        if (batch != null && batch.containsKey(key)) {
            return held(time, batch.get(key));
        }
        ArrayDeque<Block> queue = unallocated.get(key);
        if (queue == null || queue.isEmpty()) {
            // an empty batch: logged, so that a recovery gives it no block either, but not kept
            if (log != null) {
                log.write(MetadataLog.BATCH_ALLOCATED, out -> {
                    out.writeLong(time);
                    out.writeUTF(key);
                    out.writeInt(0);
                });
            }
            forgotten(time);
            return List.of();
        }
        List<Long> ids = new ArrayList<>(queue.size());
        for (Block b : queue) {
            ids.add(b.id());
        }
        if (log != null) {
            log.write(MetadataLog.BATCH_ALLOCATED, out -> {
                out.writeLong(time);
                out.writeUTF(key);
                out.writeInt(ids.size());
                for (long id : ids) {
                    out.writeLong(id);
                }
            });
        }
        return applyAllocated(time, key, ids);
    }

    private void forgotten(long time) {
        if (log == null) {
            return;   // nothing to log a cleanup to
        }
        forgottenFrom = Math.min(forgottenFrom, time);
        forgottenTo = Math.max(forgottenTo, time);
    }

    private List<Block> applyAllocated(long time, String key, List<Long> ids) {
        ArrayDeque<Block> queue = unallocated.getOrDefault(key, new ArrayDeque<>());
        List<Block> blocks = new ArrayList<>();
        for (long id : ids) {
            for (var it = queue.iterator(); it.hasNext(); ) {
                Block b = it.next();
                if (b.id() == id) {
                    blocks.add(b);
                    it.remove();
                    break;
                }
            }
        }
        allocated.computeIfAbsent(time, t -> new HashMap<>()).put(key, List.copyOf(blocks));
        recordsHeld.add(time);
        return List.copyOf(blocks);
    }

    /** Returns the blocks allocated to batch {@code time} for stream {@code key}, if that allocation is known. */
    public synchronized List<Block> allocatedTo(long time, String key) {
        Map<String, List<Block>> batch = allocated.get(time);
        return batch == null ? null : held(time, batch.get(key));
    }

    private static List<Block> held(long time, List<Block> blocks) {
        if (blocks != null && !blocks.isEmpty() && blocks.get(0).records() == null) {
            throw new IllegalStateException("the records of batch " + time + " were already let go ("
                    + blocks.get(0).streamKey() + "); only the log holds them");
        }
        return blocks;
    }

    /**
     * Lets go of the records of blocks allocated to batches before {@code threshold}. Called with a
     * log, where allocations must be forgotten by a logged cleanup, which comes only once no restart
     * needs them: far later than the running process reads a batch's records again. The records of
     * a restart, and its allocations, come from the log, not from here; so a batch that has
     * completed is forgotten here at once (only the span of such times is remembered, for the
     * cleanup to log), and one that has not keeps its allocation without records until
     * {@link #cleanup}. Returns the number of blocks whose records were let go.
     */
    public synchronized int releaseRecords(long threshold) {
        int n = 0;
        // only the batches still holding records are visited: a call costs what it lets go
        for (Iterator<Long> times = recordsHeld.headSet(threshold, false).iterator(); times.hasNext(); ) {
            long time = times.next();
            Map<String, List<Block>> batch = allocated.get(time);
            times.remove();
            if (batch == null) {
                continue;
            }
            if (released.containsKey(time)) {
                // completed and its memory given back: nothing in this process reads the allocation
                // again (a restart reads the log), so only the cleanup to log is remembered
                for (List<Block> blocks : batch.values()) {
                    n += blocks.size();
                }
                allocated.remove(time);
                released.remove(time);
                forgotten(time);
                continue;
            }
            for (Map.Entry<String, List<Block>> e : batch.entrySet()) {
                List<Block> without = new ArrayList<>(e.getValue().size());
                for (Block b : e.getValue()) {
                    without.add(new Block(b.streamKey(), b.id(), null, b.bytes(), b.position()));
                }
                e.setValue(List.copyOf(without));
                n += without.size();
            }
        }
        return n;
    }

    /** Returns the times with known allocations in {@code [from, to]}. */
    public synchronized List<Long> allocatedTimes(long from, long to) {
        return new ArrayList<>(allocated.subMap(from, true, to, true).keySet());
    }

    /** Returns true if stream {@code key} (or, with null, any stream) has blocks waiting for a batch. */
    public synchronized boolean hasUnallocated(String key) {
        if (key != null) {
            ArrayDeque<Block> q = unallocated.get(key);
            return q != null && !q.isEmpty();
        }
        for (ArrayDeque<Block> q : unallocated.values()) {
            if (!q.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** Releases the memory of batch {@code time}'s blocks (its jobs have run). */
    public void batchCompleted(long time) {
        long bytes = 0;
        synchronized (this) {
            Map<String, List<Block>> batch = allocated.get(time);
            if (batch == null || released.containsKey(time)) {
                return;
            }
            released.put(time, Boolean.TRUE);
            for (List<Block> blocks : batch.values()) {
                for (Block b : blocks) {
                    bytes += b.bytes();
                }
            }
        }
        budget.release(bytes);
    }

    /** Releases the memory of every batch at or before {@code time} (recovered batches that will not run again). */
    public void releaseUpTo(long time) {
        List<Long> times;
        synchronized (this) {
            times = new ArrayList<>(allocated.headMap(time, true).keySet());
        }
        for (long t : times) {
            batchCompleted(t);
        }
    }

    /** Forgets the allocations of batches before {@code threshold}, logging the cleanup first. */
    public synchronized void cleanup(long threshold) throws IOException {
        boolean kept = !allocated.isEmpty() && allocated.firstKey() < threshold;
        if (!kept && forgottenFrom >= threshold) {
            return;
        }
        if (log != null) {
            log.write(MetadataLog.BATCH_CLEANED, out -> out.writeLong(threshold));
        }
        applyCleaned(threshold);
        if (forgottenTo < threshold) {
            forgottenFrom = Long.MAX_VALUE;
            forgottenTo = Long.MIN_VALUE;
        } else {
            forgottenFrom = Math.max(forgottenFrom, threshold);
        }
    }

    private void applyCleaned(long threshold) {
        for (Long t : new ArrayList<>(allocated.headMap(threshold, false).keySet())) {
            Map<String, List<Block>> batch = allocated.remove(t);
            if (!released.containsKey(t)) {
                long bytes = 0;
                for (List<Block> blocks : batch.values()) {
                    for (Block b : blocks) {
                        bytes += b.bytes();
                    }
                }
                budget.release(bytes);
            }
            released.remove(t);
            recordsHeld.remove(t);
        }
    }

    /** Applies one logged event of the tracker's kinds; returns false for other kinds. */
    public synchronized boolean replay(MetadataLog.Entry e) throws IOException, ClassNotFoundException {
        DataInputStream in = e.in();
        switch (e.kind()) {
            case MetadataLog.BLOCK_ADDED -> {
                Block b = readBlock(in);
                budget.force(b.bytes());
                applyBlockAdded(b);
            }
            case MetadataLog.BATCH_ALLOCATED -> {
                long time = in.readLong();
                String key = in.readUTF();
                int n = in.readInt();
                List<Long> ids = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    ids.add(in.readLong());
                }
                applyAllocated(time, key, ids);
            }
            case MetadataLog.BATCH_CLEANED -> applyCleaned(in.readLong());
            default -> {
                return false;
            }
        }
        return true;
    }

    /** Drops every block of streams not in {@code keys} (their operators are gone from the graph); returns how many. */
    public synchronized int dropStreamsOtherThan(java.util.Set<String> keys) {
        int dropped = 0;
        for (var it = unallocated.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (!keys.contains(e.getKey())) {
                for (Block b : e.getValue()) {
                    budget.release(b.bytes());
                    dropped++;
                }
                it.remove();
            }
        }
        return dropped;
    }

    /** Returns the last stored position of each stream. */
    public synchronized Map<String, Position> positions() {
        return Map.copyOf(positions);
    }

    /** Returns the next block id of each stream. */
    public synchronized Map<String, Long> nextBlockIds() {
        return Map.copyOf(nextBlockId);
    }

    /** Restores positions and block ids saved in a checkpoint; newer ones already known win. */
    public synchronized void restore(Map<String, Position> saved, Map<String, Long> savedNextIds) {
        for (var e : saved.entrySet()) {
            Position current = positions.get(e.getKey());
            if (current == null || current.blockId() < e.getValue().blockId()) {
                positions.put(e.getKey(), e.getValue());
            }
        }
        for (var e : savedNextIds.entrySet()) {
            nextBlockId.merge(e.getKey(), e.getValue(), Math::max);
        }
    }

    /** Returns the last stored position of stream {@code key}, or null. */
    public synchronized Serializable position(String key) {
        Position p = positions.get(key);
        return p == null ? null : p.position();
    }

    private static void writeBlock(DataOutputStream out, Block b, byte[] pos, byte[] data) throws IOException {
        out.writeUTF(b.streamKey());
        out.writeLong(b.id());
        out.writeLong(b.bytes());
        out.writeInt(pos == null ? -1 : pos.length);
        if (pos != null) {
            out.write(pos);
        }
        out.writeInt(data.length);
        out.write(data);
    }

    private static Block readBlock(DataInputStream in) throws IOException, ClassNotFoundException {
        String key = in.readUTF();
        long id = in.readLong();
        long bytes = in.readLong();
        int posLen = in.readInt();
        Serializable pos = null;
        if (posLen >= 0) {
            byte[] p = new byte[posLen];
            in.readFully(p);
            pos = (Serializable) Codec.deserialize(p);
        }
        byte[] data = new byte[in.readInt()];
        in.readFully(data);
        Object[] records = (Object[]) Codec.deserialize(data);
        return new Block(key, id, records, bytes, pos);
    }
}
