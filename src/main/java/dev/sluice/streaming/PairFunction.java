package dev.sluice.streaming;

import java.io.Serializable;

/**
 * A function from an element to a key-value pair, as in {@code w -> Pair.of(w, 1)}.
 *
 * <p>Serializable so that a lambda typed in the shell can be kept with a checkpointed graph
 * description and shipped to a cluster runner; capture only serializable values in it.
 */
@FunctionalInterface
public interface PairFunction<T, K, V> extends Serializable {
    /** Applies the function; may throw, which fails the task (and, after retries, the batch's job). */
    Pair<K, V> call(T value) throws Exception;
}
