package dev.sluice.streaming;

import java.io.Serializable;

/**
 * A one-to-one function applied to every element, as in {@code stream.map(x -> x.length())}.
 *
 * <p>Serializable so that a lambda typed in the shell can be kept with a checkpointed graph
 * description and shipped to a cluster runner; capture only serializable values in it.
 */
@FunctionalInterface
public interface MapFunction<T, R> extends Serializable {
    /** Applies the function; may throw, which fails the task (and, after retries, the batch's job). */
    R call(T value) throws Exception;
}
