package dev.sluice.engine.rdd;

import java.util.Arrays;
import java.util.Iterator;

/**
 * A shuffle that moves records without combining them: each record goes to the reduce partition
 * its bucket function names, in the order the map task met it. Used by repartition and by
 * {@code mapWithState}, which sees every record.
 */
public final class RecordShuffle<T> extends ShuffleDependency<T> {

    /** Chooses the reduce partition of a record. */
    @FunctionalInterface
    public interface Bucketer<T> extends java.io.Serializable {
        /** Returns the bucket of {@code record}, the {@code index}-th record of map partition {@code split}. */
        int bucket(T record, int split, long index);
    }

    private final Bucketer<T> bucketer;
    private final Partitioner partitioner;

    /** Shuffles {@code parent} into {@code numReducers} partitions; {@code partitioner} (may be null) is what the result is partitioned by. */
    public RecordShuffle(RddNode<T> parent, int numReducers, Bucketer<T> bucketer, Partitioner partitioner) {
        super(parent, numReducers);
        this.bucketer = bucketer;
        this.partitioner = partitioner;
    }

    /** Returns the function that chooses each record's reduce partition. */
    public Bucketer<T> bucketer() {
        return bucketer;
    }

    /** Returns the partitioner of the result, or null. */
    public Partitioner partitioner() {
        return partitioner;
    }

    @Override
    @SuppressWarnings("unchecked")
    protected Object mapTask(Iterator<T> data) {
        return mapTask(data, 0);
    }

    @Override
    protected Object mapTask(RddNode<T> input, int split) throws Exception {
        return mapTask(input.iterator(split), split);
    }

    @SuppressWarnings("unchecked")
    private Object mapTask(Iterator<T> data, int split) {
        ValueList<T>[] buckets = new ValueList[numReducers()];
        long index = 0;
        while (data.hasNext()) {
            T record = data.next();
            int b = bucketer.bucket(record, split, index++);
            if (buckets[b] == null) {
                buckets[b] = new ValueList<>();
            }
            buckets[b].add(record);
        }
        return buckets;
    }

    /** Returns the records of reduce partition {@code r}, map partition by map partition. */
    @SuppressWarnings("unchecked")
    public Iterator<T> read(int r) {
        return Iterators.flatMap(Arrays.asList(mapOutputs()).iterator(), output -> ((ValueList<T>[]) output)[r]);
    }
}
