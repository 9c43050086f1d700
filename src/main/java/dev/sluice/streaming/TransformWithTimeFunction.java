package dev.sluice.streaming;

import java.io.Serializable;

/**
 * A function from one batch's RDD and its time to another RDD, as in {@code (rdd, time) -> rdd}.
 *
 * <p>Serializable so that a lambda typed in the shell can be kept with a checkpointed graph
 * description and shipped to a cluster runner; capture only serializable values in it.
 */
@FunctionalInterface
public interface TransformWithTimeFunction<T, R> extends Serializable {
    /** Applies the function; may throw, which fails the task (and, after retries, the batch's job). */
    RDD<R> call(RDD<T> rdd, Time time) throws Exception;
}
