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
 * <p>{@link #sort} runs on the map side, over one partition's records. It numbers each record's key
 * as the record comes, in one table for the task (sized from the previous batch's task when the
 * caller keeps a {@link KeySizing}), and counts the records of each key; then it places the keys
 * bucket after bucket, a bucket being a reduce partition and one of its {@value #GROUPS} key groups
 * (see {@link #group}), and writes the values into one array, key after key, each key's values in
 * the order they came. {@link #groups} reads one reduce partition from such sorted outputs: it meets
 * each key once per output, not once per record, and a key's group is a read-only view of its
 * ranges of the outputs' arrays. No value is copied on the reduce side.
 *
 * <p>Per record, the work is one probe into the task's key table, with the key still in the
 * core's cache (records are taken in runs whose probes overlap, see {@link SumTable#numberRun}),
 * and a count, with no object made and nothing kept of the record; the reduce partition and group
 * are computed once per key. When every record of a map task has one and the
 * same value object, as in the {@code (key, 1L)} pairs of a count, the task keeps no values: a
 * key's group is then that object as many times as the key has records. From the first record
 * with another value on, the task keeps each record's key number and value (the records before it
 * all had the shared value, so their count per key is enough). The value arrays are made of chunks
 * of {@link ValueList#MAX_CHUNK} elements: one array for all of a partition's records could be
 * large enough for G1 to place it in the old generation, where every reference stored into it would
 * go through the slow path of the write barrier.
 */
final class Grouping {

    /** Key groups per reduce partition (a power of two). */
    static final int GROUPS = 16;
    private static final int GROUP_SHIFT = 32 - Integer.numberOfTrailingZeros(GROUPS);
    private static final int SHIFT = Integer.numberOfTrailingZeros(ValueList.MAX_CHUNK);
    private static final int MASK = ValueList.MAX_CHUNK - 1;
    /** The length of the first chunk of key numbers; it doubles up to {@link ValueList#MAX_CHUNK}. */
    private static final int FIRST_IDS = 256;

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
        return sort(data, partitioner, reducers, null);
    }

    /**
     * As {@link #sort(Iterator, Partitioner, int)}; the key table is sized from {@code sizing} (may
     * be null), which then records what this task met for the next one.
     *
     * <p>Each record's key is numbered as the record comes, while the key (a string just split out
     * of a line, say) is still in the core's cache, in one table for the whole task: the records
     * themselves are not kept, only, once values vary, each record's key number and value. The
     * reduce partition and key group of a key are computed once per key, at the end, when the keys
     * are placed bucket after bucket, each bucket's keys in the order first met.
     */
    static Sorted sort(Iterator<? extends Pair<?, ?>> data, Partitioner partitioner, int reducers, KeySizing sizing) {
        SumTable<Object> ids = sizing == null ? new SumTable<>() : sizing.newTable();
        int expected = sizing == null ? 0 : sizing.keys();
        Object[] keyOf = new Object[Math.max(16, expected)];
        int[] counts = new int[keyOf.length];
        Object shared = NO_VALUE;
        // Once a record's value is not the one every record before had: each key's count of records
        // before that one (all with the shared value), and from there on each record's key number and value.
        int[] sharedCounts = null;
        int[][] idChunks = null;
        ValueList<Object> kept = null;
        int keptCount = 0;
        int records = 0;
        // Records are taken a run at a time, so that the run's key lookups overlap (SumTable.numberRun).
        Object[] runKeys = new Object[SumTable.RUN];
        Object[] runValues = new Object[SumTable.RUN];
        int[] runIds = new int[SumTable.RUN];
        int fresh = 0;
        boolean more = data.hasNext();
        while (more) {
            int n = 0;
            do {
                Pair<?, ?> record = data.next();
                runKeys[n] = record.key();
                runValues[n] = record.value();
                n++;
                more = data.hasNext();
            } while (more && n < SumTable.RUN);
            ids.numberRun(runKeys, n, runIds);
            if (ids.size() > keyOf.length) {
                int room = Math.max(ids.size(), 2 * keyOf.length);
                keyOf = Arrays.copyOf(keyOf, room);
                counts = Arrays.copyOf(counts, room);
            }
            for (int j = 0; j < n; j++) {
                int id = runIds[j];
                Object value = runValues[j];
                if (id == fresh) {
                    keyOf[id] = runKeys[j];
                    fresh++;
                }
                if (kept == null && value != shared) {
                    if (shared == NO_VALUE) {
                        shared = value;
                    } else {
                        sharedCounts = Arrays.copyOf(counts, ids.size());
                        idChunks = new int[4][];
                        kept = new ValueList<>();
                    }
                }
                if (kept != null) {
                    int c = keptCount >>> SHIFT;
                    int at = keptCount & MASK;
                    if (c == idChunks.length) {
                        idChunks = Arrays.copyOf(idChunks, 2 * c);
                    }
                    int[] chunk = idChunks[c];
                    if (chunk == null) {
                        // the first chunk starts small and doubles: a small batch's task (a few
                        // hundred records at millisecond batches) must not pay for a full chunk
                        chunk = new int[c == 0 ? FIRST_IDS : ValueList.MAX_CHUNK];
                        idChunks[c] = chunk;
                    } else if (at == chunk.length) {
                        chunk = Arrays.copyOf(chunk, Math.min(2 * chunk.length, ValueList.MAX_CHUNK));
                        idChunks[c] = chunk;
                    }
                    chunk[at] = id;
                    keptCount++;
                    kept.add(value);
                }
                counts[id]++;
            }
            records += n;
        }
        int n = ids.size();
        if (sizing != null) {
            sizing.record(ids);
        }
        // Place the keys bucket by bucket (reduce partition, then key group), each bucket's keys in
        // the order first met: a counting sort of the key numbers by bucket.
        int buckets = reducers * GROUPS;
        int[] bucketOf = new int[n];
        int[] bucketStart = new int[buckets + 1];
        for (int id = 0; id < n; id++) {
            Object key = keyOf[id];
            int b = (reducers == 1 ? 0 : partitioner.partition(key)) * GROUPS + group(key);
            bucketOf[id] = b;
            bucketStart[b + 1]++;
        }
        for (int b = 0; b < buckets; b++) {
            bucketStart[b + 1] += bucketStart[b];
        }
        int[] keyStart = new int[reducers + 1];
        for (int r = 0; r <= reducers; r++) {
            keyStart[r] = bucketStart[r * GROUPS];
        }
        Object[] keys = new Object[n];
        int[] positionOf = new int[n];
        for (int id = 0; id < n; id++) {
            int at = bucketStart[bucketOf[id]]++;
            keys[at] = keyOf[id];
            positionOf[id] = at;
        }
        // Each key's values start where the previous key's end.
        int[] valueStart = new int[n + 1];
        for (int id = 0; id < n; id++) {
            valueStart[positionOf[id] + 1] = counts[id];
        }
        for (int k = 0; k < n; k++) {
            valueStart[k + 1] += valueStart[k];
        }
        Object[][] values = null;
        if (kept != null) {
            values = chunks(records);
            // counts becomes each key's next position: past its records with the shared value.
            for (int id = 0; id < n; id++) {
                int at = valueStart[positionOf[id]];
                int before = id < sharedCounts.length ? sharedCounts[id] : 0;
                for (int j = 0; j < before; j++, at++) {
                    values[at >>> SHIFT][at & MASK] = shared;
                }
                counts[id] = at;
            }
            int rec = 0;
            for (int c = 0; c < kept.chunkCount(); c++) {
                Object[] chunk = kept.chunk(c);
                int length = kept.chunkLength(c);
                for (int j = 0; j < length; j++, rec++) {
                    int to = counts[idChunks[rec >>> SHIFT][rec & MASK]]++;
                    values[to >>> SHIFT][to & MASK] = chunk[j];
                }
            }
        }
        return new Sorted(keys, keyStart, valueStart, values, shared == NO_VALUE ? null : shared);
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
        int segments = 0;
        for (Sorted s : outputs) {
            segments += s.keyStart[r + 1] - s.keyStart[r];
        }
        // Sized for every segment a key of its own, so the table never grows. Each key is looked up
        // once per output that has it, and its hash code was computed on the map side to place it:
        // comparing by equals costs no more than packing strings would.
        SumTable<Object> ids = SumTable.byEquals(segments);
        int room = Math.max(16, segments);
        Object[] keys = new Object[room];
        int[] first = new int[room];
        int[] last = new int[room];
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
