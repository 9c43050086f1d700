package dev.sluice.engine.rdd;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.function.LongFunction;

/**
 * One running {@code long} total per key, for the map side of a reduce over boxed numbers (see
 * {@link UnboxedReduce}; a total may hold an {@code int} or a {@code double}'s bits) and, through
 * {@link #getOrPut}, a numbering of keys for {@link Grouping}: open addressing with
 * linear probing, at most half full.
 *
 * <p>Strings of at most {@value #PACKED_CHARS} characters, each below 256, which is most keys of a
 * word count, are held by value: their characters, a byte each, in two {@code long}s, next to the
 * length, a hash of the characters and the total, in four consecutive {@code long}s of one array.
 * A lookup reads the key's characters once, to pack and hash them, then compares numbers in one
 * place: it never reads the stored key, which for keys split out of text is an object of its own
 * somewhere in the heap. {@link #toMaps} makes strings again, equal to the keys added.
 *
 * <p>That pays when keys are new objects, as keys parsed from input are. When the same string
 * objects come back again and again (keys from a fixed set of constants or a pool), comparing by
 * reference with the hash the string caches costs less than packing. So the table starts with every
 * key compared by {@code equals}, counts how often a string it finds is the very object looked up,
 * and after {@value #CHOICE_HITS} string hits (or {@value #CHOICE_LOOKUPS} lookups) moves the short
 * strings to be held by value unless at least half of those hits were the same object.
 *
 * <p>Other keys sit in a second table: a slot's key, its hash and its total in three arrays at the
 * same index, so an update reads the hash and the total without going through a node or a boxed
 * counter, and compares keys with {@code equals} only when their hashes match. Null keys are allowed.
 * Not thread-safe.
 */
final class SumTable<K> {

    /** Stands for the null key, since a null array element marks an empty slot. */
    private static final Object NULL_KEY = new Object();

    /** The longest string held by value: two {@code long}s of one byte per character. */
    static final int PACKED_CHARS = 16;

    /** {@code long}s per slot of {@link #packed}: characters 0-7, characters 8-15, tag, total. */
    private static final int SLOT = 4;

    /**
     * The strings held by value, {@link #SLOT} {@code long}s per slot; a slot's tag is its key's
     * length plus one in the high half and its hash in the low half, so zero marks an empty slot.
     * Null until the first such string.
     */
    private long[] packed;
    private int packedShift;
    private int packedSize;

    /** String hits after which the table chooses whether to hold short strings by value. */
    static final int CHOICE_HITS = 256;
    /** Lookups after which it chooses even with fewer string hits. */
    static final int CHOICE_LOOKUPS = 1 << 16;

    /** Whether the table is still counting how often a string found is the object looked up. */
    private boolean choosing = true;
    /** Whether short strings are held by value (chosen after the first lookups). */
    private boolean byValue;
    private int lookups;
    private int stringHits;
    private int sameObjectHits;

    private Object[] keys;
    private int[] hashes;
    private long[] totals;
    private int shift;
    private int size;

    /** log2 of the slots {@link #packed} starts with when it is made: room for the keys expected. */
    private final int packedBits;

    SumTable() {
        allocate(4);
        packedBits = 4;
    }

    /**
     * A table sized for {@code expectedKeys} keys, so that it does not grow on its way there: the
     * strings held by value get that room once the table holds any ({@code stringsByValue}, the
     * choice a table made for the same data before, as {@link #holdsStringsByValue()} tells it),
     * otherwise the keys compared by {@code equals} get it from the start. Which way short strings
     * are held is still chosen from the keys met, as in a table made with no size.
     */
    SumTable(int expectedKeys, boolean stringsByValue) {
        int bits = bitsFor(expectedKeys);
        allocate(stringsByValue ? 4 : bits);
        packedBits = stringsByValue ? bits : 4;
    }

