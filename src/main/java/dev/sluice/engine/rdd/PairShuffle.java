package dev.sluice.engine.rdd;

import dev.sluice.streaming.Pair;
import java.util.ArrayList;
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

    /**
     * Returns the records of reduce partition {@code r}, map partition by map partition, as a
     * {@link Cursor}: a reader that takes keys and values through {@link Cursor#advance} makes no
     * pair per record.
     */
    @SuppressWarnings("unchecked")
    public Cursor<K, V> read(int r) {
        List<ValueList<Object>> buckets = new ArrayList<>();
        for (Object output : mapOutputs()) {
            ValueList<Object> bucket = ((ValueList<Object>[]) output)[r];
            if (bucket != null) {
                buckets.add(bucket);
            }
        }
        return new Cursor<>(buckets);
    }

    /**
     * The records of one reduce partition. Read either as an iterator of pairs, or with
     * {@link #advance()} then {@link #key()} and {@link #value()}; not both on one cursor.
     */
    public static final class Cursor<K, V> implements Iterator<Pair<K, V>> {
        private final List<ValueList<Object>> buckets;
        private int bucket;
        private int chunk;
        private Object[] current = new Object[0];
        private int limit;
        private int pos;
        private boolean ready;
        private K key;
        private V value;

        private Cursor(List<ValueList<Object>> buckets) {
            this.buckets = buckets;
            this.bucket = -1;
        }

        /** Moves to the next record; false when there is none. */
        @SuppressWarnings("unchecked")
        public boolean advance() {
            if (ready) {
                ready = false;
                return true;
            }
            if (pos == limit && !nextChunk()) {
                return false;
            }
            key = (K) current[pos++];
            if (pos == limit && !nextChunk()) {
                throw new IllegalStateException("a shuffle bucket ends with a key and no value");
            }
            value = (V) current[pos++];
            return true;
        }

        /** Steps to the next non-empty chunk, bucket after bucket; false at the end. */
        private boolean nextChunk() {
            while (true) {
                if (bucket >= 0 && chunk + 1 < buckets.get(bucket).chunkCount()) {
                    chunk++;
                } else if (bucket + 1 < buckets.size()) {
                    bucket++;
                    chunk = 0;
                } else {
                    return false;
                }
                ValueList<Object> b = buckets.get(bucket);
                current = b.chunk(chunk);
                limit = b.chunkLength(chunk);
                pos = 0;
                if (limit > 0) {
                    return true;
                }
            }
        }

        /** Returns the key of the current record. */
        public K key() {
            return key;
        }

        /** Returns the value of the current record. */
        public V value() {
            return value;
        }

        @Override
        public boolean hasNext() {
            if (!ready) {
                ready = advance();
            }
            return ready;
        }

        @Override
        public Pair<K, V> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            ready = false;
            return new Pair<>(key, value);
        }
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
