package dev.sluice.streaming;

import java.io.Serializable;
import java.util.List;

/**
 * A function of one batch's RDDs of several streams (in the order the streams were given) and the
 * batch time, for {@link StreamingContext#transform(List, TransformManyFunction)}; Spark's
 * {@code Function2<List<JavaRDD<?>>, Time, JavaRDD<T>>}.
 *
 * <p>Serializable so that a lambda typed in the shell can be kept with a checkpointed graph
 * description and shipped to a cluster runner; capture only serializable values in it.
 */
@FunctionalInterface
public interface TransformManyFunction<R> extends Serializable {
    /** Applies the function; may throw, which fails the batch's job for the outputs that read the stream. */
    RDD<R> call(List<RDD<?>> rdds, Time time) throws Exception;
}
