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
     * gets a slot in a {@link SlotTable}, where later reads and writes of the same key find it with
     * one probe. Not thread-safe.
     */
    public static final class Editor<K, V> {
        private final LayeredMap<K, V> start;
        /** The keys touched so far, each with its current value (null: absent). */
        private final SlotTable<K, V> slots;
        private int size;

        private Editor(LayeredMap<K, V> start) {
            this.start = start;
            this.size = start.size;
            // Sized for as many keys as the last batch changed, so a state whose keys all change
            // every batch does not rehash its way up to full size each time.
            this.slots = new SlotTable<>(start.changed);
        }

        /**
         * Returns the slot of {@code key}, creating it from the starting map's value. A slot number
         * is valid until the next call of this method (which may move every slot).
         */
        public int slot(K key) {
            int i = slots.find(key);
            return i >= 0 ? i : slots.add(key, start.get(key));
        }

        /** Returns the current value of slot {@code slot}, or null if its key is absent. */
        public V valueAt(int slot) {
            return slots.valueAt(slot);
        }

        /** Sets the value of slot {@code slot} (not null). */
        public void setAt(int slot, V value) {
            if (value == null) {
                throw new NullPointerException("null value in a layered map");
            }
            if (slots.valueAt(slot) == null) {
                size++;
            }
            slots.setAt(slot, value);
        }

        /** Removes the key of slot {@code slot}. */
        public void removeAt(int slot) {
            if (slots.valueAt(slot) != null) {
                size--;
            }
            slots.setAt(slot, null);
        }

        /** Returns the value of {@code key}, or null; creates no slot. */
        public V get(K key) {
            int i = slots.find(key);
            return i >= 0 ? slots.valueAt(i) : start.get(key);
        }

        /** Sets the value of {@code key} (not null). */
        public void put(K key, V value) {
            setAt(slot(key), value);
        }

        /** Removes {@code key}. */
        public void remove(K key) {
            removeAt(slot(key));
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
            int changed = slots.slotsUsed();
            if (changed == 0) {
                return start;
            }
            HashMap<K, Object> layer = HashMaps.forSize(changed);
            for (int i = 0; i < slots.capacity(); i++) {
                if (!slots.occupied(i)) {
                    continue;
                }
                K key = slots.keyAt(i);
                V value = slots.valueAt(i);
                if (value != null) {
                    layer.put(key, value);
                } else if (start.get(key) != null) {
                    layer.put(key, REMOVED);
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
