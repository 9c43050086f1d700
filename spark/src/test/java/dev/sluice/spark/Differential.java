package dev.sluice.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sluice.streaming.Console;
import dev.sluice.streaming.DStream;
import dev.sluice.streaming.ManualClock;
import dev.sluice.streaming.StreamingContext;
import dev.sluice.streaming.Time;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one pipeline over the same input batches on the embedded engine and on the Spark runner
 * ({@code local[2]}), both driven by a manual clock, and returns what each output saw in each batch
 * on each engine: the batch time and the batch's elements as strings (sorted unless the output was
 * collected in order), everything the pipeline printed, and the files it saved.
 */
final class Differential {

    private static final Logger LOG = LoggerFactory.getLogger(Differential.class);
    static final Duration BATCH = Duration.ofSeconds(1);
    static final String SPARK = "local[2]";
    static final String CHECKPOINTS = "checkpoints";

    private Differential() {
    }

    /** What each engine's batches held, every batch's elements as strings, sorted unless {@code ordered}. */
    record Outcome(List<List<String>> embedded, List<List<String>> spark) {
    }

    /**
     * One engine's run: each collected output's batches by name, what each output wrote to its console
     * (in the order the outputs were made), the files saved under the run's directory.
     */
    record Run(Map<String, List<Batch>> outputs, Set<String> empty, List<String> printed, Map<String, List<String>> files) {

        /** Returns the batches of output {@code name}. */
        List<Batch> of(String name) {
            List<Batch> b = outputs.get(name);
            if (b == null) {
                throw new AssertionError("no output named " + name + " in " + outputs.keySet());
            }
            return b;
        }
    }

    /**
     * One batch of one output: its time and its elements as strings. Serializable, since Spark writes
     * the functions of a checkpointed graph, with what they hold, to its checkpoints.
     */
    record Batch(long time, List<String> elements) implements java.io.Serializable {
        @Override
        public String toString() {
            return time + ": " + elements;
        }
    }

    /** Both engines' runs of one pipeline. */
    record Both(Run embedded, Run spark) {

        /**
         * Asserts that every output saw the same batches (times and elements) on both engines, and
         * that each saw at least one non-empty batch (so that the comparison is not of nothing),
         * except those collected as expected to be empty.
         */
        void assertSameOutputs() {
            assertEquals(embedded.outputs().keySet(), spark.outputs().keySet(), "the outputs collected");
            List<String> wrong = new ArrayList<>();
            for (String name : embedded.outputs().keySet()) {
                List<Batch> e = embedded.of(name);
                List<Batch> s = spark.of(name);
                if (!e.equals(s)) {
                    wrong.add(name + " differs:\n  embedded " + e + "\n  spark    " + s);
                }
                boolean none = e.stream().allMatch(b -> b.elements().isEmpty());
                if (none != embedded.empty().contains(name)) {
                    wrong.add(name + (none ? " never had an element: " : " was to have no element: ") + e);
                }
            }
            if (!wrong.isEmpty()) {
                fail(wrong.size() + " problems in " + embedded.outputs().size() + " outputs:\n" + String.join("\n", wrong));
            }
        }

        /** Asserts that output {@code name} saw the same batches on both engines. */
        void assertSame(String name) {
            assertEquals(embedded.of(name), spark.of(name), name + " on the embedded engine and on Spark");
        }
    }

    /** What a pipeline is given: the context, its inputs, and where to collect the outputs to compare. */
    static final class Env {
        final StreamingContext ssc;
        final String master;
        final Path dir;
        private final List<List<List<String>>> inputs;
        private final Map<String, List<Batch>> outputs = Collections.synchronizedMap(new LinkedHashMap<>());
        private final Set<String> empty = new HashSet<>();
        private final List<Runnable> atEnd = new ArrayList<>();
        private final List<java.util.function.IntConsumer> beforeBatch = new ArrayList<>();

        Env(StreamingContext ssc, String master, Path dir, List<List<List<String>>> inputs) {
            this.ssc = ssc;
            this.master = master;
            this.dir = dir;
            this.inputs = inputs;
        }

        /** Returns a queue stream over input {@code i}, one list per batch. */
        DStream<String> input(int i) {
            Queue<List<String>> queue = new ConcurrentLinkedQueue<>(inputs.get(i));
            return ssc.queueStream(queue, true);
        }

        /** Collects every batch of {@code stream} as output {@code name}, its elements sorted. */
        void collect(String name, DStream<?> stream) {
            collect(name, stream, false);
        }

        /** Collects every batch of {@code stream} as output {@code name}, its elements in the order the batch has them. */
        void collectOrdered(String name, DStream<?> stream) {
            collect(name, stream, true);
        }

        /** Collects every batch of {@code stream} as output {@code name}, which is to have no element at all. */
        void collectEmpty(String name, DStream<?> stream) {
            empty.add(name);
            collect(name, stream, false);
        }

        private void collect(String name, DStream<?> stream, boolean ordered) {
            List<Batch> batches = Collections.synchronizedList(new ArrayList<>());
            if (outputs.putIfAbsent(name, batches) != null) {
                throw new IllegalArgumentException("two outputs named " + name);
            }
            stream.foreachRDD((rdd, time) -> batches.add(new Batch(time.milliseconds(), strings(rdd.collect(), ordered))));
        }

        /**
         * Runs {@code step} with the number of each batch (from 1) before the clock moves onto it:
         * after the previous batch completed, before this one is generated (files a source is to see).
         */
        void beforeBatch(java.util.function.IntConsumer step) {
            beforeBatch.add(step);
        }

        /** Runs {@code query} after the last batch, before the context stops (for {@code latest()}). */
        void atEnd(Runnable query) {
            atEnd.add(query);
        }