    /**
     * Returns a table sized for {@code expectedKeys} keys that compares every key by {@code equals}
     * (no choice, no string held by value): for keys each looked up a few times, whose hash codes
     * are already computed, as the reduce side of a grouping meets them.
     */
    static <K> SumTable<K> byEquals(int expectedKeys) {
        SumTable<K> t = new SumTable<>(expectedKeys, false);
        t.choosing = false;
        t.byValue = false;
        return t;
    }

    /** log2 of the slots that hold {@code keys} keys at most half full (at least 16 slots). */
    static int bitsFor(int keys) {
        int bits = 4;
        while (bits < 30 && (1L << bits) < 2L * keys + 2) {
            bits++;
        }
        return bits;
    }

    /** Whether this table holds short strings by value (it chose to, and has held at least one so). */
    boolean holdsStringsByValue() {
        return byValue && packedSize > 0;
    }

    private void allocate(int bits) {
        keys = new Object[1 << bits];
        hashes = new int[1 << bits];
        totals = new long[1 << bits];
        shift = 32 - bits;
    }

    /** Adds {@code value} to the total of {@code key}. */
    void add(K key, long value) {
        if (byValue && key instanceof String s) {
            int t = packedTotal(s);
            if (t >= 0) {
                packed[t] += value;
                return;
            }
        }
        Object k = key == null ? NULL_KEY : key;
        int h = k.hashCode();
        int i = slot(k, h);
        if (keys[i] == null) {
            insert(i, k, h, value);
            if (choosing) {
                looked(false, false);
            }
        } else {
            totals[i] += value;
            if (choosing) {
                looked(key instanceof String, keys[i] == k);
            }
        }
    }

    /**
     * Finds the total of {@code key}: a key not yet present is added with {@code value} as its total
     * and -1 is returned; for a present key, a handle to its total for {@link #total(int)} and
     * {@link #setTotal(int, long)}, valid until the next key is added. This lets a caller fold a
     * value into a total with its own function, in its own compiled code (see {@link UnboxedReduce}).
     */
    int find(K key, long value) {
        if (byValue && key instanceof String s) {
            int before = packedSize;
            int t = packedTotal(s);
            if (t >= 0) {
                if (packedSize != before) {
                    packed[t] = value;
                    return -1;
                }
                return t << 1 | 1;
            }
        }
        Object k = key == null ? NULL_KEY : key;
        int h = k.hashCode();
        int i = slot(k, h);
        if (keys[i] == null) {
            insert(i, k, h, value);
            if (choosing) {
                looked(false, false);
            }
            return -1;
        }
        if (choosing) {
            looked(key instanceof String, keys[i] == k);
            if (!choosing) {
                return find(key, value); // the choice may have moved the key: find it where it is now
            }
        }
        return i << 1;
    }

    /** The total at a handle from {@link #find}. */
    long total(int handle) {
        return (handle & 1) != 0 ? packed[handle >>> 1] : totals[handle >>> 1];
    }

    /** Sets the total at a handle from {@link #find}. */
    void setTotal(int handle, long total) {
        if ((handle & 1) != 0) {
            packed[handle >>> 1] = total;
        } else {
            totals[handle >>> 1] = total;
        }
    }

    /**
     * Returns the total of {@code key}; a key not yet present gets {@code ifAbsent} as its total,
     * which is returned. With {@code size()} as {@code ifAbsent}, this numbers keys in the order
     * first met.
     */
    long getOrPut(K key, long ifAbsent) {
        if (byValue && key instanceof String s) {
            int before = packedSize;
            int t = packedTotal(s);
            if (t >= 0) {
                if (packedSize != before) {
                    packed[t] = ifAbsent;
                }
                return packed[t];
            }
        }
        Object k = key == null ? NULL_KEY : key;
        int h = k.hashCode();
        int i = slot(k, h);
        if (keys[i] == null) {
            insert(i, k, h, ifAbsent);
            if (choosing) {
                looked(false, false);
            }
            return ifAbsent;
        }
        long total = totals[i];
        if (choosing) {
            looked(key instanceof String, keys[i] == k);
        }
        return total;
    }

