package dev.sluice.engine.rdd;

/**
 * The three functions of a by-key combine: start a combiner from a value, add a value to a
 * combiner (map side), merge two combiners (reduce side). Serializable, so that a runner can
 * combine on a cluster's executors.
 */
public interface Aggregator<V, C> extends java.io.Serializable {

    /** Starts a combiner from the first value of a key. */
    C create(V value) throws Exception;

    /** Adds a value to a combiner; may return the same (mutated) combiner. */
    C add(C combiner, V value) throws Exception;

    /** Merges two combiners; may mutate and return the first. */
    C merge(C left, C right) throws Exception;

    /**
     * Returns a combiner that {@link #add} and {@link #merge} may mutate without changing
     * {@code combiner}; immutable combiners (the default) are returned as they are.
     */
    default C copy(C combiner) {
        return combiner;
    }

    /**
     * Whether {@link #create}, {@link #add} and {@link #merge} never return null; then an absent
     * key is told from a present one with a single lookup.
     */
    default boolean nonNullCombiners() {
        return false;
    }
}