        /** Records {@code elements} as one batch of output {@code name} (for outputs a pipeline runs itself). */
        void record(String name, long time, List<?> elements, boolean ordered) {
            outputs.computeIfAbsent(name, n -> Collections.synchronizedList(new ArrayList<>())).add(new Batch(time, strings(elements, ordered)));
        }
    }

    static List<String> strings(List<?> elements, boolean ordered) {
        List<String> batch = new ArrayList<>();
        for (Object o : elements) {
            batch.add(String.valueOf(o));
        }
        if (!ordered) {
            Collections.sort(batch);
        }
        return batch;
    }

    /** Runs {@code pipeline} over {@code inputs} for {@code batches} batches on both engines. */
    static Both both(int batches, List<List<List<String>>> inputs, Consumer<Env> pipeline) throws Exception {
        return both(batches, inputs, false, pipeline);
    }

    /**
     * Runs {@code pipeline} over {@code inputs} for {@code batches} batches on both engines, with a
     * checkpoint directory when {@code checkpointed} (its files are not among those compared).
     */
    static Both both(int batches, List<List<List<String>>> inputs, boolean checkpointed, Consumer<Env> pipeline) throws Exception {
        return new Both(run("embedded", batches, inputs, checkpointed, pipeline), run(SPARK, batches, inputs, checkpointed, pipeline));
    }

    /** Runs {@code pipeline} over {@code inputs} for {@code batches} batches on {@code master}. */
    static Run run(String master, int batches, List<List<List<String>>> inputs, boolean checkpointed, Consumer<Env> pipeline)
            throws Exception {
        Path dir = Files.createTempDirectory("sluice-differential");
        ManualClock clock = new ManualClock(0);
        List<ByteArrayOutputStream> consoles = Collections.synchronizedList(new ArrayList<>());
        StreamingContext.Builder builder = StreamingContext.builder().master(master).batchInterval(BATCH).parallelism(2).clock(clock);
        if (checkpointed) {
            builder.checkpointDir(dir.resolve(CHECKPOINTS));
        }
        StreamingContext ssc = builder
                .console(() -> {
                    ByteArrayOutputStream text = new ByteArrayOutputStream();
                    consoles.add(text);
                    PrintStream console = new PrintStream(text, true, StandardCharsets.UTF_8);
                    return Console.of(console, console);
                }).build();
        try {
            Env env = new Env(ssc, master, dir, inputs);
            pipeline.accept(env);
            long started = System.nanoTime();     // (the time a run takes, for keeping the suite short)
            ssc.start();
            for (int i = 1; i <= batches; i++) {
                for (java.util.function.IntConsumer step : env.beforeBatch) {
                    step.accept(i);
                }
                clock.advance(BATCH);
                assertTrue(ssc.awaitBatch(new Time(i * BATCH.toMillis()), Duration.ofSeconds(60)),
                        master + ": batch " + i + " did not complete within 60 s");
            }
            env.atEnd.forEach(Runnable::run);
            ssc.stop();
            LOG.info("{}: {} batches in {} ms", master, batches, (System.nanoTime() - started) / 1_000_000);
            assertEquals(List.of(), ssc.recentErrors(), master + ": errors while running");
            Map<String, List<Batch>> outputs = new LinkedHashMap<>();
            env.outputs.forEach((name, b) -> outputs.put(name, List.copyOf(b)));
            List<String> printed = new ArrayList<>();
            for (ByteArrayOutputStream text : consoles) {
                printed.add(text.toString(StandardCharsets.UTF_8));
            }
            return new Run(outputs, Set.copyOf(env.empty), printed, files(dir));
        } finally {
            ssc.stop();
            deleteRecursively(dir);
        }
    }

    /** Every file the outputs saved under {@code dir} (path relative to it) with its lines. */
    private static Map<String, List<String>> files(Path dir) throws IOException {
        Map<String, List<String>> out = new TreeMap<>();
        try (var all = Files.walk(dir)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                String name = dir.relativize(p).toString();
                if (name.endsWith(".crc") || name.contains("/.") || name.startsWith(CHECKPOINTS + "/")) {
                    continue;           // Hadoop's checksums of Spark's part files; the engines' checkpoints
                }
                out.put(name, Files.readAllLines(p, StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    /** Each batch's block of {@code print}'s text, its element lines sorted: what was printed, but for the order. */
    static List<String> sortedBlocks(String printed) {
        List<String> blocks = new ArrayList<>();
        for (String block : printed.split("\n\n")) {
            List<String> lines = new ArrayList<>(List.of(block.split("\n")));
            int header = Math.min(3, lines.size());
            List<String> elements = new ArrayList<>(lines.subList(header, lines.size()));
            Collections.sort(elements);
            blocks.add(String.join("\n", lines.subList(0, header)) + "\n" + String.join("\n", elements));
        }
        return blocks;
    }

    static void deleteRecursively(Path dir) {
        try (var files = Files.walk(dir)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One input, one output collected as {@code out}: the form the first differential test used. */
    static Outcome run(List<List<String>> input, int batches, boolean ordered, Function<DStream<String>, DStream<?>> pipeline)
            throws Exception {
        Consumer<Env> p = env -> {
            if (ordered) {
                env.collectOrdered("out", pipeline.apply(env.input(0)));
            } else {
                env.collect("out", pipeline.apply(env.input(0)));
            }
        };
        Both both = both(batches, List.of(input), p);
        return new Outcome(elements(both.embedded().of("out")), elements(both.spark().of("out")));
    }

    private static List<List<String>> elements(List<Batch> batches) {
        List<List<String>> out = new ArrayList<>();
        for (Batch b : batches) {
            out.add(b.elements());
        }
        return out;
    }
}
