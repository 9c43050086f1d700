package dev.sluice.engine.rdd;

import dev.sluice.streaming.Pair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A shuffle of key-value records by key that moves every record without combining: reduce
 * partition {@code r} reads the records whose key {@code partitioner} puts in {@code r}, map
 * partition by map partition, each in the order its map task met them. Used by
 * {@code mapWithState}, which sees every record, and by {@code groupByKey}, whose reduce side groups
 * a partition's records (see {@link Grouping}): grouping on the map side would move as many values
 * and make each map task's working set every key.
 *
 * <p>A bucket keeps each record's key and value side by side in one {@link ValueList} instead of
 * the {@link Pair}: the pairs a map task reads can die at once rather than stay alive, and be
 * copied by young collections, until the reduce side has read them. A read makes a fresh pair
 * per record.
 */
public final class PairShuffle<K, V> extends ShuffleDependency<Pair<K, V>> {

    private final Partitioner partitioner;

    /** Shuffles {@code parent} by key into {@code partitioner}'s partitions. */
    public PairShuffle(RddNode<Pair<K, V>> parent, Partitioner partitioner) {
        super(parent, partitioner.numPartitions());
        this.partitioner = partitioner;
    }

    /** Returns the partitioner of the result. */
    public Partitioner partitioner() {
        return partitioner;
    }

    @Override
    @SuppressWarnings("unchecked")
    protected Object mapTask(Iterator<Pair<K, V>> data) {
        int n = numReducers();
        ValueList<Object>[] buckets = new ValueList[n];
        while (data.hasNext()) {
            Pair<K, V> record = data.next();
            K key = record.key();
            int b = n == 1 ? 0 : partitioner.partition(key);
            ValueList<Object> bucket = buckets[b];
            if (bucket == null) {
                bucket = new ValueList<>();
                buckets[b] = bucket;
            }
            bucket.add(key);
            bucket.add(record.value());
        }
        return buckets;
    }

    /** Returns the records of reduce partition {@code r}, map partition by map partition. */
    @SuppressWarnings("unchecked")
    public Iterator<Pair<K, V>> read(int r) {
        Iterator<Object> slots = Iterators.flatMap(Arrays.asList(mapOutputs()).iterator(),
                output -> ((ValueList<Object>[]) output)[r]);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return slots.hasNext();
            }

            @Override
            public Pair<K, V> next() {
                if (!slots.hasNext()) {
                    throw new NoSuchElementException();
                }
                return new Pair<>((K) slots.next(), (V) slots.next());
            }
        };
    }

    /** Returns each key of reduce partition {@code r} once, with its values in the order {@link #read} gives them. */
    @SuppressWarnings("unchecked")
    public Iterator<Pair<K, List<V>>> group(int r) {
        List<ValueList<Object>> buckets = new ArrayList<>();
        for (Object output : mapOutputs()) {
            ValueList<Object> bucket = ((ValueList<Object>[]) output)[r];
            if (bucket != null) {
                buckets.add(bucket);
            }
        }
        return Grouping.group(buckets);
    }
}
