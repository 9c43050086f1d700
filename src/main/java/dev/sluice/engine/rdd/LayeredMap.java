package dev.sluice.engine.rdd;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An immutable map made of a base map and up to {@value #MAX_DEPTH} layers of changes on top of
 * it, so that a state that changes in a few keys per batch is carried to the next batch in time
 * proportional to the changes, not to the whole state. After {@value #MAX_DEPTH} layers the next
 * one flattens everything into a new base.
 *
 * <p>Thread-safe once built: layers are never modified after {@link Editor#seal()}. Null values are
 * not supported.
 */
public final class LayeredMap<K, V> extends AbstractMap<K, V> {

    /** How many layers may stack before they are flattened. */
    static final int MAX_DEPTH = 8;

    private static final Object REMOVED = new Object();

    private final LayeredMap<K, V> parent;
    private final Map<K, Object> layer;
    private final int depth;
    private final int size;
    private volatile Map<K, V> flat;

    private LayeredMap(LayeredMap<K, V> parent, Map<K, Object> layer, int depth, int size) {
        this.parent = parent;
        this.layer = layer;
        this.depth = depth;
        this.size = size;
    }

    /** Returns an editor of a new map that starts as {@code base} (which is not copied and must not change). */
    @SuppressWarnings("unchecked")
    public static <K, V> Editor<K, V> edit(Map<K, V> base) {
        // An empty base may be an immutable map that rejects null keys; start from a HashMap then.
        Map<K, V> b = base.isEmpty() ? new HashMap<>() : base;
        LayeredMap<K, V> start = b instanceof LayeredMap<K, V> l ? l
                : new LayeredMap<>(null, (Map<K, Object>) (Map<K, ?>) b, 0, b.size());
        return new Editor<>(start);
    }

    /** Returns the number of layers above the base. */
    int depth() {
        return depth;
    }

    @Override
    @SuppressWarnings("unchecked")
    public V get(Object key) {
        for (LayeredMap<K, V> m = this; m != null; m = m.parent) {
            Object v = m.layer.get(key);
            if (v != null) {
                return v == REMOVED ? null : (V) v;
            }
        }
        return null;
    }

    @Override
    public boolean containsKey(Object key) {
        return get(key) != null;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Set<Entry<K, V>> entrySet() {
        return flat().entrySet();
    }

    /** Returns all entries as one read-only map, computed once. */
    @SuppressWarnings("unchecked")
    private Map<K, V> flat() {
        Map<K, V> f = flat;
        if (f == null) {
            if (parent == null) {
                f = Collections.unmodifiableMap((Map<K, V>) (Map<K, ?>) layer);
            } else {
                List<LayeredMap<K, V>> chain = new ArrayList<>();
                for (LayeredMap<K, V> m = this; m != null; m = m.parent) {
                    chain.add(m);
                }
                HashMap<K, V> all = new HashMap<>(Math.max(16, size * 4 / 3 + 1));
                for (int i = chain.size() - 1; i >= 0; i--) {
                    for (Entry<K, Object> e : chain.get(i).layer.entrySet()) {
                        if (e.getValue() == REMOVED) {
                            all.remove(e.getKey());
                        } else {
                            all.put(e.getKey(), (V) e.getValue());
                        }
                    }
                }
                f = Collections.unmodifiableMap(all);
            }
            flat = f;
        }
        return f;
    }

    /** Builds the next map: reads see its own changes over the map it started from. Not thread-safe. */
    public static final class Editor<K, V> {
        private final LayeredMap<K, V> start;
        private final HashMap<K, Object> changes = new HashMap<>();
        private int size;

        private Editor(LayeredMap<K, V> start) {
            this.start = start;
            this.size = start.size;
        }

        /** Returns the value of {@code key}, or null. */
        @SuppressWarnings("unchecked")
        public V get(K key) {
            Object v = changes.get(key);
            if (v != null) {
                return v == REMOVED ? null : (V) v;
            }
            return start.get(key);
        }

        /** Sets the value of {@code key} (not null). */
        public void put(K key, V value) {
            if (value == null) {
                throw new NullPointerException("null value for " + key);
            }
            if (get(key) == null) {
                size++;
            }
            changes.put(key, value);
        }

        /** Removes {@code key}. */
        public void remove(K key) {
            if (get(key) != null) {
                size--;
            }
            if (start.get(key) != null) {
                changes.put(key, REMOVED);
            } else {
                changes.remove(key);
            }
        }

        /** Returns the current entries (a copy; editing while iterating it is allowed). */
        public List<Entry<K, V>> entries() {
            Map<K, V> view = seal().flat();
            return new ArrayList<>(view.entrySet());
        }

        /** Returns the map with the changes made so far. */
        @SuppressWarnings("unchecked")
        public LayeredMap<K, V> seal() {
            if (changes.isEmpty()) {
                return start;
            }
            LayeredMap<K, V> next = new LayeredMap<>(start, new HashMap<>(changes), start.depth + 1, size);
            if (next.depth > MAX_DEPTH) {
                return new LayeredMap<>(null, (Map<K, Object>) (Map<K, ?>) new HashMap<>(next.flat()), 0, size);
            }
            return next;
        }
    }
}
