package dev.sluice.engine.local;

import dev.sluice.engine.Micros;
import dev.sluice.engine.PrintedBatch;
import dev.sluice.engine.graph.OutputLitter;
import dev.sluice.engine.graph.OutputOperation;
import dev.sluice.engine.plan.OutputOp;
import dev.sluice.streaming.ForeachRDDFunction;
import dev.sluice.streaming.RDD;
import dev.sluice.streaming.Time;
import dev.sluice.streaming.VoidFunction;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/** The embedded engine's builders of output actions. */
final class OutputBuilders {

    private OutputBuilders() {
    }

    static void register(LocalBuilders b) {
        b.output(OutputOp.Print.class, OutputBuilders::print);
        b.output(OutputOp.ForeachRDD.class, OutputBuilders::foreachRDD);
        b.output(OutputOp.ForeachRDDWithTime.class, OutputBuilders::foreachRDDWithTime);
        b.output(OutputOp.SaveAsTextFiles.class, OutputBuilders::saveAsTextFiles);
    }

    static OutputOperation.BatchAction<?> print(OutputOp.Print op, LocalPlanner in) {
        int n = op.n();
        return (OutputOperation.BatchAction<Object>) (rdd, time) -> {
            List<Object> first = in.wrap(op.parent(), rdd).take(n + 1);
            in.host().printBatch(PrintedBatch.text(time, first, n));
        };
    }

    static OutputOperation.BatchAction<?> foreachRDD(OutputOp.ForeachRDD op, LocalPlanner in) {
        VoidFunction<RDD<Object>> f = LocalPlanner.fn(op.f());
        return (OutputOperation.BatchAction<Object>) (rdd, time) -> f.call(in.wrap(op.parent(), rdd));
    }

    static OutputOperation.BatchAction<?> foreachRDDWithTime(OutputOp.ForeachRDDWithTime op, LocalPlanner in) {
        ForeachRDDFunction<Object> f = LocalPlanner.fn(op.f());
        return (OutputOperation.BatchAction<Object>) (rdd, time) -> f.call(in.wrap(op.parent(), rdd), Time.ofMicros(time));
    }

    static OutputOperation.BatchAction<?> saveAsTextFiles(OutputOp.SaveAsTextFiles op, LocalPlanner in) {
        String prefix = op.prefix();
        String suffix = op.suffix();
        AtomicBoolean litterChecked = new AtomicBoolean();
        return (OutputOperation.BatchAction<Object>) (rdd, time) -> {
            String dirName = prefix + "-" + Micros.formatMillis(time) + (suffix == null || suffix.isEmpty() ? "" : "." + suffix);
            Path target = Path.of(dirName).toAbsolutePath();
            Path parent = target.getParent();
            Files.createDirectories(parent);
            if (litterChecked.compareAndSet(false, true)) {
                OutputLitter.removeUnfinished(parent, Path.of(prefix).getFileName().toString(), suffix);
            }
            Path temp = parent.resolve("." + target.getFileName() + ".tmp-" + System.nanoTime());
            Files.createDirectories(temp);
            in.graph().rddContext().runJob(rdd, (split, it) -> {
                Path part = temp.resolve(String.format("part-%05d", split));
                try (BufferedWriter w = Files.newBufferedWriter(part, StandardCharsets.UTF_8)) {
                    while (it.hasNext()) {
                        w.write(String.valueOf(it.next()));
                        w.newLine();
                    }
                }
                return null;
            });
            Files.writeString(temp.resolve("_SUCCESS"), "");
            if (Files.exists(target)) {
                deleteRecursively(target);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        };
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
