/**
 * The logical plan: what each stream of a context was asked to be, independent of the engine that
 * runs it.
 *
 * <p>{@link dev.sluice.engine.plan.StreamOp} is a sealed family of records, one per operator of
 * the public API, grouped by purpose: {@link dev.sluice.engine.plan.SourceOp},
 * {@link dev.sluice.engine.plan.ElementOp}, {@link dev.sluice.engine.plan.AggregateOp},
 * {@link dev.sluice.engine.plan.WindowOp}, {@link dev.sluice.engine.plan.KeyedOp},
 * {@link dev.sluice.engine.plan.StateOp}; outputs are {@link dev.sluice.engine.plan.OutputOp}.
 * Each record holds the user's function(s), the parameters as given (0 partitions: the engine's
 * default) and its parent operators, and renders itself in the API's own (Spark Streaming's)
 * terms. A context's {@link dev.sluice.engine.plan.Plan} lists its streams (id, name, operator)
 * and outputs in definition order.
 *
 * <p>Adding an operator: a record in the family it belongs to (with {@code kind()} and
 * {@code toNativeString}), the API method that creates it, a builder for the embedded engine
 * registered in the family's class of {@code dev.sluice.engine.local} ({@code LocalBuildersTest}
 * fails while one is missing), a row in {@code PlanTest}, a table test of its batches, and, for a
 * runner, one translator.
 */
package dev.sluice.engine.plan;
