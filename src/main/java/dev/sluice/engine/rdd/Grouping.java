package dev.sluice.engine.rdd;

import dev.sluice.streaming.Pair;
import java.io.Serial;
import java.io.Serializable;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.RandomAccess;

/**
 * Groups key-value records by key with a counting sort instead of one growing list per key.
 *
 * <p>{@link #sort} runs on the map side, over one partition's records. It first appends each
 * record's key and value to a bucket chosen by its reduce partition and by its key group (one of
 * {@value #GROUPS}, see {@link #group}), then sorts bucket after bucket: it numbers each record's
 * key with a table of the group's keys alone (small enough to stay in a core's cache), counts the
 * records of each key, and writes the values into one array, key after key, each key's values in
 * the order they came. {@link #groups} reads one reduce partition from such sorted outputs: it meets each
 * key once per output, not once per record, and a key's group is a read-only view of its ranges
 * of the outputs' arrays. No value is copied on the reduce side.
 *
 * <p>Per record, the work is one probe into a small table and a few array reads and writes, with
 * no object made; per key and output, one probe on the reduce side. What stays alive from the map
 * to the reduce side is one reference per record, where keeping the buckets would take two. When
 * every record of a map task has one and the same value object, as in the {@code (key, 1L)} pairs
 * of a count, the task keeps neither its buckets' values nor the sorted array: a key's group is
 * then that object as many times as the key has records. The first record with another value
 * makes the task keep values from then on, the earlier records' included. The
 * arrays are made of chunks of {@link ValueList#MAX_CHUNK} elements: one array for all of a
 * partition's records could be large enough for G1 to place it in the old generation, where every
 * reference stored into it would go through the slow path of the write barrier.
 */
final class Grouping {

    /** Key groups per reduce partition (a power of two). */
    static final int GROUPS = 16;
    private static final int GROUP_SHIFT = 32 - Integer.numberOfTrailingZeros(GROUPS);
    private static final int SHIFT = Integer.numberOfTrailingZeros(ValueList.MAX_CHUNK);
    private static final int MASK = ValueList.MAX_CHUNK - 1;

    /** Stands for "no record yet" where the value every record shared is tracked (values may be null). */
    private static final Object NO_VALUE = new Object();

    private Grouping() {
    }

    /**
     * Returns the key group of {@code key} within its reduce partition. A reduce partition's keys
     * come group after group, so a reader that looks up state per key (as {@code mapWithState}
     * does) touches a sixteenth of the partition's keys and of their state at a time. The group's
     * hash is not the one a {@link SumTable} or a {@link SlotTable} places keys by: keys of one
     * group, coming in a row, would otherwise crowd one region of a table that is still growing.
     */
    static int group(Object key) {
        return key == null ? 0 : (key.hashCode() * 0x2C1B3C6D) >>> GROUP_SHIFT;
    }

    /**
     * One partition's records sorted for the reduce side: the keys of reduce partition {@code r}
     * are {@code keys[keyStart[r] .. keyStart[r + 1])}, and the values of the key at {@code i} are
     * positions {@code valueStart[i] .. valueStart[i + 1]} of {@code values}, or as many copies of
     * {@code shared} when {@code values} is null. Never modified once made.
     */
    static final class Sorted {
        final Object[] keys;
        final int[] keyStart;
        final int[] valueStart;
        /** The values in chunks, or null when every value is {@link #shared}. */
        final Object[][] values;
        final Object shared;

        private Sorted(Object[] keys, int[] keyStart, int[] valueStart, Object[][] values, Object shared) {
            this.keys = keys;
            this.keyStart = keyStart;
            this.valueStart = valueStart;
            this.values = values;
            this.shared = shared;
        }

        /** Returns the values of the key at {@code k} of {@link #keys}. */
        <V> Range<V> range(int k) {
            return new Range<>(values, shared, valueStart[k], valueStart[k + 1]);
        }
    }

