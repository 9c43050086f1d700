package dev.sluice.engine.rdd;

import dev.sluice.streaming.Pair;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * The shuffle of {@code groupByKey}, {@code updateStateByKey} and {@code mapWithState}: each map
 * task sorts its records by key with {@link Grouping#sort}, and reduce partition {@code r} reads
 * each key once per map task with {@link Grouping#groups}. Values are not combined: a key's group
 * holds every one of its values, those of the first map partition first, each map partition's in
 * the order its task met them.
 *
 * <p>Sorting on the map side keeps one reference per record between the map and the reduce side
 * (none when every record of a map task has the same value object), and the reduce side handles
 * keys rather than records: it copies no value and makes no object per record.
 */
public final class GroupShuffle<K, V> extends ShuffleDependency<Pair<K, V>> {

    private final Partitioner partitioner;
    private final KeySizing sizing;

    /** Shuffles {@code parent} by key into {@code partitioner}'s partitions. */
    public GroupShuffle(RddNode<Pair<K, V>> parent, Partitioner partitioner) {
        this(parent, partitioner, null);
    }

    /**
     * As {@link #GroupShuffle(RddNode, Partitioner)}, the map tasks' key tables sized from
     * {@code sizing} (may be null), which they update: for an operator that shuffles every batch.
     */
    public GroupShuffle(RddNode<Pair<K, V>> parent, Partitioner partitioner, KeySizing sizing) {
        super(parent, partitioner.numPartitions());
        this.partitioner = partitioner;
        this.sizing = sizing;
    }

    /** Returns the partitioner of the result. */
    public Partitioner partitioner() {
        return partitioner;
    }

    @Override
    protected Object mapTask(Iterator<Pair<K, V>> data) {
        return Grouping.sort(data, partitioner, numReducers(), sizing);
    }

    /** Returns each key of reduce partition {@code r} once, with its values. */
    public Iterator<Pair<K, List<V>>> group(int r) {
        Object[] outputs = mapOutputs();
        return Grouping.groups(Arrays.asList(Arrays.copyOf(outputs, outputs.length, Grouping.Sorted[].class)), r);
    }
}
