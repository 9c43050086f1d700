package dev.sluice.engine.rdd;

import dev.sluice.streaming.Pair;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A shuffle of key-value records by key that moves every record without combining: reduce
 * partition {@code r} reads the records whose key {@code partitioner} puts in {@code r}. The
 * records of one key come in the order of their map partitions, and within one in the order its
 * map task met them; records of different keys may interleave in any order. Used by
 * {@code mapWithState}, which sees every record in turn ({@code groupByKey} sorts on the map side
 * instead, see {@link GroupShuffle}).
 *
 * <p>A bucket keeps each record's key and value side by side in one {@link ValueList} instead of
 * the {@link Pair}: the pairs a map task reads can die at once rather than stay alive, and be
 * copied by young collections, until the reduce side has read them.
 *
 * <p>Each reduce partition's records are split further into {@value #GROUPS} key groups by a hash
 * of the key, and read group after group. While one group is read, the reader touches a
 * sixteenth of the partition's keys and of their state, so a partition of many keys keeps more
 * of what a record touches in a core's cache. The group's hash is not the one a
 * {@link SlotTable} places keys by: keys of one group, coming in a row, would otherwise crowd one
 * region of a table that is still growing.
 */
public final class PairShuffle<K, V> extends ShuffleDependency<Pair<K, V>> {

    /** Key groups per reduce partition (a power of two). */
    static final int GROUPS = 16;
    private static final int GROUP_SHIFT = 32 - Integer.numberOfTrailingZeros(GROUPS);

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
        ValueList<Object>[] buckets = new ValueList[n * GROUPS];
        while (data.hasNext()) {
            Pair<K, V> record = data.next();
            K key = record.key();
            int b = (n == 1 ? 0 : partitioner.partition(key)) * GROUPS + group(key);
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

    /** Returns the key group of {@code key} within its reduce partition. */
    static int group(Object key) {
        return key == null ? 0 : (key.hashCode() * 0x2C1B3C6D) >>> GROUP_SHIFT;
    }

    /** Returns the buckets of reduce partition {@code r}: key group after key group, each map partition by map partition. */
    @SuppressWarnings("unchecked")
    private List<ValueList<Object>> buckets(int r) {
        List<ValueList<Object>> buckets = new ArrayList<>();
        Object[] outputs = mapOutputs();
        for (int g = 0; g < GROUPS; g++) {
            for (Object output : outputs) {
                ValueList<Object> bucket = ((ValueList<Object>[]) output)[r * GROUPS + g];
                if (bucket != null) {
                    buckets.add(bucket);
                }
            }
        }
        return buckets;
    }

    /**
     * Returns the records of reduce partition {@code r} as a {@link Cursor}: a reader that takes
     * keys and values through {@link Cursor#advance} makes no pair per record.
     */
    public Cursor<K, V> read(int r) {
        return new Cursor<>(buckets(r));
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

        /** Reads {@code buckets} one after another, each holding keys and values side by side. */
        Cursor(List<ValueList<Object>> buckets) {
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
}
