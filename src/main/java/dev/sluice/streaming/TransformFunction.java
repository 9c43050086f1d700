package dev.sluice.streaming;

import java.io.Serializable;

/**
 * A function from one batch's RDD to another RDD, as in {@code rdd -> rdd.distinct()}.
 *
 * <p>Serializable so that a lambda typed in the shell can be kept with a checkpointed graph
 * description and shipped to a cluster runner; capture only serializable values in it.
 */
@FunctionalInterface
public interface TransformFunction<T, R> extends Serializable {
    /** Applies the function; may throw, which fails the task (and, after retries, the batch's job). */
    RDD<R> call(RDD<T> rdd) throws Exception;
}