    /**
     * Sorts {@code data} by key for {@code reducers} reduce partitions placed by {@code partitioner}
     * (which may be null when there is one reduce partition).
     */
    static Sorted sort(Iterator<? extends Pair<?, ?>> data, Partitioner partitioner, int reducers) {
        // First into buckets by reduce partition and key group, so that numbering the keys
        // afterwards works on one group's keys at a time. While every record's value is one and
        // the same object (as in pairs like (word, 1L)), no bucket keeps values.
        @SuppressWarnings("unchecked")
        ValueList<Object>[] buckets = new ValueList[reducers * GROUPS];
        int records = 0;
        Object shared = NO_VALUE;
        boolean keepValues = false;
        while (data.hasNext()) {
            Pair<?, ?> record = data.next();
            Object key = record.key();
            Object value = record.value();
            int b = (reducers == 1 ? 0 : partitioner.partition(key)) * GROUPS + group(key);
            if (value != shared && !keepValues) {
                if (shared == NO_VALUE) {
                    shared = value;
                } else {
                    keepValues = true;
                    for (int i = 0; i < buckets.length; i++) {
                        if (buckets[i] != null) {
                            buckets[i] = withValues(buckets[i], shared);
                        }
                    }
                }
            }
            ValueList<Object> bucket = buckets[b];
            if (bucket == null) {
                bucket = new ValueList<>();
                buckets[b] = bucket;
            }
            bucket.add(key);
            if (keepValues) {
                bucket.add(value);
            }
            records++;
        }
        Object[][] values = keepValues ? chunks(records) : null;
        int stride = keepValues ? 2 : 1;
        int[] keyStart = new int[reducers + 1];
        Object[] keys = new Object[16];
        int[] valueStart = new int[17];
        int keyCount = 0;
        int[] idOf = new int[16];
        int at = 0;
        for (int b = 0; b < buckets.length; b++) {
            if (b % GROUPS == 0) {
                keyStart[b / GROUPS] = keyCount;
            }
            ValueList<Object> items = buckets[b];
            if (items == null) {
                continue;
            }
            buckets[b] = null;
            int n = items.size() / stride;
            if (idOf.length < n) {
                idOf = new int[Math.max(n, 2 * idOf.length)];
            }
            // Number the group's keys in the order first met, and count each key's records.
            SumTable<Object> ids = new SumTable<>();
            int[] counts = new int[16];
            int rec = 0;
            for (int c = 0; c < items.chunkCount(); c++) {
                Object[] chunk = items.chunk(c);
                int length = chunkLength(items, c, stride);
                for (int j = 0; j < length; j += stride) {
                    Object key = chunk[j];
                    int fresh = ids.size();
                    int id = (int) ids.getOrPut(key, fresh);
                    if (id == fresh) {
                        if (id == counts.length) {
                            counts = Arrays.copyOf(counts, 2 * id);
                        }
                        if (keyCount == keys.length) {
                            keys = Arrays.copyOf(keys, 2 * keyCount);
                            valueStart = Arrays.copyOf(valueStart, 2 * keyCount + 1);
                        }
                        keys[keyCount++] = key;
                    }
                    counts[id]++;
                    idOf[rec++] = id;
                }
            }
            // Each key's values start where the previous key's end; counts becomes each key's next position.
            int first = keyCount - ids.size();
            for (int id = 0; id < ids.size(); id++) {
                valueStart[first + id] = at;
                int count = counts[id];
                counts[id] = at;
                at += count;
            }
            if (values != null) {
                rec = 0;
                for (int c = 0; c < items.chunkCount(); c++) {
                    Object[] chunk = items.chunk(c);
                    int length = chunkLength(items, c, 2);
                    for (int j = 0; j < length; j += 2) {
                        int to = counts[idOf[rec++]]++;
                        values[to >>> SHIFT][to & MASK] = chunk[j + 1];
                    }
                }
            }
        }
        keyStart[reducers] = keyCount;
        valueStart[keyCount] = at;
        return new Sorted(Arrays.copyOf(keys, keyCount), keyStart, Arrays.copyOf(valueStart, keyCount + 1), values,
                shared == NO_VALUE ? null : shared);
    }

    /**
     * Returns a bucket that has kept keys alone rewritten as key-value pairs, each with
     * {@code shared} as its value. Buckets keep keys alone while every record has had one value
     * object, and each record's key and value side by side after that.
     */
    private static ValueList<Object> withValues(ValueList<Object> keys, Object shared) {
        ValueList<Object> pairs = new ValueList<>();
        for (int c = 0; c < keys.chunkCount(); c++) {
            Object[] chunk = keys.chunk(c);
            for (int j = 0; j < keys.chunkLength(c); j++) {
                pairs.add(chunk[j]);
                pairs.add(shared);
            }
        }
        return pairs;
    }

    /** Returns the used length of chunk {@code c} of a bucket whose records take {@code stride} elements each. */
    private static int chunkLength(ValueList<Object> items, int c, int stride) {
        int length = items.chunkLength(c);
        if (length % stride != 0) {
            throw new IllegalStateException("a bucket chunk ends inside a record");
        }
        return length;
    }

    private static Object[][] chunks(int records) {
        int count = (records + MASK) >>> SHIFT;
        Object[][] chunks = new Object[count][];
        for (int c = 0; c < count; c++) {
            chunks[c] = new Object[Math.min(ValueList.MAX_CHUNK, records - (c << SHIFT))];
        }
        return chunks;
    }

