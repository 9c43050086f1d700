package dev.sluice.streaming;

import java.io.Serializable;

/**
 * An associative and commutative function that combines two values into one, as in {@code (a, b) -> a + b}.
 *
 * <p>Serializable so that a lambda typed in the shell can be kept with a checkpointed graph
 * description and shipped to a cluster runner; capture only serializable values in it.
 */
@FunctionalInterface
public interface ReduceFunction<T> extends Serializable {
    /** Applies the function; may throw, which fails the task (and, after retries, the batch's job). */
    T call(T left, T right) throws Exception;
}
