package dev.sluice.streaming;

import dev.sluice.engine.graph.OutputOperation;
import dev.sluice.engine.graph.PerBatchNode;
import dev.sluice.engine.graph.StreamGraph;
import dev.sluice.engine.graph.StreamNode;
import dev.sluice.engine.graph.WindowedNode;
import dev.sluice.engine.rdd.ElementStep;
import dev.sluice.engine.rdd.HashPartitioner;
import dev.sluice.engine.rdd.KeyedOps;
import dev.sluice.engine.rdd.MapPartitionsNode;
import dev.sluice.engine.rdd.ParallelCollectionNode;
import dev.sluice.engine.rdd.RddNode;
import dev.sluice.engine.rdd.UnionNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A discretized stream: a sequence of {@link RDD}s, one per batch time, each made from a source's
 * input or from other streams' RDDs of the same batch (or, for windows, of recent batches).
 *
 * <p>Transformations return new streams and are lazy; output operations ({@link #print()},
 * {@link #foreachRDD}, {@link #saveAsTextFiles}) make the context compute the stream every batch.
 * Streams and outputs may be added while the context runs: they take part from the next batch
 * boundary, and a window attached later starts from the batches its source still keeps.
 *
 * <pre>{@code
 * DStream<String> lines = ssc.socketTextStream("localhost", 9999);
 * PairDStream<String, Integer> counts = lines.flatMap(l -> List.of(l.split(" ")))
 *         .mapToPair(w -> Pair.of(w, 1))
 *         .reduceByKeyAndWindow(Integer::sum, Duration.ofSeconds(30), Duration.ofSeconds(10));
 * counts.print();
 * }</pre>
 */
public class DStream<T> {

    final StreamingContext ssc;
    final StreamNode<T> node;

    DStream(StreamingContext ssc, StreamNode<T> node) {
        this.ssc = ssc;
        this.node = node;
        ssc.register(this);
    }

    /** Builds one batch's dataset from this stream's dataset of that batch. */
    @FunctionalInterface
    interface BatchFunction<T, R> {
        RddNode<R> apply(RDD<T> rdd, Time time) throws Exception;
    }

    /** Wraps a dataset of this stream for user code (a {@link PairRDD} for pair streams). */
    RDD<T> wrap(RddNode<T> rdd) {
        return new RDD<>(rdd);
    }

    <R> StreamNode<R> perBatch(String operation, BatchFunction<T, R> f) {
        return new PerBatchNode<>(graph(), List.of(node), operation,
                (rdds, time) -> f.apply(wrap(cast(rdds.get(0))), new Time(time)));
    }

    @SuppressWarnings("unchecked")
    static <X> RddNode<X> cast(RddNode<?> n) {
        return (RddNode<X>) n;
    }

    StreamGraph graph() {
        return ssc.graph();
    }

    // ---- identity

    /** Returns the stream's id, unique within its context. */
    public int id() {
        return node.id();
    }

    /** Returns the name given with {@link #name(String)}, or null. */
    public String name() {
        return node.name();
    }

    /** Names the stream so that {@link StreamingContext#stream(String)}, reports and the shell can find it; returns this. */
    public DStream<T> name(String name) {
        node.setName(Objects.requireNonNull(name, "name"));
        return this;
    }

    /** Returns the interval between this stream's batches (the batch interval, or a window's slide). */
    public Duration slideDuration() {
        return Duration.ofMillis(node.slideMs());
    }

    /** Returns the context. */
    public StreamingContext context() {
        return ssc;
    }

    /** Returns the output operations attached to this stream. */
    public List<OutputHandle> outputs() {
        List<OutputHandle> out = new ArrayList<>();
        for (OutputHandle h : ssc.outputs()) {
            if (h.stream() == this) {
                out.add(h);
            }
        }
        return out;
    }

    /**
     * Keeps every batch's RDD of this stream in memory once computed, so several outputs or
     * windows over it compute each batch once; returns this.
     */
    public DStream<T> cache() {
        node.persistGenerated();
        return this;
    }

    /** Same as {@link #cache()}. */
    public DStream<T> persist() {
        return cache();
    }

    // ---- element transformations

    /** Returns a stream of {@code f} applied to each element. */
    public <R> DStream<R> map(MapFunction<T, R> f) {
        Objects.requireNonNull(f, "f");
        return new DStream<>(ssc, perBatch("map", (rdd, t) -> rdd.map(f).node));
    }

    /** Returns a stream of the elements of {@code f}'s results. */
    public <R> DStream<R> flatMap(FlatMapFunction<T, R> f) {
        Objects.requireNonNull(f, "f");
        return new DStream<>(ssc, perBatch("flatMap", (rdd, t) -> rdd.flatMap(f).node));
    }

    StreamNode<T> filterNode(FilterFunction<T> f) {
        Objects.requireNonNull(f, "f");
        return perBatch("filter", (rdd, t) -> rdd.filterNode(f));
    }

    /** Returns a stream of the elements for which {@code f} is true. */
    public DStream<T> filter(FilterFunction<T> f) {
        return new DStream<>(ssc, filterNode(f));
    }

    /** Returns a stream of {@code f} applied to each partition of each batch. */
    public <R> DStream<R> mapPartitions(PartitionFunction<T, R> f) {
        Objects.requireNonNull(f, "f");
        return new DStream<>(ssc, perBatch("mapPartitions", (rdd, t) -> rdd.mapPartitions(f).node));
    }

    /** Returns a keyed stream of {@code f}'s pairs. */
    public <K, V> PairDStream<K, V> mapToPair(PairFunction<T, K, V> f) {
        Objects.requireNonNull(f, "f");
        return new PairDStream<>(ssc, perBatch("mapToPair", (rdd, t) -> rdd.mapToPair(f).node));
    }

    StreamNode<T> unionNode(DStream<T> other) {
        Objects.requireNonNull(other, "other");
        if (other.ssc != ssc) {
            throw new IllegalArgumentException("cannot union streams of different contexts");
        }
        return new PerBatchNode<>(graph(), List.of(node, other.node), "union",
                (rdds, t) -> new UnionNode<T>(graph().rddContext(), List.of(cast(rdds.get(0)), cast(rdds.get(1)))));
    }

    /** Returns a stream whose batches hold this stream's elements and {@code other}'s (same slide required). */
    public DStream<T> union(DStream<T> other) {
        return new DStream<>(ssc, unionNode(other));
    }

    StreamNode<T> repartitionNode(int numPartitions) {
        if (numPartitions < 1) {
            throw new IllegalArgumentException("number of partitions must be at least 1, got " + numPartitions);
        }
        return perBatch("repartition", (rdd, t) -> rdd.repartitionNode(numPartitions));
    }

    /** Returns a stream whose batches are spread evenly over {@code numPartitions} partitions. */
    public DStream<T> repartition(int numPartitions) {
        return new DStream<>(ssc, repartitionNode(numPartitions));
    }

    /** Returns a stream of the result of {@code f} on each batch's RDD. */
    public <R> DStream<R> transform(TransformFunction<T, R> f) {
        Objects.requireNonNull(f, "f");
        return new DStream<>(ssc, perBatch("transform", (rdd, t) -> checkResult(f.call(rdd))));
    }

    /** Returns a stream of the result of {@code f} on each batch's RDD and time. */
    public <R> DStream<R> transform(TransformWithTimeFunction<T, R> f) {
        Objects.requireNonNull(f, "f");
        return new DStream<>(ssc, perBatch("transform", (rdd, t) -> checkResult(f.call(rdd, t))));
    }

    /** Returns a keyed stream of the result of {@code f} on each batch's RDD (for joins with static data). */
    public <K, V> PairDStream<K, V> transformToPair(TransformFunction<T, Pair<K, V>> f) {
        Objects.requireNonNull(f, "f");
        return new PairDStream<>(ssc, perBatch("transformToPair", (rdd, t) -> checkResult(f.call(rdd))));
    }

    /** Returns a keyed stream of the result of {@code f} on each batch's RDD and time. */
    public <K, V> PairDStream<K, V> transformToPair(TransformWithTimeFunction<T, Pair<K, V>> f) {
        Objects.requireNonNull(f, "f");
        return new PairDStream<>(ssc, perBatch("transformToPair", (rdd, t) -> checkResult(f.call(rdd, t))));
    }

    private <R> RddNode<R> checkResult(RDD<R> result) {
        if (result == null) {
            throw new IllegalStateException("the transform function returned null; return an RDD (e.g. ssc.emptyRDD())");
        }
        if (result.node.context() != graph().rddContext()) {
            throw new IllegalStateException("the transform function returned an RDD of another context");
        }
        return result.node;
    }

    // ---- aggregations

    /** Returns a stream with one element per batch: the number of elements ({@code 0} for an empty batch). */
    public DStream<Long> count() {
        return new DStream<>(ssc, perBatch("count", (rdd, t) -> {
            RddNode<Pair<Object, Long>> ones = new MapPartitionsNode<T, Pair<Object, Long>>(rdd.node,
                    ElementStep.map(x -> new Pair<>(null, 1L)), false, "count");
            RddNode<Pair<Object, Long>> zero = ParallelCollectionNode.slice(graph().rddContext(), List.of(new Pair<>(null, 0L)), 1, "zero");
            RddNode<Pair<Object, Long>> summed = KeyedOps.reduceByKey(new UnionNode<>(graph().rddContext(), List.of(ones, zero)),
                    new HashPartitioner(1), Long::sum);
            return new MapPartitionsNode<Pair<Object, Long>, Long>(summed, ElementStep.map(Pair::value), false, "count");
        }));
    }

    /** Returns a keyed stream counting each distinct element per batch. */
    public PairDStream<T, Long> countByValue() {
        return mapToPair(x -> new Pair<>(x, 1L)).reduceByKey(Long::sum);
    }

    /** Returns a stream with one element per non-empty batch: all elements combined with {@code f}. */
    public DStream<T> reduce(ReduceFunction<T> f) {
        Objects.requireNonNull(f, "f");
        return new DStream<>(ssc, perBatch("reduce", (rdd, t) -> {
            RddNode<Pair<Object, T>> keyed = new MapPartitionsNode<T, Pair<Object, T>>(rdd.node,
                    ElementStep.map(x -> new Pair<>(null, x)), false, "reduce");
            RddNode<Pair<Object, T>> reduced = KeyedOps.reduceByKey(keyed, new HashPartitioner(1), f);
            return new MapPartitionsNode<Pair<Object, T>, T>(reduced, ElementStep.map(Pair::value), false, "reduce");
        }));
    }

    // ---- windows

    StreamNode<T> windowNode(Duration length, Duration slide) {
        checkWindow(length, slide);
        return new WindowedNode<>(graph(), node, length.toMillis(), slide.toMillis());
    }

    void checkWindow(Duration length, Duration slide) {
        Objects.requireNonNull(length, "length");
        Objects.requireNonNull(slide, "slide");
        long unit = node.slideMs();
        String unitName = unit == graph().batchIntervalMs() ? "batch interval" : "stream's slide";
        Durations.requireMultiple("window length", length, unit, unitName);
        Durations.requireMultiple("slide", slide, unit, unitName);
    }

    /** Returns a stream whose batches hold the last {@code length} of this stream, sliding every batch. */
    public DStream<T> window(Duration length) {
        return window(length, slideDuration());
    }

    /**
     * Returns a stream whose batch at time {@code t} holds this stream's batches in
     * {@code (t - length, t]}, every {@code slide}. Both must be multiples of this stream's slide.
     */
    public DStream<T> window(Duration length, Duration slide) {
        return new DStream<>(ssc, windowNode(length, slide));
    }

    /**
     * Returns a stream counting the elements in each window. Like Spark, it outputs nothing until
     * data has arrived, and {@code 0} for empty windows after that.
     */
    public DStream<Long> countByWindow(Duration length, Duration slide) {
        return map(x -> 1L).reduceByWindow(Long::sum, (a, b) -> a - b, length, slide);
    }

    /** Returns a stream of each window's elements combined with {@code f}; nothing for empty windows. */
    public DStream<T> reduceByWindow(ReduceFunction<T> f, Duration length, Duration slide) {
        Objects.requireNonNull(f, "f");
        checkWindow(length, slide);
        return reduce(f).window(length, slide).reduce(f);
    }

    /**
     * Returns a stream of each window's elements combined with {@code f}, computed incrementally:
     * {@code inverse} removes the batches that left the window.
     */
    public DStream<T> reduceByWindow(ReduceFunction<T> f, ReduceFunction<T> inverse, Duration length, Duration slide) {
        Objects.requireNonNull(f, "f");
        Objects.requireNonNull(inverse, "inverse");
        return mapToPair(x -> new Pair<>(1, x)).reduceByKeyAndWindow(f, inverse, length, slide, 1, null).map(Pair::value);
    }

    /** Returns a keyed stream counting each distinct element per window; elements whose count fell to 0 are dropped. */
    public PairDStream<T, Long> countByValueAndWindow(Duration length, Duration slide) {
        return mapToPair(x -> new Pair<>(x, 1L)).reduceByKeyAndWindow(Long::sum, (a, b) -> a - b, length, slide,
                ssc.parallelism(), p -> p.value() != 0L);
    }

    // ---- outputs

    OutputHandle output(String name, OutputOperation.BatchAction<T> action) {
        if (ssc.state() == StreamingContextState.STOPPED) {
            throw new IllegalStateException("cannot add " + name + "(): the context is stopped; build a new StreamingContext");
        }
        int id = graph().nextOutputId();
        OutputOperation<T> op = new OutputOperation<>(id, name, node, action, ssc.newOutputConsole());
        OutputHandle handle = new OutputHandle(ssc, op, this);
        ssc.register(handle);
        graph().addOutput(op);
        return handle;
    }

    /** Prints the first 10 elements of every batch, under a header with the batch time. */
    public OutputHandle print() {
        return print(10);
    }

    /** Prints the first {@code n} elements of every batch, under a header with the batch time. */
    public OutputHandle print(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must not be negative, got " + n);
        }
        return output("print", (rdd, time) -> {
            List<T> first = wrap(rdd).take(n + 1);
            StringBuilder sb = new StringBuilder();
            sb.append("-------------------------------------------\n");
            sb.append("Time: ").append(time).append(" ms\n");
            sb.append("-------------------------------------------\n");
            for (int i = 0; i < Math.min(n, first.size()); i++) {
                sb.append(first.get(i)).append('\n');
            }
            if (first.size() > n) {
                sb.append("...\n");
            }
            sb.append('\n');
            Console.current().orElse(Console.system()).printBatch(sb.toString());
        });
    }

    /** Calls {@code f} with every batch's RDD and time, on the job thread. */
    public OutputHandle foreachRDD(ForeachRDDFunction<T> f) {
        Objects.requireNonNull(f, "f");
        return output("foreachRDD", (rdd, time) -> f.call(wrap(rdd), new Time(time)));
    }

    /** Calls {@code f} with every batch's RDD, on the job thread. */
    public OutputHandle foreachRDD(VoidFunction<RDD<T>> f) {
        Objects.requireNonNull(f, "f");
        return output("foreachRDD", (rdd, time) -> f.call(wrap(rdd)));
    }

    /**
     * Saves every batch as a directory {@code prefix-<time ms>[.suffix]} of text files, one
     * {@code part-NNNNN} per partition, each element on its own line. The directory appears
     * atomically and a batch run again replaces its own directory, so the output is exactly-once
     * per batch time. Temporary directories ({@code .prefix-<time>.tmp-<n>}) of batches cut short
     * by a crash are removed before the output's first batch.
     */
    public OutputHandle saveAsTextFiles(String prefix, String suffix) {
        Objects.requireNonNull(prefix, "prefix");
        java.util.concurrent.atomic.AtomicBoolean litterChecked = new java.util.concurrent.atomic.AtomicBoolean();
        return output("saveAsTextFiles", (rdd, time) -> {
            String dirName = prefix + "-" + time + (suffix == null || suffix.isEmpty() ? "" : "." + suffix);
            Path target = Path.of(dirName).toAbsolutePath();
            Path parent = target.getParent();
            Files.createDirectories(parent);
            if (litterChecked.compareAndSet(false, true)) {
                dev.sluice.engine.graph.OutputLitter.removeUnfinished(parent, Path.of(prefix).getFileName().toString(), suffix);
            }
            Path temp = parent.resolve("." + target.getFileName() + ".tmp-" + System.nanoTime());
            Files.createDirectories(temp);
            graph().rddContext().runJob(rdd, (split, it) -> {
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
        });
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    // ---- interactive

    /**
     * Returns the RDD of this stream's last completed batch (for a window, its last window at or
     * before that batch), or an empty RDD if there is none yet. Meant for ad-hoc queries on a
     * running stream, as in {@code counts.latest().take(5)}.
     */
    public RDD<T> latest() {
        long t = ssc.lastCompletedBatch().map(Time::milliseconds).orElse(Long.MIN_VALUE);
        if (t == Long.MIN_VALUE) {
            return wrap(ParallelCollectionNode.empty(graph().rddContext()));
        }
        long valid = node.latestValidTime(t);
        RddNode<T> rdd = null;
        if (valid != StreamGraph.NOT_STARTED) {
            rdd = RDD.run("latest", () -> node.getOrCompute(valid));
        }
        return wrap(rdd != null ? rdd : ParallelCollectionNode.empty(graph().rddContext()));
    }

    /** Returns the RDDs of this stream's batch times in {@code [from, to]} that it still keeps or can compute. */
    public List<RDD<T>> slice(Time from, Time to) {
        List<RddNode<T>> nodes = RDD.run("slice", () -> node.slice(from.milliseconds(), to.milliseconds()));
        List<RDD<T>> out = new ArrayList<>();
        for (RddNode<T> n : nodes) {
            out.add(wrap(n));
        }
        return out;
    }

    /** Returns {@code DStream[id] 'name': op <- parent op <- ..., slide 1s, n outputs}. */
    @Override
    public String toString() {
        long active = outputs().stream().filter(OutputHandle::isActive).count();
        return getClass().getSimpleName() + "[" + id() + "]" + (name() != null ? " '" + name() + "'" : "") + ": "
                + node.lineage() + ", slide " + Durations.format(node.slideMs())
                + (active > 0 ? ", " + active + (active == 1 ? " output" : " outputs") : "");
    }
}