    /**
     * Returns each key of reduce partition {@code r} of {@code outputs} once (in no particular
     * order), with its values: those of the first output, then the second's, and so on.
     */
    @SuppressWarnings("unchecked")
    static <K, V> Iterator<Pair<K, List<V>>> groups(List<Sorted> outputs, int r) {
        // Each key's ranges, one per output that has the key, as a linked list of segments.
        SumTable<Object> ids = new SumTable<>();
        Object[] keys = new Object[16];
        int[] first = new int[16];
        int[] last = new int[16];
        int segments = 0;
        for (Sorted s : outputs) {
            segments += s.keyStart[r + 1] - s.keyStart[r];
        }
        int[] segOutput = new int[segments];
        int[] segKey = new int[segments];
        int[] segNext = new int[segments];
        int seg = 0;
        for (int o = 0; o < outputs.size(); o++) {
            Sorted s = outputs.get(o);
            for (int k = s.keyStart[r]; k < s.keyStart[r + 1]; k++, seg++) {
                Object key = s.keys[k];
                int fresh = ids.size();
                int id = (int) ids.getOrPut(key, fresh);
                segOutput[seg] = o;
                segKey[seg] = k;
                segNext[seg] = -1;
                if (id == fresh) {
                    if (id == keys.length) {
                        keys = Arrays.copyOf(keys, 2 * id);
                        first = Arrays.copyOf(first, 2 * id);
                        last = Arrays.copyOf(last, 2 * id);
                    }
                    keys[id] = key;
                    first[id] = seg;
                } else {
                    segNext[last[id]] = seg;
                }
                last[id] = seg;
            }
        }
        int n = ids.size();
        Object[] groupKeys = keys;
        int[] heads = first;
        return new Iterator<>() {
            private int k;

            @Override
            public boolean hasNext() {
                return k < n;
            }

            @Override
            public Pair<K, List<V>> next() {
                if (k >= n) {
                    throw new NoSuchElementException();
                }
                int head = heads[k];
                List<V> values;
                if (segNext[head] < 0) {
                    values = outputs.get(segOutput[head]).range(segKey[head]);
                } else {
                    List<Range<V>> parts = new ArrayList<>(outputs.size());
                    for (int at = head; at >= 0; at = segNext[at]) {
                        parts.add(outputs.get(segOutput[at]).range(segKey[at]));
                    }
                    values = new Ranges<>(parts);
                }
                Pair<K, List<V>> group = new Pair<>((K) groupKeys[k], values);
                k++;
                return group;
            }
        };
    }

    /** A read-only view of positions {@code [from, to)} of chunked storage; serialized as an {@code ArrayList}. */
    static final class Range<V> extends AbstractList<V> implements RandomAccess, Serializable {

        @Serial
        private static final long serialVersionUID = 1L;

        private final transient Object[][] chunks;
        private final transient Object shared;
        private final transient int from;
        private final transient int to;

        /** A view of {@code chunks}, or of {@code to - from} copies of {@code shared} when {@code chunks} is null. */
        Range(Object[][] chunks, Object shared, int from, int to) {
            this.chunks = chunks;
            this.shared = shared;
            this.from = from;
            this.to = to;
        }

        @Override
        public V get(int index) {
            if (index < 0 || index >= to - from) {
                throw new IndexOutOfBoundsException("index " + index + " of a list of " + (to - from));
            }
            return element(from + index);
        }

        /** Returns the element at position {@code at} of the storage. */
        @SuppressWarnings("unchecked")
        private V element(int at) {
            return (V) (chunks == null ? shared : chunks[at >>> SHIFT][at & MASK]);
        }

        @Override
        public int size() {
            return to - from;
        }

        @Override
        public Iterator<V> iterator() {
            return new Iterator<>() {
                private int i = from;

                @Override
                public boolean hasNext() {
                    return i < to;
                }

                @Override
                public V next() {
                    if (i >= to) {
                        throw new NoSuchElementException();
                    }
                    return element(i++);
                }
            };
        }

        @Serial
        private Object writeReplace() {
            return new ArrayList<>(this);
        }
    }

    /** A read-only view of several ranges one after another; serialized as an {@code ArrayList}. */
    static final class Ranges<V> extends AbstractList<V> implements RandomAccess, Serializable {

        @Serial
        private static final long serialVersionUID = 1L;

        private final transient List<Range<V>> parts;
        private final transient int size;

        Ranges(List<Range<V>> parts) {
            this.parts = parts;
            int n = 0;
            for (Range<V> p : parts) {
                n += p.size();
            }
            this.size = n;
        }

        @Override
        public V get(int index) {
            if (index < 0 || index >= size) {
                throw new IndexOutOfBoundsException("index " + index + " of a list of " + size);
            }
            int i = index;
            for (Range<V> p : parts) {
                if (i < p.size()) {
                    return p.get(i);
                }
                i -= p.size();
            }
            throw new AssertionError("index " + index + " past the parts of a list of " + size);
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public Iterator<V> iterator() {
            return new Iterator<>() {
                private int part;
                private Iterator<V> current = parts.isEmpty() ? null : parts.get(0).iterator();

                @Override
                public boolean hasNext() {
                    while (current != null && !current.hasNext()) {
                        part++;
                        current = part < parts.size() ? parts.get(part).iterator() : null;
                    }
                    return current != null;
                }

                @Override
                public V next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    return current.next();
                }
            };
        }

        @Serial
        private Object writeReplace() {
            return new ArrayList<>(this);
        }
    }
}
