package dev.sluice.streaming;

import java.io.Serializable;

/**
 * A function from an element to a {@code double}, as in {@code s -> s.length()}; used by
 * {@code mapToDouble}. Returning a primitive lets an {@code int} or {@code long} result widen.
 *
 * <p>Serializable so that a lambda typed in the shell can be kept with a checkpointed graph
 * description and shipped to a cluster runner; capture only serializable values in it.
 */
@FunctionalInterface
public interface DoubleFunction<T> extends Serializable {
    /** Applies the function; may throw, which fails the task (and, after retries, the job). */
    double call(T value) throws Exception;
}
