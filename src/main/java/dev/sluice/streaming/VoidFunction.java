package dev.sluice.streaming;

import java.io.Serializable;

/**
 * A function called for its side effect on each value, as in {@code rdd.foreach(x -> log(x))}.
 *
 * <p>Serializable so that a lambda typed in the shell can be kept with a checkpointed graph
 * description and shipped to a cluster runner; capture only serializable values in it.
 */
@FunctionalInterface
public interface VoidFunction<T> extends Serializable {
    /** Applies the function; may throw, which fails the task (and, after retries, the batch's job). */
    void call(T value) throws Exception;
}
