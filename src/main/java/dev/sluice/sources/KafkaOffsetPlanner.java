package dev.sluice.sources;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Decides the offset ranges of each batch of a Kafka source and which offsets may be committed:
 * pure bookkeeping with no client and no thread of its own, so it can be driven directly.
 *
 * <p>Keeps the position (next offset to read) of every partition, the ranges' ends of batches
 * not yet committed, the offsets sent to the group (a commit may be on its way: {@link #committing})
 * and those the group confirmed. Not thread-safe: its owner calls it from one thread at a time.
 */
public final class KafkaOffsetPlanner {

    /** A Kafka partition, named without the client's types. */
    public record Partition(String topic, int partition) implements Comparable<Partition> {
        @Override
        public int compareTo(Partition o) {
            int c = topic.compareTo(o.topic);
            return c != 0 ? c : Integer.compare(partition, o.partition);
        }

        @Override
        public String toString() {
            return topic + "-" + partition;
        }
    }

    private final long maxRecordsPerBatch;
    private final SortedMap<Partition, Long> positions = new TreeMap<>();
    private final TreeMap<Long, Map<Partition, Long>> uncommitted = new TreeMap<>();
    private final Map<Partition, Long> committed = new LinkedHashMap<>();
    /** The offsets last sent to the group per partition, confirmed or not. */
    private final Map<Partition, Long> sent = new LinkedHashMap<>();
    /** Offsets whose commit failed and that no later commit carries: the next commit sends them again. */
    private final Map<Partition, Long> retry = new TreeMap<>();

    /**
     * Creates a planner; {@code maxRatePerPartition} records per second (0: no limit) over a
     * batch of {@code batchIntervalMicros} gives the most records one batch takes per partition.
     */
    public KafkaOffsetPlanner(long maxRatePerPartition, long batchIntervalMicros) {
        this.maxRecordsPerBatch = maxRatePerPartition <= 0 ? Long.MAX_VALUE
                : Math.max(1, (long) Math.floor(maxRatePerPartition * (batchIntervalMicros / 1e6)));
    }

    /** Returns the most offsets one batch takes per partition ({@link Long#MAX_VALUE} when unlimited). */
    public long maxRecordsPerBatch() {
        return maxRecordsPerBatch;
    }

    /** Returns true if at least one partition has a position. */
    public boolean hasPartitions() {
        return !positions.isEmpty();
    }

    /** Returns true if the partition has a position. */
    public boolean knows(Partition p) {
        return positions.containsKey(p);
    }

    /** Sets where a partition starts; {@code committedOffset} true when it came from the group (so it needs no commit). */
    public void start(Partition p, long offset, boolean committedOffset) {
        positions.put(p, offset);
        if (committedOffset) {
            committed.put(p, offset);
            sent.put(p, offset);
        }
    }

    /** Forgets partitions that no longer exist (their topic was deleted). */
    public void retain(java.util.Collection<Partition> existing) {
        positions.keySet().retainAll(existing);
    }

    /** Returns the partitions with a position, in topic and partition order. */
    public List<Partition> partitions() {
        return new ArrayList<>(positions.keySet());
    }

    /** Returns the current positions (next offsets to read). */
    public Map<Partition, Long> positions() {
        return new LinkedHashMap<>(positions);
    }

    /**
     * Plans batch {@code time}: one range per known partition from its position to its end
     * offset (capped by the rate limit), then moves the positions to the ranges' ends. A
     * partition missing from {@code endOffsets} gets an empty range. An end offset below the
     * position (the partition was truncated) also gives an empty range.
     */
    public List<KafkaOffsetRange> plan(long time, Map<Partition, Long> endOffsets) {
        List<KafkaOffsetRange> ranges = new ArrayList<>(positions.size());
        Map<Partition, Long> ends = new LinkedHashMap<>();
        for (Map.Entry<Partition, Long> e : positions.entrySet()) {
            Partition p = e.getKey();
            long from = e.getValue();
            long end = endOffsets.getOrDefault(p, from);
            long until = Math.max(from, Math.min(end, saturatedAdd(from, maxRecordsPerBatch)));
            ranges.add(new KafkaOffsetRange(p.topic(), p.partition(), from, until));
            ends.put(p, until);
        }
        positions.putAll(ends);
        uncommitted.put(time, ends);
        return ranges;
    }

    /**
     * Takes {@code ranges}, planned for batch {@code time} before a restart, as that batch's
     * again: the positions move to at least the ranges' ends (a partition not known yet becomes
     * known), and the batch waits for its commit like a planned one.
     */
    public void replay(long time, List<KafkaOffsetRange> ranges) {
        Map<Partition, Long> ends = new LinkedHashMap<>();
        for (KafkaOffsetRange r : ranges) {
            Partition p = new Partition(r.topic(), r.partition());
            ends.put(p, r.until());
            advance(p, r.until());
        }
        uncommitted.put(time, ends);
    }

    /** Moves a partition's position to {@code offset} unless it is already past it (restoring a position saved before a restart). */
    public void advance(Partition p, long offset) {
        positions.merge(p, offset, Math::max);
    }

    /** Undoes {@link #plan} of batch {@code time}, which gave {@code ranges}: the positions go back to the ranges' starts. */
    public void unplan(long time, List<KafkaOffsetRange> ranges) {
        for (KafkaOffsetRange r : ranges) {
            Partition p = new Partition(r.topic(), r.partition());
            if (positions.containsKey(p)) {
                positions.put(p, r.from());
            }
        }
        uncommitted.remove(time);
    }

    /**
     * Returns the offsets to commit once every batch up to {@code completedThrough} has
     * completed: for each partition the end of its range in the latest such batch, and the offsets
     * of failed commits that no later commit carries, only where that differs from what was sent
     * to the group. Empty when there is nothing new.
     */
    public Map<Partition, Long> toCommit(long completedThrough) {
        Map<Partition, Long> offsets = new TreeMap<>(retry);
        for (Map<Partition, Long> batch : uncommitted.headMap(completedThrough, true).values()) {
            offsets.putAll(batch);
        }
        offsets.entrySet().removeIf(e -> e.getValue().equals(sent.get(e.getKey())));
        return offsets;
    }

    /**
     * Returns what a final, synchronous commit of the batches up to {@code completedThrough} sends:
     * {@link #toCommit} and the offsets sent but not confirmed yet, the later ones winning.
     */
    public Map<Partition, Long> toCommitFinally(long completedThrough) {
        Map<Partition, Long> offsets = unconfirmed();
        offsets.putAll(toCommit(completedThrough));
        return offsets;
    }

    /** Returns the offsets sent to the group whose commit has not been confirmed (yet). */
    public Map<Partition, Long> unconfirmed() {
        Map<Partition, Long> offsets = new TreeMap<>();
        sent.forEach((p, o) -> {
            if (!o.equals(committed.get(p))) {
                offsets.put(p, o);
            }
        });
        return offsets;
    }

    /**
     * Records that {@code offsets} were sent to the group for every batch up to {@code completedThrough}
     * (the batches are done with; the answer comes to {@link #commitConfirmed} or {@link #commitFailed}).
     */
    public void committing(long completedThrough, Map<Partition, Long> offsets) {
        uncommitted.headMap(completedThrough, true).clear();
        sent.putAll(offsets);
        retry.keySet().removeAll(offsets.keySet());
    }

    /** Records that the group confirmed the commit of {@code offsets}. */
    public void commitConfirmed(Map<Partition, Long> offsets) {
        committed.putAll(offsets);
    }

    /**
     * Records that the commit of {@code offsets} failed: the offsets that no later commit carries are
     * sent again by the next commit.
     */
    public void commitFailed(Map<Partition, Long> offsets) {
        offsets.forEach((p, o) -> {
            if (o.equals(sent.get(p)) && !o.equals(committed.get(p))) {
                sent.remove(p);
                retry.put(p, o);
            }
        });
    }

    /** Records that {@code offsets} were committed (sent and confirmed) for every batch up to {@code completedThrough}. */
    public void committed(long completedThrough, Map<Partition, Long> offsets) {
        committing(completedThrough, offsets);
        commitConfirmed(offsets);
    }

    /** Returns the offsets last committed (or found committed) per partition. */
    public Map<Partition, Long> committedOffsets() {
        return new LinkedHashMap<>(committed);
    }

    /** Returns how many planned batches wait for their commit. */
    public int uncommittedBatches() {
        return uncommitted.size();
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }
}
