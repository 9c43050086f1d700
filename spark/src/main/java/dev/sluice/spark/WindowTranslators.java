package dev.sluice.spark;

import static dev.sluice.spark.Translation.d;

import dev.sluice.engine.plan.WindowOp;

/** Translators of the windows; those computed with an inverse need Spark's checkpoint directory. */
final class WindowTranslators {

    private WindowTranslators() {
    }

    static void register(SparkTranslators t) {
        t.stream(WindowOp.Window.class, (op, in) -> {
            Dataset parent = in.of(op.parent());
            return Dataset.ofElements(parent.elements().window(d(op.length()), d(op.slide())), parent.isPair());
        });
        t.stream(WindowOp.CountByWindow.class, (op, in) -> {
            in.needsCheckpoint = true;
            return Dataset.ofElements(in.of(op.parent()).elements().countByWindow(d(op.length()), d(op.slide())), false);
        });
        t.stream(WindowOp.ReduceByWindow.class, (op, in) -> {
            Dataset parent = in.of(op.parent());
            if (op.inverse() == null) {
                return Dataset.ofElements(parent.elements().reduceByWindow(Fns.reduce(op.f()), d(op.length()), d(op.slide())), false);
            }
            in.needsCheckpoint = true;
            return Dataset.ofElements(parent.elements().reduceByWindow(Fns.reduce(op.f()), Fns.reduce(op.inverse()),
                    d(op.length()), d(op.slide())), false);
        });
        t.stream(WindowOp.CountByValueAndWindow.class, (op, in) -> {
            in.needsCheckpoint = true;
            Dataset parent = in.of(op.parent());
            return Dataset.ofPairs(op.numPartitions() > 0
                    ? parent.elements().countByValueAndWindow(d(op.length()), d(op.slide()), op.numPartitions())
                    : parent.elements().countByValueAndWindow(d(op.length()), d(op.slide())));
        });
    }
}
