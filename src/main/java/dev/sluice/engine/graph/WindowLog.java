package dev.sluice.engine.graph;

import dev.sluice.engine.rdd.RddNode;

/**
 * What an incremental window remembers of the parent batches it took in, so that it can take them
 * out again when they leave: for each batch time, oldest first, either the batch's pairs in compact
 * form (per partition one array of keys and values side by side, {@code k0, v0, k1, v1, ...}, each
 * key once) or, until the window that read it completes, the parent's dataset itself.
 *
 * <p>Keys in the compact form are shared instances: each partition has a {@link KeyCounts} that
 * hands out the first instance of a key it saw and counts the logged batches holding it, so a key
 * that arrives as a fresh object in every batch is held once, not once per batch of the window.
 *
 * <p>Not thread-safe: the window changes it under its lock, between jobs; while a job runs its tasks
 * only look keys up ({@link KeyCounts#shared}), so a task tried again counts nothing twice.
 */
final class WindowLog<K> {

    /** Marks a batch time at which the parent had no dataset. */
    static final Object EMPTY = new Object();

    private static final Object[] NONE = new Object[0];

    private final KeyCounts<K>[] keys;
    private long[] times = new long[16];
    private Object[] entries = new Object[16];
    private int head;
    private int size;
    private long latestWindow = Long.MIN_VALUE;

    @SuppressWarnings("unchecked")
    WindowLog(int numPartitions) {
        keys = new KeyCounts[numPartitions];
        for (int i = 0; i < numPartitions; i++) {
            keys[i] = new KeyCounts<>();
        }
    }

    /** Returns the shared instances of partition {@code split}'s keys. */
    KeyCounts<K> keys(int split) {
        return keys[split];
    }

    /** Returns the number of batch times logged. */
    int size() {
        return size;
    }

    /**
     * Returns what is logged for {@code time}: an {@code Object[][]} of the partitions' arrays, an
     * {@link RddNode} not yet compacted, {@link #EMPTY}, or null if the time is not logged.
     */
    Object get(long time) {
        int i = indexOf(time);
        return i < 0 ? null : entries[(head + i) & (entries.length - 1)];
    }

    /**
     * Logs {@code entry} for {@code time} if it is later than every logged time (the window takes
     * batches in in time order; an older window recomputed on demand only reads); returns whether it did.
     */
    boolean append(long time, Object entry) {
        if (size > 0 && times[(head + size - 1) & (times.length - 1)] >= time) {
            return false;
        }
        if (size == times.length) {
            grow();
        }
        int at = (head + size) & (times.length - 1);
        times[at] = time;
        entries[at] = entry;
        size++;
        return true;
    }

    /**
     * Replaces the entry of the logged {@code time} by its compact form, {@code parts} (one array per
     * partition), counting its keys in and putting the shared instances of them into it.
     */
    void compacted(long time, Object[][] parts) {
        int i = indexOf(time);
        if (i < 0) {
            throw new IllegalStateException("batch " + time + " is not in the window's log");
        }
        for (int p = 0; p < parts.length; p++) {
            keys[p].holdAll(parts[p]);
        }
        entries[(head + i) & (entries.length - 1)] = parts;
    }

    /**
     * Notes that the window of {@code windowTime} is being computed and forgets the batches that no
     * window from one slide before the latest on can read: those at or before {@code latest - keepMicros}.
     */
    void advance(long windowTime, long keepMicros) {
        latestWindow = Math.max(latestWindow, windowTime);
        long limit = latestWindow - keepMicros;
        while (size > 0 && times[head] <= limit) {
            Object e = entries[head];
            if (e instanceof Object[][] parts) {
                for (int p = 0; p < parts.length; p++) {
                    keys[p].releaseAll(parts[p]);
                }
            }
            entries[head] = null;
            head = (head + 1) & (times.length - 1);
            size--;
        }
    }

    /** Returns an empty partition array. */
    static Object[] none() {
        return NONE;
    }

