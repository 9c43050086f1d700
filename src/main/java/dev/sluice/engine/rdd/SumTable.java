package dev.sluice.engine.rdd;

import java.util.HashMap;
import java.util.function.LongFunction;

/**
 * One running {@code long} total per key, for the map side of a recognized sum (and, through
 * {@link #getOrPut}, a numbering of keys for {@link Grouping}): open addressing with
 * linear probing, at most half full. A slot's key, its hash and its total sit in three arrays at the
 * same index, so an update reads the hash and the total without going through a node or a boxed
 * counter, and compares keys with {@code equals} only when their hashes match. Null keys are allowed.
 * Not thread-safe.
 */
final class SumTable<K> {

    /** Stands for the null key, since a null array element marks an empty slot. */
    private static final Object NULL_KEY = new Object();

    private Object[] keys;
    private int[] hashes;
    private long[] totals;
    private int shift;
    private int size;

    SumTable() {
        allocate(4);
    }

    private void allocate(int bits) {
        keys = new Object[1 << bits];
        hashes = new int[1 << bits];
        totals = new long[1 << bits];
        shift = 32 - bits;
    }

    /** Adds {@code value} to the total of {@code key}. */
    void add(K key, long value) {
        Object k = key == null ? NULL_KEY : key;
        int h = k.hashCode();
        int i = slot(k, h);
        if (keys[i] == null) {
            insert(i, k, h, value);
        } else {
            totals[i] += value;
        }
    }

    /**
     * Returns the total of {@code key}; a key not yet present gets {@code ifAbsent} as its total,
     * which is returned. With {@code size()} as {@code ifAbsent}, this numbers keys in the order
     * first met.
     */
    long getOrPut(K key, long ifAbsent) {
        Object k = key == null ? NULL_KEY : key;
        int h = k.hashCode();
        int i = slot(k, h);
        if (keys[i] == null) {
            insert(i, k, h, ifAbsent);
            return ifAbsent;
        }
        return totals[i];
    }

    /** Returns the slot holding {@code k} (whose hash is {@code h}), or the empty slot where it belongs. */
    private int slot(Object k, int h) {
        int mask = keys.length - 1;
        for (int i = home(h); ; i = (i + 1) & mask) {
            Object found = keys[i];
            if (found == null || (hashes[i] == h && (found == k || found.equals(k)))) {
                return i;
            }
        }
    }

    /** Returns the slot where probing for a key of hash {@code h} starts. */
    private int home(int h) {
        return (h * 0x9E3779B9) >>> shift;
    }

    private void insert(int i, Object k, int h, long value) {
        keys[i] = k;
        hashes[i] = h;
        totals[i] = value;
        if (++size * 2 > keys.length) {
            grow();
        }
    }

    private void grow() {
        Object[] oldKeys = keys;
        int[] oldHashes = hashes;
        long[] oldTotals = totals;
        allocate(32 - shift + 1);
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] != null) {
                int i = slot(oldKeys[j], oldHashes[j]); // the keys are distinct: an empty slot
                keys[i] = oldKeys[j];
                hashes[i] = oldHashes[j];
                totals[i] = oldTotals[j];
            }
        }
    }

    /** Returns the mean distance of the keys from their home slots (how far lookups probe). */
    double meanDisplacement() {
        int mask = keys.length - 1;
        long total = 0;
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null) {
                total += (i - home(hashes[i])) & mask;
            }
        }
        return size == 0 ? 0 : (double) total / size;
    }

    /** Returns the number of keys. */
    int size() {
        return size;
    }

    /**
     * Returns one map per partition of {@code partitioner}, each from the keys it places there to
     * their totals boxed by {@code box}; a partition that gets no key gets {@code null}.
     */
    @SuppressWarnings("unchecked")
    <C> HashMap<K, C>[] toMaps(Partitioner partitioner, LongFunction<C> box) {
        int n = partitioner.numPartitions();
        HashMap<K, C>[] maps = new HashMap[n];
        for (int i = 0; i < keys.length; i++) {
            Object k = keys[i];
            if (k != null) {
                K key = k == NULL_KEY ? null : (K) k;
                int b = n == 1 ? 0 : partitioner.partition(key);
                HashMap<K, C> map = maps[b];
                if (map == null) {
                    // keys spread evenly over the partitions by hash, so each is sized for its share
                    map = HashMaps.forSize(n == 1 ? size : size / n + size / (4 * n) + 16);
                    maps[b] = map;
                }
                map.put(key, box.apply(totals[i]));
            }
        }
        return maps;
    }
}
