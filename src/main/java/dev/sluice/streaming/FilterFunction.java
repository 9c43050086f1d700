package dev.sluice.streaming;

import java.io.Serializable;

/**
 * A predicate that keeps the elements for which it returns true, as in {@code stream.filter(x -> x > 0)}.
 *
 * <p>Serializable so that a lambda typed in the shell can be kept with a checkpointed graph
 * description and shipped to a cluster runner; capture only serializable values in it.
 */
@FunctionalInterface
public interface FilterFunction<T> extends Serializable {
    /** Applies the function; may throw, which fails the task (and, after retries, the batch's job). */
    boolean call(T value) throws Exception;
}
