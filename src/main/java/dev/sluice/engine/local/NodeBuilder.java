package dev.sluice.engine.local;

import dev.sluice.engine.graph.StreamNode;
import dev.sluice.engine.plan.StreamOp;

/** Builds the embedded engine's node (or nodes) for one kind of plan operator; returns the node that yields the stream. */
@FunctionalInterface
public interface NodeBuilder<O extends StreamOp> {

    /** Builds {@code op} over the nodes already built for its parents ({@link LocalPlanner#node}). */
    StreamNode<?> build(O op, LocalPlanner planner);
}
