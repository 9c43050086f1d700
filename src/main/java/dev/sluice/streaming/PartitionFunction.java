package dev.sluice.streaming;

import java.io.Serializable;
import java.util.Iterator;
/**
 * A function over a whole partition's elements, as in {@code it -> ...}; used by {@code mapPartitions}.
 *
 * <p>Serializable so that a lambda typed in the shell can be kept with a checkpointed graph
 * description and shipped to a cluster runner; capture only serializable values in it.
 */
@FunctionalInterface
public interface PartitionFunction<T, R> extends Serializable {
    /** Applies the function; may throw, which fails the task (and, after retries, the batch's job). */
    Iterator<R> call(Iterator<T> partition) throws Exception;
}
