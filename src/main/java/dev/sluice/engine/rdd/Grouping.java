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
 * Groups key-value records by key with a counting sort instead of one growing list per key. The
 * records come as lists of keys and values side by side ({@code k0, v0, k1, v1, ...}, the buckets
 * of a {@link PairShuffle}) and are read twice: the first pass numbers each record's key (one
 * probe into a table of the keys seen so far) and counts the records of each key; the second
 * writes the values into one array, key after key, each key's values in the order they came. A
 * key's group is then a read-only view of its range of that array.
 *
 * <p>On the reduce side of a shuffle, the table holds only the partition's keys. Per record, the
 * work is one probe and two array writes, with no object made; per key, one list view. The arrays
 * are made of chunks of {@link ValueList#MAX_CHUNK} elements: one array for all of a partition's
 * records could be large enough for G1 to place it in the old generation, where every reference
 * stored into it would go through the slow path of the write barrier.
 */
final class Grouping {

    private static final int SHIFT = Integer.numberOfTrailingZeros(ValueList.MAX_CHUNK);
    private static final int MASK = ValueList.MAX_CHUNK - 1;

    private Grouping() {
    }

    /** Returns each key of {@code buckets} once, in the order first met, with its values. */
    @SuppressWarnings("unchecked")
    static <K, V> Iterator<Pair<K, List<V>>> group(List<ValueList<Object>> buckets) {
        int records = 0;
        for (ValueList<Object> b : buckets) {
            records += b.size() / 2;
        }
        SumTable<Object> ids = new SumTable<>();
        Object[] keys = new Object[16];
        int[] counts = new int[16];
        int chunks = (records + MASK) >>> SHIFT;
        int[][] keyOf = new int[chunks][];
        Object[][] values = new Object[chunks][];
        for (int c = 0; c < chunks; c++) {
            int length = Math.min(ValueList.MAX_CHUNK, records - (c << SHIFT));
            keyOf[c] = new int[length];
            values[c] = new Object[length];
        }
        int r = 0;
        for (PairShuffle.Cursor<Object, Object> in = new PairShuffle.Cursor<>(buckets); in.advance(); ) {
            Object key = in.key();
            int fresh = ids.size();
            int id = (int) ids.getOrPut(key, fresh);
            if (id == fresh) {
                if (id == keys.length) {
                    keys = Arrays.copyOf(keys, 2 * id);
                    counts = Arrays.copyOf(counts, 2 * id);
                }
                keys[id] = key;
            }
            counts[id]++;
            keyOf[r >>> SHIFT][r & MASK] = id;
            r++;
        }
        int n = ids.size();
        int[] start = new int[n + 1];
        for (int k = 0; k < n; k++) {
            start[k + 1] = start[k] + counts[k];
        }
        int[] next = counts;
        System.arraycopy(start, 0, next, 0, n);
        r = 0;
        for (PairShuffle.Cursor<Object, Object> in = new PairShuffle.Cursor<>(buckets); in.advance(); ) {
            int at = next[keyOf[r >>> SHIFT][r & MASK]]++;
            values[at >>> SHIFT][at & MASK] = in.value();
            r++;
        }
        Object[] groupKeys = keys;
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
                Pair<K, List<V>> group = new Pair<>((K) groupKeys[k], new Range<>(values, start[k], start[k + 1]));
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
        private final transient int from;
        private final transient int to;

        Range(Object[][] chunks, int from, int to) {
            this.chunks = chunks;
            this.from = from;
            this.to = to;
        }

        @Override
        @SuppressWarnings("unchecked")
        public V get(int index) {
            if (index < 0 || index >= to - from) {
                throw new IndexOutOfBoundsException("index " + index + " of a list of " + (to - from));
            }
            int at = from + index;
            return (V) chunks[at >>> SHIFT][at & MASK];
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
                @SuppressWarnings("unchecked")
                public V next() {
                    if (i >= to) {
                        throw new NoSuchElementException();
                    }
                    int at = i++;
                    return (V) chunks[at >>> SHIFT][at & MASK];
                }
            };
        }

        @Serial
        private Object writeReplace() {
            return new ArrayList<>(this);
        }
    }
}
