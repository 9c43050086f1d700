package dev.sluice.streaming;

import java.io.Serializable;

/**
 * A function of two arguments, as in {@code (sum, x) -> sum + x}: the sequence step of
 * {@code aggregate} and {@code aggregateByKey}, the merge step of {@code combineByKey}, and the
 * function of {@code mapPartitionsWithIndex}. Named after Spark's {@code Function2}.
 *
 * <p>Serializable so that a lambda typed in the shell can be kept with a checkpointed graph
 * description and shipped to a cluster runner; capture only serializable values in it.
 */
@FunctionalInterface
public interface Function2<T1, T2, R> extends Serializable {
    /** Applies the function; may throw, which fails the task (and, after retries, the job). */
    R call(T1 first, T2 second) throws Exception;
}
