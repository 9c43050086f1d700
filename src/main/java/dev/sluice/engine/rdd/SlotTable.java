package dev.sluice.engine.rdd;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A hash map for per-record lookups into many keys: open addressing with linear probing, at most
 * half full, and each slot's key and value side by side in one array (elements 2i and 2i + 1).
 * Finding a key and reading or replacing its value then touch one place in memory, where a
 * {@code HashMap} goes from its table to a node; keys are compared with {@code ==} before
 * {@code equals}, which for keys taken from one pool of objects saves reading the key.
 *
 * <p>Besides the {@code Map} view, callers may work with slot numbers: {@link #find}, {@link #add},
 * {@link #valueAt}, {@link #setAt}. A slot keeps its key once added; a null value means "no value"
 * (the {@code Map} view skips such slots). A slot number is valid until the next {@link #add}.
 * Null keys are allowed. Not thread-safe.
 */
final class SlotTable<K, V> extends AbstractMap<K, V> {

    /** Stands for the null key, since a null array element marks an empty slot. */
    private static final Object NULL_KEY = new Object();

    private Object[] table;
    private int shift;
    private int used;
    private int size;

    /** Creates a table that holds {@code expectedKeys} keys without growing. */
    SlotTable(long expectedKeys) {
        long wanted = Math.max(16, Math.min(1L << 29, expectedKeys * 2));
        allocate(Long.numberOfTrailingZeros(Long.highestOneBit(wanted - 1) << 1));
    }

    private void allocate(int bits) {
        table = new Object[2 << bits];
        shift = 32 - bits;
    }

    /** Returns the number of slots. */
    int capacity() {
        return table.length >> 1;
    }

    private int home(Object k) {
        return (k.hashCode() * 0x9E3779B9) >>> shift;
    }

    /** Returns the slot of {@code key}, or -1 if it has none. */
    int find(Object key) {
        Object k = key == null ? NULL_KEY : key;
        int mask = capacity() - 1;
        for (int i = home(k); ; i = (i + 1) & mask) {
            Object found = table[2 * i];
            if (found == null) {
                return -1;
            }
            if (found == k || found.equals(k)) {
                return i;
            }
        }
    }

    /** Adds a slot for {@code key}, which must have none, holding {@code value}; returns it. */
    int add(K key, V value) {
        if ((used + 1) * 2 > capacity()) {
            grow();
        }
        int i = place(key == null ? NULL_KEY : key);
        used++;
        setAt(i, value);
        return i;
    }

    /** Puts {@code k} into the first empty slot of its probe sequence. */
    private int place(Object k) {
        int mask = capacity() - 1;
        int i = home(k);
        while (table[2 * i] != null) {
            i = (i + 1) & mask;
        }
        table[2 * i] = k;
        return i;
    }

    private void grow() {
        Object[] old = table;
        allocate(32 - shift + 1);
        for (int j = 0; j < old.length; j += 2) {
            if (old[j] != null) {
                table[2 * place(old[j]) + 1] = old[j + 1];
            }
        }
    }

    /** Whether slot {@code i} holds a key. */
    boolean occupied(int i) {
        return table[2 * i] != null;
    }

    /** Returns the key of the occupied slot {@code i}. */
    @SuppressWarnings("unchecked")
    K keyAt(int i) {
        Object k = table[2 * i];
        return k == NULL_KEY ? null : (K) k;
    }

    /** Returns the value of slot {@code i}, or null. */
    @SuppressWarnings("unchecked")
    V valueAt(int i) {
        return (V) table[2 * i + 1];
    }

    /** Sets the value of slot {@code i}; null leaves the key with no value. */
    void setAt(int i, V value) {
        Object old = table[2 * i + 1];
        if (old == null && value != null) {
            size++;
        } else if (old != null && value == null) {
            size--;
        }
        table[2 * i + 1] = value;
    }

    /** Returns the mean distance of the keys from their home slots (how far lookups probe). */
    double meanDisplacement() {
        int mask = capacity() - 1;
        long total = 0;
        for (int i = 0; i < capacity(); i++) {
            if (table[2 * i] != null) {
                total += (i - home(table[2 * i])) & mask;
            }
        }
        return used == 0 ? 0 : (double) total / used;
    }

    /** Returns the number of slots that hold a key, with or without a value. */
    int slotsUsed() {
        return used;
    }

    @Override
    public V get(Object key) {
        int i = find(key);
        return i < 0 ? null : valueAt(i);
    }

    @Override
    public boolean containsKey(Object key) {
        return get(key) != null;
    }

    @Override
    public V put(K key, V value) {
        int i = find(key);
        if (i < 0) {
            add(key, value);
            return null;
        }
        V old = valueAt(i);
        setAt(i, value);
        return old;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Set<Entry<K, V>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return size;
            }

            @Override
            public Iterator<Entry<K, V>> iterator() {
                return new Iterator<>() {
                    private int next = advance(0);

                    private int advance(int from) {
                        int i = from;
                        while (i < capacity() && (table[2 * i] == null || table[2 * i + 1] == null)) {
                            i++;
                        }
                        return i;
                    }

                    @Override
                    public boolean hasNext() {
                        return next < capacity();
                    }

                    @Override
                    public Entry<K, V> next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        Entry<K, V> e = new SimpleImmutableEntry<>(keyAt(next), valueAt(next));
                        next = advance(next + 1);
                        return e;
                    }
                };
            }
        };
    }
}
