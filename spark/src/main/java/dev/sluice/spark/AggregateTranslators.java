package dev.sluice.spark;

import dev.sluice.engine.plan.AggregateOp;

/** Translators of the per-batch aggregates. */
final class AggregateTranslators {

    private AggregateTranslators() {
    }

    static void register(SparkTranslators t) {
        t.stream(AggregateOp.Count.class, (op, in) -> Dataset.ofElements(in.of(op.parent()).elements().count(), false));
        t.stream(AggregateOp.CountByValue.class, (op, in) -> Dataset.ofPairs(op.numPartitions() > 0
                ? in.of(op.parent()).elements().countByValue(op.numPartitions())
                : in.of(op.parent()).elements().countByValue()));
        t.stream(AggregateOp.Reduce.class, (op, in) -> Dataset.ofElements(in.of(op.parent()).elements().reduce(Fns.reduce(op.f())), false));
    }
}
