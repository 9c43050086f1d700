/**
 * The embedded engine's side of the plan: {@link dev.sluice.engine.local.LocalPlanner} builds the
 * live graph's nodes from plan operators when streams are defined, looking up one builder per
 * operator class in {@link dev.sluice.engine.local.LocalBuilders} (grouped as the plan's families:
 * {@code SourceBuilders}, {@code ElementBuilders}, ...). Operators that Spark composes from smaller
 * ones (countByValue, the counting and reducing windows) are built from the same smaller nodes, so
 * node ids and checkpoint ids are the ones the engine had before the plan existed.
 */
package dev.sluice.engine.local;
