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
    private final int changed;
    private volatile Map<K, V> flat;

    private LayeredMap(LayeredMap<K, V> parent, Map<K, Object> layer, int depth, int size, int changed) {
        this.parent = parent;
        this.layer = layer;
        this.depth = depth;
        this.size = size;
        this.changed = changed;
    }

    /** Returns an editor of a new map that starts as {@code base} (which is not copied and must not change). */
    @SuppressWarnings("unchecked")
    public static <K, V> Editor<K, V> edit(Map<K, V> base) {
        // An empty base may be an immutable map that rejects null keys; start from a HashMap then.
        Map<K, V> b = base.isEmpty() ? new HashMap<>() : base;
        LayeredMap<K, V> start = b instanceof LayeredMap<K, V> l ? l
                : new LayeredMap<>(null, (Map<K, Object>) (Map<K, ?>) b, 0, b.size(), 0);
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
            f = Collections.unmodifiableMap((Map<K, V>) (Map<K, ?>) (parent == null ? layer : merged()));
            flat = f;
        }
        return f;
    }

    /** Returns a new map holding what the base and every layer above it add up to. */
    private HashMap<K, Object> merged() {
        List<LayeredMap<K, V>> chain = new ArrayList<>();
        for (LayeredMap<K, V> m = this; m != null; m = m.parent) {
            chain.add(m);
        }
        HashMap<K, Object> all = HashMaps.forSize(size);
        for (int i = chain.size() - 1; i >= 0; i--) {
            for (Entry<K, Object> e : chain.get(i).layer.entrySet()) {
                if (e.getValue() == REMOVED) {
                    all.remove(e.getKey());
                } else {
                    all.put(e.getKey(), e.getValue());
                }
            }
        }
        return all;
    }

    /**
     * Builds the next map: reads see its own changes over the map it started from. Each key touched
     * gets a {@link Slot} that later reads and writes of the same key reach with one lookup. Not
     * thread-safe.
     */
    public static final class Editor<K, V> {
        private final LayeredMap<K, V> start;
        private final HashMap<K, Slot> slots;
        private int size;

        private Editor(LayeredMap<K, V> start) {
            this.start = start;
            this.size = start.size;
            // Sized for as many keys as the last batch changed, so a state whose keys all change
            // every batch does not rehash its way up to full size each time.
            this.slots = HashMaps.forSize(start.changed);
        }

        /** One key's entry while the map is edited. */
        public final class Slot {
            private final boolean wasPresent;
            private V value;

            private Slot(V value) {
                this.wasPresent = value != null;
                this.value = value;
            }

            /** Returns the key's current value, or null. */
            public V get() {
                return value;
            }

            /** Sets the key's value (not null). */
            public void set(V v) {
                if (v == null) {
                    throw new NullPointerException("null value in a layered map");
                }
                if (value == null) {
                    size++;
                }
                value = v;
            }

            /** Removes the key. */
            public void remove() {
                if (value != null) {
                    size--;
                }
                value = null;
            }
        }

        /** Returns the slot of {@code key}, creating it from the starting map's value. */
        public Slot slot(K key) {
            Slot slot = slots.get(key);
            if (slot == null) {
                slot = new Slot(start.get(key));
                slots.put(key, slot);
            }
            return slot;
        }

        /** Returns the value of {@code key}, or null. */
        public V get(K key) {
            Slot slot = slots.get(key);
            return slot != null ? slot.value : start.get(key);
        }

        /** Sets the value of {@code key} (not null). */
        public void put(K key, V value) {
            slot(key).set(value);
        }

        /** Removes {@code key}. */
        public void remove(K key) {
            slot(key).remove();
        }

        /** Returns the current entries (a copy; editing while iterating it is allowed). */
        public List<Entry<K, V>> entries() {
            Map<K, V> view = seal().flat();
            return new ArrayList<>(view.entrySet());
        }

        /**
         * Returns the map with the changes made so far; the editor may go on. When the changes touch
         * at least half of the keys (a state where most keys change every batch), or the layers
         * would be more than {@value #MAX_DEPTH} deep, the result is one flat map whose keys are
         * found with one lookup, not through a stack of layers.
         */
        public LayeredMap<K, V> seal() {
            if (slots.isEmpty()) {
                return start;
            }
            int changed = slots.size();
            HashMap<K, Object> layer = HashMaps.forSize(changed);
            for (Entry<K, Slot> e : slots.entrySet()) {
                Slot slot = e.getValue();
                if (slot.value != null) {
                    layer.put(e.getKey(), slot.value);
                } else if (slot.wasPresent) {
                    layer.put(e.getKey(), REMOVED);
                }
            }
            LayeredMap<K, V> next = new LayeredMap<>(start, layer, start.depth + 1, size, changed);
            if (next.depth > MAX_DEPTH || (long) changed * 2 >= Math.max(size, start.size)) {
                return new LayeredMap<>(null, next.merged(), 0, size, changed);
            }
            return next;
        }
    }
}
