package dev.sluice.streaming;

import java.io.Serializable;
import java.util.Optional;
/**
 * Computes a key's new state from the batch's values for it and its previous state; returning empty removes the key.
 *
 * <p>Serializable so that a lambda typed in the shell can be kept with a checkpointed graph
 * description and shipped to a cluster runner; capture only serializable values in it.
 */
@FunctionalInterface
public interface UpdateStateFunction<V, S> extends Serializable {
    /** Applies the function; may throw, which fails the task (and, after retries, the batch's job). */
    Optional<S> call(Iterable<V> values, Optional<S> state) throws Exception;
}
