package dev.sluice.engine.rdd;

import java.io.Serial;
import java.io.Serializable;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Consumer;

/**
 * An append-only list that grows by adding chunks rather than by copying: the values of one key
 * in a group, or the records of one shuffle bucket. A list of n values allocates at most about 2n
 * slots over its life and never copies a value while it grows (an {@code ArrayList} allocates
 * about 3n and copies each value about twice).
 *
 * <p>Only the code that fills a list appends to it; to everyone else it is read-only ({@link #add}
 * is the only mutator). {@link #concat} makes a new list and leaves its inputs as they are.
 * Serialized as an {@code ArrayList}.
 */
public final class ValueList<V> extends AbstractList<V> implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** Slots in a list's first chunk. */
    static final int FIRST_CHUNK = 4;
    /** The largest chunk (256 KB of references), well below the size G1 allocates as humongous. */
    static final int MAX_CHUNK = 1 << 16;

    /** The full chunks before {@link #last}, or null while there is only one chunk. */
    private transient Object[][] full;
    private transient int fullCount;
    /** The chunk being filled. */
    private transient Object[] last;
    private transient int lastUsed;
    private transient int size;

    /** Creates an empty list. */
    public ValueList() {
        this(FIRST_CHUNK);
    }

    /** Creates an empty list whose first chunk holds {@code expected} values (at least one). */
    public ValueList(int expected) {
        last = new Object[Math.max(1, Math.min(expected, MAX_CHUNK))];
    }

    /** Returns a list holding {@code value} alone. */
    public static <V> ValueList<V> of(V value) {
        ValueList<V> l = new ValueList<>();
        l.add(value);
        return l;
    }

    /** Returns a new list of {@code left}'s values then {@code right}'s, in one chunk; neither input changes. */
    public static <V> ValueList<V> concat(List<? extends V> left, List<? extends V> right) {
        ValueList<V> out = new ValueList<>(left.size() + right.size());
        out.appendAll(left);
        out.appendAll(right);
        return out;
    }

    private void appendAll(List<? extends V> values) {
        if (values instanceof ValueList<? extends V> v) {
            for (int c = 0; c < v.fullCount; c++) {
                appendChunk(v.full[c], v.full[c].length);
            }
            appendChunk(v.last, v.lastUsed);
        } else {
            for (V value : values) {
                add(value);
            }
        }
    }

    private void appendChunk(Object[] chunk, int n) {
        int done = 0;
        while (done < n) {
            if (lastUsed == last.length) {
                grow();
            }
            int k = Math.min(n - done, last.length - lastUsed);
            System.arraycopy(chunk, done, last, lastUsed, k);
            lastUsed += k;
            done += k;
            size += k;
        }
    }

    @Override
    public boolean add(V value) {
        if (lastUsed == last.length) {
            grow();
        }
        last[lastUsed++] = value;
        size++;
        return true;
    }

    /** Appends {@code src}'s elements from {@code from} (inclusive) to {@code to} (exclusive), read by index. */
    void addRange(List<? extends V> src, int from, int to) {
        while (from < to) {
            if (lastUsed == last.length) {
                grow();
            }
            int k = Math.min(to - from, last.length - lastUsed);
            Object[] chunk = last;
            int at = lastUsed;
            for (int i = 0; i < k; i++) {
                chunk[at + i] = src.get(from + i);
            }
            lastUsed = at + k;
            size += k;
            from += k;
        }
    }

    /** Seals the full last chunk and starts one as large as the list so far (doubling), up to {@link #MAX_CHUNK}. */
    private void grow() {
        if (full == null) {
            full = new Object[4][];
        } else if (fullCount == full.length) {
            full = Arrays.copyOf(full, fullCount * 2);
        }
        full[fullCount++] = last;
        last = new Object[Math.min(Math.max(size, FIRST_CHUNK), MAX_CHUNK)];
        lastUsed = 0;
    }

    @Override
    public int size() {
        return size;
    }

    /** Returns the number of chunks, the last one possibly partly filled (or empty). */
    int chunkCount() {
        return fullCount + 1;
    }

    /** Returns chunk {@code c}; its first {@link #chunkLength} elements are the list's. */
    Object[] chunk(int c) {
        return c < fullCount ? full[c] : last;
    }

    /** Returns how many elements of chunk {@code c} are in the list. */
    int chunkLength(int c) {
        return c < fullCount ? full[c].length : lastUsed;
    }

    @Override
    @SuppressWarnings("unchecked")
    public V get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("index " + index + " of a list of " + size);
        }
        for (int c = 0; c < fullCount; c++) {
            Object[] chunk = full[c];
            if (index < chunk.length) {
                return (V) chunk[index];
            }
            index -= chunk.length;
        }
        return (V) last[index];
    }

    @Override
    public void forEach(Consumer<? super V> action) {
        try {
            push(action::accept);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("a Consumer threw a checked exception", e);
        }
    }

    /** Passes every value to {@code sink}, in order. */
    @SuppressWarnings("unchecked")
    void push(Sink<? super V> sink) throws Exception {
        for (int c = 0; c < fullCount; c++) {
            for (Object v : full[c]) {
                sink.accept((V) v);
            }
        }
        for (int i = 0; i < lastUsed; i++) {
            sink.accept((V) last[i]);
        }
    }

    @Override
    public Object[] toArray() {
        Object[] out = new Object[size];
        int at = 0;
        for (int c = 0; c < fullCount; c++) {
            System.arraycopy(full[c], 0, out, at, full[c].length);
            at += full[c].length;
        }
        System.arraycopy(last, 0, out, at, lastUsed);
        return out;
    }

    @Override
    public Iterator<V> iterator() {
        return new Iterator<>() {
            private int chunk;
            private Object[] current = fullCount > 0 ? full[0] : last;
            private int limit = fullCount > 0 ? current.length : lastUsed;
            private int pos;

            @Override
            public boolean hasNext() {
                if (pos < limit) {
                    return true;
                }
                if (chunk >= fullCount) {
                    return false;
                }
                chunk++;
                current = chunk < fullCount ? full[chunk] : last;
                limit = chunk < fullCount ? current.length : lastUsed;
                pos = 0;
                return pos < limit;
            }

            @Override
            @SuppressWarnings("unchecked")
            public V next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return (V) current[pos++];
            }
        };
    }

    @Serial
    private Object writeReplace() {
        return new ArrayList<>(this);
    }
}