    /**
     * Counts one lookup while the table is choosing how to hold short strings: whether it found a
     * string key, and whether that key was the very object looked up. Decides after
     * {@value #CHOICE_HITS} strings found or {@value #CHOICE_LOOKUPS} lookups, whichever comes first.
     */
    private void looked(boolean foundString, boolean sameObject) {
        lookups++;
        if (foundString) {
            stringHits++;
            if (sameObject) {
                sameObjectHits++;
            }
        }
        if (stringHits >= CHOICE_HITS || lookups >= CHOICE_LOOKUPS) {
            choosing = false;
            // Strings met again as the same objects compare by reference at once, and their cached
            // hash is free: packing them would only add work.
            byValue = sameObjectHits * 2 < stringHits || stringHits == 0;
            if (byValue) {
                moveShortStrings();
            }
        }
    }

    /** Moves the strings the table can hold by value out of the table of keys compared by {@code equals}. */
    private void moveShortStrings() {
        Object[] oldKeys = keys;
        int[] oldHashes = hashes;
        long[] oldTotals = totals;
        // Small again: the keys that stay (other types, long strings) grow it as they are put back.
        allocate(4);
        size = 0;
        for (int j = 0; j < oldKeys.length; j++) {
            Object k = oldKeys[j];
            if (k == null) {
                continue;
            }
            if (k instanceof String s) {
                int t = packedTotal(s);
                if (t >= 0) {
                    packed[t] = oldTotals[j];
                    continue;
                }
            }
            insert(slot(k, oldHashes[j]), k, oldHashes[j], oldTotals[j]);
        }
    }

    /**
     * Returns the index in {@link #packed} of the total of {@code s}, which is added with a total of
     * zero if absent; or -1 if {@code s} is not held by value (too long, or a character above 255).
     */
    private int packedTotal(String s) {
        int n = s.length();
        if (n > PACKED_CHARS) {
            return -1;
        }
        long w0 = 0;
        long w1 = 0;
        int any = 0;
        int head = Math.min(n, 8);
        for (int j = 0; j < head; j++) {
            char c = s.charAt(j);
            any |= c;
            w0 |= (long) c << (j << 3);
        }
        for (int j = 8; j < n; j++) {
            char c = s.charAt(j);
            any |= c;
            w1 |= (long) c << ((j - 8) << 3);
        }
        if (any > 0xFF) {
            return -1;
        }
        long x = w0 * 0x9E3779B97F4A7C15L + w1 * 0xC2B2AE3D27D4EB4FL + n;
        x = (x ^ (x >>> 33)) * 0xFF51AFD7ED558CCDL;
        int h = (int) (x ^ (x >>> 33));
        long tag = (long) (n + 1) << 32 | (h & 0xFFFFFFFFL);
        return packedSlot(w0, w1, tag);
    }

    /**
     * Returns the index in {@link #packed} of the total of the string packed as {@code w0},
     * {@code w1} and {@code tag} (see {@link #packedTotal}), which is added with a total of zero if absent.
     */
    private int packedSlot(long w0, long w1, long tag) {
        if (packed == null) {
            packed = new long[SLOT << packedBits];
            packedShift = 32 - packedBits;
        }
        long[] t = packed;
        int mask = t.length / SLOT - 1;
        for (int i = (int) tag >>> packedShift; ; i = (i + 1) & mask) {
            int b = i * SLOT;
            long found = t[b + 2];
            if (found == tag && t[b] == w0 && t[b + 1] == w1) {
                return b + 3;
            }
            if (found == 0) {
                t[b] = w0;
                t[b + 1] = w1;
                t[b + 2] = tag;
                if (++packedSize * 2 > t.length / SLOT) {
                    growPacked();
                    return packedSlot(w0, w1, tag); // found where it moved
                }
                return b + 3;
            }
        }
    }

