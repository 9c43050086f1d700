package dev.sluice.engine.local;

import dev.sluice.engine.graph.OutputOperation;
import dev.sluice.engine.plan.OutputOp;

/** Builds the embedded engine's per-batch action for one kind of output operator. */
@FunctionalInterface
public interface ActionBuilder<O extends OutputOp> {

    /** Returns what {@code op} does with each batch of its stream. */
    OutputOperation.BatchAction<?> build(O op, LocalPlanner planner);
}
