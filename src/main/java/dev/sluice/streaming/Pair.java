package dev.sluice.streaming;

import java.io.Serializable;

/**
 * A key and a value: the element type of {@link PairDStream} and {@link PairRDD}.
 *
 * <p>Prints as {@code (key,value)}, like a Scala tuple in Spark's output. Example:
 * {@code words.mapToPair(w -> Pair.of(w, 1))}.
 *
 * @param key   the key (may be null)
 * @param value the value (may be null)
 */
public record Pair<K, V>(K key, V value) implements Serializable {

    /** Returns the pair {@code (key, value)}. */
    public static <K, V> Pair<K, V> of(K key, V value) {
        return new Pair<>(key, value);
    }

    /** Returns {@code (key,value)}. */
    @Override
    public String toString() {
        return "(" + key + "," + value + ")";
    }
}
