package dev.sluice.streaming;

import java.io.Serializable;

/**
 * A one-to-many function applied to every element, as in {@code lines.flatMap(l -> List.of(l.split(" ")))}.
 *
 * <p>Serializable so that a lambda typed in the shell can be kept with a checkpointed graph
 * description and shipped to a cluster runner; capture only serializable values in it.
 */
@FunctionalInterface
public interface FlatMapFunction<T, R> extends Serializable {
    /** Applies the function; may throw, which fails the task (and, after retries, the batch's job). */
    Iterable<R> call(T value) throws Exception;
}
