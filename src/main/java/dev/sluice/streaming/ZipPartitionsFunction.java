package dev.sluice.streaming;

import java.io.Serializable;
import java.util.Iterator;

/**
 * A function over the partitions of the same index of two datasets, as in
 * {@code (xs, ys) -> merged(xs, ys)}; used by {@code zipPartitions}. Spark calls it
 * {@code FlatMapFunction2}.
 *
 * <p>Serializable so that a lambda typed in the shell can be kept with a checkpointed graph
 * description and shipped to a cluster runner; capture only serializable values in it.
 */
@FunctionalInterface
public interface ZipPartitionsFunction<A, B, R> extends Serializable {
    /** Applies the function; may throw, which fails the task (and, after retries, the job). */
    Iterator<R> call(Iterator<A> first, Iterator<B> second) throws Exception;
}