    /**
     * Packs {@code s} into {@code w[at]}, {@code w[at + 1]} and its tag into {@code w[at + 2]}, as
     * {@link #packedTotal} packs a string; a tag of zero if {@code s} is not held by value.
     */
    private static void pack(String s, long[] w, int at) {
        int n = s.length();
        w[at + 2] = 0;
        if (n > PACKED_CHARS) {
            return;
        }
        long w0 = 0;
        long w1 = 0;
        int any = 0;
        int head = Math.min(n, 8);
        for (int j = 0; j < head; j++) {
            char c = s.charAt(j);
            any |= c;
            w0 |= (long) c << (j << 3);
        }
        for (int j = 8; j < n; j++) {
            char c = s.charAt(j);
            any |= c;
            w1 |= (long) c << ((j - 8) << 3);
        }
        if (any > 0xFF) {
            return;
        }
        long x = w0 * 0x9E3779B97F4A7C15L + w1 * 0xC2B2AE3D27D4EB4FL + n;
        x = (x ^ (x >>> 33)) * 0xFF51AFD7ED558CCDL;
        int h = (int) (x ^ (x >>> 33));
        w[at] = w0;
        w[at + 1] = w1;
        w[at + 2] = (long) (n + 1) << 32 | (h & 0xFFFFFFFFL);
    }

    /** Keys per run of {@link #numberRun}. */
    static final int RUN = 32;

    /** The packed keys of a run of {@link #numberRun}, three {@code long}s each; null until the first run. */
    private long[] runWords;
    /** What the reads of a run's first slots added up to (kept so that the reads are not left out). */
    private long touched;

    /**
     * Numbers {@code keys[0 .. n)} ({@code n} at most {@value #RUN}) as {@code getOrPut(key, size())}
     * would, one after another, and writes each key's number to {@code ids}. While short strings are
     * held by value, the run's strings are packed and hashed first, then the slots where their
     * lookups start are read in a loop of their own, whose reads do not wait for each other: on a
     * table larger than the core's cache, the run's cache misses overlap instead of coming one after
     * another. Then each key is looked up in order, in slots by then in the cache.
     */
    @SuppressWarnings("unchecked")
    void numberRun(Object[] keys, int n, int[] ids) {
        if (choosing) {
            for (int i = 0; i < n; i++) {
                ids[i] = (int) getOrPut((K) keys[i], size());
            }
            return;
        }
        long[] w = runWords;
        if (w == null) {
            w = new long[3 * RUN];
            runWords = w;
        }
        if (!byValue) {
            numberRunByEquals(keys, n, ids, w);
            return;
        }
        for (int i = 0; i < n; i++) {
            if (keys[i] instanceof String s) {
                pack(s, w, 3 * i);
            } else {
                w[3 * i + 2] = 0;
            }
        }
        long[] t = packed;
        if (t != null) {
            int shiftBy = packedShift;
            long sum = 0;
            for (int i = 0; i < n; i++) {
                long tag = w[3 * i + 2];
                if (tag != 0) {
                    sum += t[((int) tag >>> shiftBy) * SLOT + 2];
                }
            }
            touched += sum;
        }
        for (int i = 0; i < n; i++) {
            long tag = w[3 * i + 2];
            if (tag == 0) {
                ids[i] = (int) getOrPut((K) keys[i], size());
                continue;
            }
            int fresh = size();
            int before = packedSize;
            int at = packedSlot(w[3 * i], w[3 * i + 1], tag);
            if (packedSize != before) {
                packed[at] = fresh;
            }
            ids[i] = (int) packed[at];
        }
    }

