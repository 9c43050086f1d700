package dev.sluice.streaming;

import java.io.Serializable;

/**
 * A function called once per batch with the batch's RDD and its time, as in {@code (rdd, time) -> ...}.
 *
 * <p>Serializable so that a lambda typed in the shell can be kept with a checkpointed graph
 * description and shipped to a cluster runner; capture only serializable values in it.
 */
@FunctionalInterface
public interface ForeachRDDFunction<T> extends Serializable {
    /** Applies the function; may throw, which fails the task (and, after retries, the batch's job). */
    void call(RDD<T> rdd, Time time) throws Exception;
}
