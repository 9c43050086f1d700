package dev.sluice.spark;

import dev.sluice.engine.PrintedBatch;
import dev.sluice.engine.plan.OutputOp;
import dev.sluice.engine.scheduler.OutputScope;
import dev.sluice.streaming.Console;
import dev.sluice.streaming.ForeachRDDFunction;
import dev.sluice.streaming.RDD;
import dev.sluice.streaming.VoidFunction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Translators of the outputs. Each runs on the driver as a Spark {@code foreachRDD} and through the
 * context's output job, so {@code print} writes to the shell or the cell that added it (not the
 * driver's standard output) and a failure is reported as on the embedded engine.
 */
final class OutputTranslators {

    private OutputTranslators() {
    }

    static void register(SparkTranslators t) {
        t.output(OutputOp.Print.class, (op, id, in) -> {
            int n = op.n();
            in.foreachBatch(id, in.of(op.parent()).elements(), (tr, rdd, time) -> {
                List<Object> first = rdd.take(n + 1);
                Console console = OutputScope.current();
                String text = PrintedBatch.text(dev.sluice.engine.Micros.ofMillis(time.milliseconds()), first, n);
                if (console != null) {
                    console.printBatch(text);
                } else {
                    System.out.print(text);
                }
            });
        });
        // The user's function runs on the driver: Spark's graph holds only its number, so a function that
        // captures something not serializable (a notebook's live view, a local collection) also runs when
        // Spark writes the graph to its checkpoint (state streams, windows with an inverse).
        t.output(OutputOp.ForeachRDD.class, (op, id, in) -> {
            int key = in.keep(op.f());
            boolean pair = in.of(op.parent()).isPair();
            boolean fromPairs = in.of(op.parent()).elementsMapPairs();
            in.foreachBatch(id, in.of(op.parent()).elements(), (tr, rdd, time) -> {
                VoidFunction<RDD<Object>> f = Fns.cast(tr.kept(key));
                f.call(tr.toApi(rdd, pair, "foreachRDD", fromPairs));
            });
        });
        t.output(OutputOp.ForeachRDDWithTime.class, (op, id, in) -> {
            int key = in.keep(op.f());
            boolean pair = in.of(op.parent()).isPair();
            boolean fromPairs = in.of(op.parent()).elementsMapPairs();
            in.foreachBatch(id, in.of(op.parent()).elements(), (tr, rdd, time) -> {
                ForeachRDDFunction<Object> f = Fns.cast(tr.kept(key));
                f.call(tr.toApi(rdd, pair, "foreachRDD", fromPairs), time);
            });
        });
        t.output(OutputOp.SaveAsTextFiles.class, (op, id, in) -> {
            String prefix = op.prefix();
            String suffix = op.suffix();
            in.foreachBatch(id, in.of(op.parent()).elements(), (tr, rdd, time) -> {
                String dir = prefix + "-" + time.milliseconds() + (suffix == null || suffix.isEmpty() ? "" : "." + suffix);
                deleteLocal(dir);           // a batch run again replaces its own directory, as on the embedded engine
                rdd.map(String::valueOf).saveAsTextFile(dir);
            });
        });
    }

    private static void deleteLocal(String dir) throws IOException {
        if (dir.contains("://") && !dir.startsWith("file:")) {
            return;
        }
        Path p = Path.of(dir.startsWith("file:") ? java.net.URI.create(dir).getPath() : dir);
        if (Files.isDirectory(p)) {
            try (var files = Files.walk(p)) {
                for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }
}
