package dev.sluice.streaming;

import java.io.Serializable;

/**
 * A function of one batch's RDDs of two streams and the batch time, as in
 * {@code (rdd, other, time) -> rdd.join(other)}; Spark's {@code Function3} of {@code transformWith}.
 *
 * <p>Serializable so that a lambda typed in the shell can be kept with a checkpointed graph
 * description and shipped to a cluster runner; capture only serializable values in it.
 */
@FunctionalInterface
public interface TransformWithFunction<T, U, R> extends Serializable {
    /** Applies the function; may throw, which fails the batch's job for the outputs that read the stream. */
    RDD<R> call(RDD<T> rdd, RDD<U> other, Time time) throws Exception;
}