    private int indexOf(long time) {
        int lo = 0;
        int hi = size - 1;
        int mask = times.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long t = times[(head + mid) & mask];
            if (t < time) {
                lo = mid + 1;
            } else if (t > time) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    private void grow() {
        int n = times.length;
        long[] t = new long[n * 2];
        Object[] e = new Object[n * 2];
        for (int i = 0; i < size; i++) {
            t[i] = times[(head + i) & (n - 1)];
            e[i] = entries[(head + i) & (n - 1)];
        }
        times = t;
        entries = e;
        head = 0;
    }

    /**
     * The keys of one partition's logged batches, each held as the first instance seen, with the
     * number of logged batches that hold it: open addressing with linear probing, at most half full,
     * removal by shifting the following keys back. Null keys are allowed.
     */
    static final class KeyCounts<K> {
        private static final Object NULL_KEY = new Object();

        private static final int MIN_SLOTS = 16;

        private Object[] table = new Object[MIN_SLOTS];
        private int[] counts = new int[MIN_SLOTS];
        private int used;

        /** Returns the instance of {@code key} held, or {@code key} itself if none is; counts nothing. */
        @SuppressWarnings("unchecked")
        K shared(K key) {
            Object k = key == null ? NULL_KEY : key;
            Object found = table[find(k)];
            return found == null || found == NULL_KEY ? key : (K) found;
        }

        /** Returns the shared instance of {@code key} and counts one more batch holding it. */
        @SuppressWarnings("unchecked")
        K intern(K key) {
            Object k = key == null ? NULL_KEY : key;
            int i = find(k);
            if (table[i] == null) {
                if ((used + 1) * 2 > table.length) {
                    grow();
                    i = find(k);
                }
                table[i] = k;
                used++;
            }
            counts[i]++;
            Object shared = table[i];
            return shared == NULL_KEY ? null : (K) shared;
        }

        /** Counts one more batch for each key of {@code pairs} (keys at even indexes), putting the shared instances in. */
        @SuppressWarnings("unchecked")
        void holdAll(Object[] pairs) {
            for (int j = 0; j < pairs.length; j += 2) {
                pairs[j] = intern((K) pairs[j]);
            }
        }

        /**
         * Counts one batch less for each key of {@code pairs} (keys at even indexes), forgetting keys
         * no batch holds; a table left less than an eighth full shrinks to a quarter full, so that a
         * burst of keys that has left the window does not keep its room for the rest of the session.
         */
        void releaseAll(Object[] pairs) {
            for (int j = 0; j < pairs.length; j += 2) {
                Object k = pairs[j] == null ? NULL_KEY : pairs[j];
                int i = find(k);
                if (table[i] != null && --counts[i] <= 0) {
                    remove(i);
                }
            }
            if (table.length > MIN_SLOTS && used < table.length >>> 3) {
                int length = MIN_SLOTS;
                while (length < used * 4) {
                    length *= 2;
                }
                rehash(length);
            }
        }

        /** Returns the number of distinct keys held. */
        int size() {
            return used;
        }

        /** Returns the number of slots of the table (for tests). */
        int capacity() {
            return table.length;
        }

        private int home(Object k, int length) {
            return (k.hashCode() * 0x9E3779B9) >>> (32 - Integer.numberOfTrailingZeros(length));
        }

        /** Returns the slot of {@code k}, or the empty slot where it would go. */
        private int find(Object k) {
            int mask = table.length - 1;
            for (int i = home(k, table.length); ; i = (i + 1) & mask) {
                Object found = table[i];
                if (found == null || found == k || found.equals(k)) {
                    return i;
                }
            }
        }

        private void remove(int slot) {
            int mask = table.length - 1;
            table[slot] = null;
            counts[slot] = 0;
            used--;
            // shift back the keys after it whose probe sequence passes the emptied slot
            int gap = slot;
            for (int i = (slot + 1) & mask; table[i] != null; i = (i + 1) & mask) {
                int h = home(table[i], table.length);
                if (((i - h) & mask) >= ((i - gap) & mask)) {
                    table[gap] = table[i];
                    counts[gap] = counts[i];
                    table[i] = null;
                    counts[i] = 0;
                    gap = i;
                }
            }
        }

        private void grow() {
            rehash(table.length * 2);
        }

        /** Moves the keys and their counts to a table of {@code length} slots, a power of two. */
        private void rehash(int length) {
            Object[] oldTable = table;
            int[] oldCounts = counts;
            table = new Object[length];
            counts = new int[length];
            int mask = table.length - 1;
            for (int j = 0; j < oldTable.length; j++) {
                Object k = oldTable[j];
                if (k != null) {
                    int i = home(k, table.length);
                    while (table[i] != null) {
                        i = (i + 1) & mask;
                    }
                    table[i] = k;
                    counts[i] = oldCounts[j];
                }
            }
        }
    }
}
