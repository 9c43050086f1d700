package dev.sluice.engine.rdd;

/**
 * Receives a partition's elements one at a time, in order: the push counterpart of an
 * {@code Iterator}, through which a task runs a chain of element-wise steps as nested calls.
 */
@FunctionalInterface
public interface Sink<T> {

    /** Takes the next element. */
    void accept(T value) throws Exception;
}