    /**
     * {@link #numberRun} for a table that compares every key by {@code equals}: the run's hash
     * codes first (cached by strings that come back as the same objects), then a read of each key's
     * first slot in the three arrays, then the lookups in order. {@code w} holds the hash codes.
     */
    @SuppressWarnings("unchecked")
    private void numberRunByEquals(Object[] keys, int n, int[] ids, long[] w) {
        for (int i = 0; i < n; i++) {
            Object k = keys[i];
            w[i] = (k == null ? NULL_KEY : k).hashCode();
        }
        Object[] ks = this.keys;
        int[] hs = hashes;
        long[] ts = totals;
        long sum = 0;
        for (int i = 0; i < n; i++) {
            int at = home((int) w[i]);
            sum += hs[at] + ts[at] + (ks[at] == null ? 0 : 1);
        }
        touched += sum;
        for (int i = 0; i < n; i++) {
            Object k = keys[i] == null ? NULL_KEY : keys[i];
            int h = (int) w[i];
            int at = slot(k, h);
            if (this.keys[at] == null) {
                int fresh = size();
                insert(at, k, h, fresh);
                ids[i] = fresh;
            } else {
                ids[i] = (int) totals[at];
            }
        }
    }

    private void growPacked() {
        long[] old = packed;
        packed = new long[old.length * 2];
        packedShift--;
        int mask = packed.length / SLOT - 1;
        for (int b = 0; b < old.length; b += SLOT) {
            if (old[b + 2] != 0) {
                int i = (int) old[b + 2] >>> packedShift;
                while (packed[i * SLOT + 2] != 0) {
                    i = (i + 1) & mask;
                }
                System.arraycopy(old, b, packed, i * SLOT, SLOT);
            }
        }
    }

    /** The string held by value in the slot of {@link #packed} at {@code b}. */
    private String unpack(int b) {
        int n = (int) (packed[b + 2] >>> 32) - 1;
        byte[] chars = new byte[n];
        for (int j = 0; j < n; j++) {
            chars[j] = (byte) (packed[b + (j >> 3)] >>> ((j & 7) << 3));
        }
        return new String(chars, StandardCharsets.ISO_8859_1);
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
        long total = 0;
        if (packed != null) {
            int packedMask = packed.length / SLOT - 1;
            for (int i = 0; i <= packedMask; i++) {
                long tag = packed[i * SLOT + 2];
                if (tag != 0) {
                    total += (i - ((int) tag >>> packedShift)) & packedMask;
                }
            }
        }
        int mask = keys.length - 1;
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null) {
                total += (i - home(hashes[i])) & mask;
            }
        }
        return size() == 0 ? 0 : (double) total / size();
    }

    /** Returns the number of keys held by value (strings of at most {@value #PACKED_CHARS} characters below 256). */
    int sizeHeldByValue() {
        return packedSize;
    }

    /** Returns the number of keys. */
    int size() {
        return size + packedSize;
    }

    /**
     * Returns one map per partition of {@code partitioner}, each from the keys it places there to
     * their totals boxed by {@code box}; a partition that gets no key gets {@code null}.
     */
    @SuppressWarnings("unchecked")
    <C> HashMap<K, C>[] toMaps(Partitioner partitioner, LongFunction<C> box) {
        HashMap<K, C>[] maps = new HashMap[partitioner.numPartitions()];
        if (packed != null) {
            for (int b = 0; b < packed.length; b += SLOT) {
                if (packed[b + 2] != 0) {
                    put(maps, partitioner, (K) unpack(b), box.apply(packed[b + 3]));
                }
            }
        }
        for (int i = 0; i < keys.length; i++) {
            Object k = keys[i];
            if (k != null) {
                put(maps, partitioner, k == NULL_KEY ? null : (K) k, box.apply(totals[i]));
            }
        }
        return maps;
    }

    /** Puts one total in the map of the partition {@code partitioner} places its key in. */
    private <C> void put(HashMap<K, C>[] maps, Partitioner partitioner, K key, C total) {
        int n = maps.length;
        int b = n == 1 ? 0 : partitioner.partition(key);
        HashMap<K, C> map = maps[b];
        if (map == null) {
            // keys spread evenly over the partitions by hash, so each is sized for its share
            int all = size();
            map = HashMaps.forSize(n == 1 ? all : all / n + all / (4 * n) + 16);
            maps[b] = map;
        }
        map.put(key, total);
    }
}
