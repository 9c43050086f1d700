package dev.sluice.engine.plan;

import java.util.List;

/**
 * One operator of the logical plan: what the user asked for (kind, function, parameters,
 * parents), recorded by every stream of the public API, with no engine in it.
 *
 * <p>Each runner turns the plan into its own engine's terms with one builder (or translator) per
 * operator kind, looked up by the record's class; the embedded engine's builders are in
 * {@code dev.sluice.engine.local}. Ops are immutable and compared by identity: two streams with the
 * same function over the same parent are two operators.
 *
 * <p>The families: {@link SourceOp} (where records come from), {@link ElementOp} (per-batch
 * element and partition operations, transform, union), {@link AggregateOp} (per-batch counts and
 * reductions), {@link WindowOp} (windows of unkeyed streams), {@link KeyedOp} (by-key operations,
 * joins, keyed windows), {@link StateOp} (state across batches); outputs are {@link OutputOp}.
 */
public sealed interface StreamOp permits SourceOp, ElementOp, AggregateOp, WindowOp, KeyedOp, StateOp {

    /** Returns the operator's kind, as the public API names it ({@code "map"}, {@code "reduceByKeyAndWindow"}). */
    String kind();

    /** Returns the operators this one reads, in argument order; empty for a source. */
    List<StreamOp> parents();

    /**
     * Returns true if {@link #toNativeString} continues the expression of the first parent (a method
     * called on it, {@code .map(f)}); false if it stands alone ({@code ssc.socketTextStream(...)},
     * {@code ssc.transform(...)}).
     */
    default boolean continuesFirstParent() {
        return !parents().isEmpty();
    }

    /**
     * Returns true if this operator changes how its parent's stream is kept ({@code cache()},
     * {@code checkpoint(interval)}) rather than making a new stream: it replaces the stream's
     * operator in the plan, and the engine's node is the parent's.
     */
    default boolean modifiesParent() {
        return false;
    }

    /**
     * Returns this operator in the API's own terms (which are Spark Streaming's), e.g.
     * {@code .reduceByKeyAndWindow(f, 30s, 10s)} or {@code ssc.socketTextStream("localhost", 9999)};
     * functions appear by their parameter's name, other streams as {@code stream(id)} through
     * {@code ids}.
     */
    String toNativeString(StreamIds ids);

    /** Names the streams an operator refers to besides its first parent, for {@link #toNativeString}. */
    @FunctionalInterface
    interface StreamIds {
        /** Returns how to refer to {@code op} in a description, e.g. {@code stream(3)}. */
        String refer(StreamOp op);
    }
}
