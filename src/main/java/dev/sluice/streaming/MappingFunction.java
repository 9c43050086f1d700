package dev.sluice.streaming;

import java.io.Serializable;
import java.util.Optional;
/**
 * The function of {@code mapWithState}: called per record (value present) and once per key that times out (value empty, {@code state.isTimingOut()}).
 * Its result is the mapped stream's element; a null result is an element (null) of that stream, as in Spark's Java API;
 * filter it out ({@code .filter(Objects::nonNull)}) if you use null for "no output".
 *
 * <p>Serializable so that a lambda typed in the shell can be kept with a checkpointed graph
 * description and shipped to a cluster runner; capture only serializable values in it.
 */
@FunctionalInterface
public interface MappingFunction<K, V, S, R> extends Serializable {
    /** Applies the function; may throw, which fails the task (and, after retries, the batch's job). */
    R call(K key, Optional<V> value, State<S> state) throws Exception;
}
