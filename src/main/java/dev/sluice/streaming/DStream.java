package dev.sluice.streaming;

import dev.sluice.engine.Micros;
import dev.sluice.engine.graph.OutputOperation;
import dev.sluice.engine.graph.StreamGraph;
import dev.sluice.engine.graph.StreamNode;
import dev.sluice.engine.plan.AggregateOp;
import dev.sluice.engine.plan.ElementOp;
import dev.sluice.engine.plan.OutputOp;
import dev.sluice.engine.plan.Plan;
import dev.sluice.engine.plan.StreamOp;
import dev.sluice.engine.plan.WindowOp;
import dev.sluice.engine.rdd.ParallelCollectionNode;
import dev.sluice.engine.rdd.RddNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

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
    final Plan.Stream planned;

    /** Adds the stream made by {@code op} to the plan and builds its engine node. */
    DStream(StreamingContext ssc, StreamOp op) {
        this.ssc = ssc;
        boolean pair = this instanceof PairDStream;
        this.node = ssc.planner().build(op, pair);
        this.planned = ssc.plan().add(node.id(), op, pair);
        ssc.register(this);
        ssc.planChanged();
    }

    /** Another view (a keyed one) of an existing stream. */
    DStream(DStream<T> viewed) {
        this.ssc = viewed.ssc;
        this.node = viewed.node;
        this.planned = viewed.planned;
        ssc.register(this);
    }

    /** Returns the operator that makes this stream in the context's logical plan. */
    StreamOp op() {
        return planned.op();
    }

    /** Wraps a dataset of this stream for user code (a {@link PairRDD} for pair streams). */
    RDD<T> wrap(RddNode<T> rdd) {
        return new RDD<>(rdd);
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
        planned.name(name);
        ssc.keepNamed(this);
        return this;
    }

    /** Returns the interval between this stream's batches (the batch interval, or a window's slide). */
    public Duration slideDuration() {
        return Micros.toDuration(node.slideMicros());
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
     * Returns the code that makes this stream, from its source, in the API's own terms (which
     * are Spark Streaming's): {@code ssc.queueStream(queue).flatMap(f).countByValue()}. Functions
     * appear by their parameter's name, other streams as {@code stream(id)}.
     */
    public String explain() {
        return ssc.plan().explain(op());
    }

    /**
     * Keeps every batch's RDD of this stream in memory once computed, so several outputs or
     * windows over it compute each batch once; returns this.
     */
    public DStream<T> cache() {
        ElementOp.Cache cache = new ElementOp.Cache(op());
        ssc.planner().build(cache, planned.isPair());
        ssc.plan().modify(planned, cache);
        return this;
    }

    /**
     * Checkpoints this stream every {@code interval} of batch time, as Spark's
     * {@code checkpoint(interval)}: the context writes a checkpoint (the state of every stateful
     * stream, the sources' positions) at each batch time that is a multiple of {@code interval},
     * besides those of its {@code checkpointInterval}; the stream is also kept in memory, as with
     * {@link #cache()}. Typical for {@code updateStateByKey} or an incremental window: 5 to 10 slides.
     * Only before the context starts, and the context needs a checkpoint directory by then
     * ({@link StreamingContext#checkpoint(String)} or {@code .checkpointDir(path)}); returns this.
     *
     * <pre>{@code
     * ssc.checkpoint("ckpt");
     * counts.updateStateByKey(...).checkpoint(Duration.ofSeconds(10)).print();
     * }</pre>
     *
     * @throws IllegalArgumentException if {@code interval} is shorter than the slide or not a multiple of it
     * @throws UnsupportedOperationException if the context has started
     */
    public DStream<T> checkpoint(Duration interval) {
        Objects.requireNonNull(interval, "interval");
        if (ssc.state() != StreamingContextState.INITIALIZED) {
            throw new UnsupportedOperationException("Cannot change checkpoint interval of a DStream after streaming context"
                    + " has started; set it before ssc.start()");
        }
        long slide = node.slideMicros();
        String name = getClass().getSimpleName() + "[" + id() + "] (" + node.operation() + ")";
        long micros = Micros.of(interval);
        if (micros < slide) {
            throw new IllegalArgumentException("The checkpoint interval for " + name + " has been set to " + Durations.format(interval)
                    + " which is lower than its slide time (" + Durations.format(slideDuration()) + "). Please set it to at least "
                    + Durations.format(slideDuration()) + ".");
        }
        if (micros % slide != 0 || interval.toNanos() % 1_000 != 0) {
            throw new IllegalArgumentException("The checkpoint interval for " + name + " has been set to " + Durations.format(interval)
                    + " which is not a multiple of its slide time (" + Durations.format(slideDuration()) + "). Please set it to a multiple of "
                    + Durations.format(slideDuration()) + ".");
        }
        ElementOp.Checkpoint checkpoint = new ElementOp.Checkpoint(op(), interval);
        ssc.planner().build(checkpoint, planned.isPair());
        ssc.plan().modify(planned, checkpoint);
        return this;
    }

    /** Same as {@link #cache()}. */
    public DStream<T> persist() {
        return cache();
    }

    // ---- element transformations

    /** Returns a stream of {@code f} applied to each element. */
    public <R> DStream<R> map(MapFunction<T, R> f) {
        return new DStream<>(ssc, new ElementOp.Map(op(), f));
    }

    /** Returns a stream of the elements of {@code f}'s results. */
    public <R> DStream<R> flatMap(FlatMapFunction<T, R> f) {
        return new DStream<>(ssc, new ElementOp.FlatMap(op(), f));
    }

    /** Returns a stream of the elements for which {@code f} is true. */
    public DStream<T> filter(FilterFunction<T> f) {
        return new DStream<>(ssc, new ElementOp.Filter(op(), f));
    }

    /** Returns a stream of {@code f} applied to each partition of each batch. */
    public <R> DStream<R> mapPartitions(PartitionFunction<T, R> f) {
        return new DStream<>(ssc, new ElementOp.MapPartitions(op(), f));
    }

    /** Returns a keyed stream of {@code f}'s pairs. */
    public <K, V> PairDStream<K, V> mapToPair(PairFunction<T, K, V> f) {
        return new PairDStream<>(ssc, new ElementOp.MapToPair(op(), f));
    }

    /** Returns a keyed stream of the pairs of {@code f}'s results, as {@link #flatMap} then pairs. */
    public <K, V> PairDStream<K, V> flatMapToPair(FlatMapFunction<T, Pair<K, V>> f) {
        return new PairDStream<>(ssc, new ElementOp.FlatMapToPair(op(), f));
    }

    /** Returns a keyed stream of {@code f} applied to each partition of each batch. */
    public <K, V> PairDStream<K, V> mapPartitionsToPair(PartitionFunction<T, Pair<K, V>> f) {
        return new PairDStream<>(ssc, new ElementOp.MapPartitionsToPair(op(), f));
    }

    /** Returns a stream whose batches hold one list per partition of this stream's batch, with that partition's elements. */
    public DStream<List<T>> glom() {
        return new DStream<>(ssc, new ElementOp.Glom(op()));
    }

    ElementOp.Union unionOp(DStream<T> other) {
        Objects.requireNonNull(other, "other");
        if (other.ssc != ssc) {
            throw new IllegalArgumentException("cannot union streams of different contexts");
        }
        return new ElementOp.Union(op(), other.op());
    }

    /** Returns a stream whose batches hold this stream's elements and {@code other}'s (same slide required). */
    public DStream<T> union(DStream<T> other) {
        return new DStream<>(ssc, unionOp(other));
    }

    /** Returns a stream whose batches are spread evenly over {@code numPartitions} partitions. */
    public DStream<T> repartition(int numPartitions) {
        return new DStream<>(ssc, new ElementOp.Repartition(op(), numPartitions));
    }

    /** Returns a stream of the result of {@code f} on each batch's RDD. */
    public <R> DStream<R> transform(TransformFunction<T, R> f) {
        return new DStream<>(ssc, new ElementOp.Transform(op(), f, false));
    }

    /** Returns a stream of the result of {@code f} on each batch's RDD and time. */
    public <R> DStream<R> transform(TransformWithTimeFunction<T, R> f) {
        return new DStream<>(ssc, new ElementOp.TransformWithTime(op(), f, false));
    }

    /** Returns a keyed stream of the result of {@code f} on each batch's RDD (for joins with static data). */
    public <K, V> PairDStream<K, V> transformToPair(TransformFunction<T, Pair<K, V>> f) {
        return new PairDStream<>(ssc, new ElementOp.Transform(op(), f, true));
    }

    /** Returns a keyed stream of the result of {@code f} on each batch's RDD and time. */
    public <K, V> PairDStream<K, V> transformToPair(TransformWithTimeFunction<T, Pair<K, V>> f) {
        return new PairDStream<>(ssc, new ElementOp.TransformWithTime(op(), f, true));
    }

    private ElementOp.TransformWith transformWithOp(DStream<?> other, TransformWithFunction<?, ?, ?> f, boolean toPair) {
        Objects.requireNonNull(other, "other");
        if (other.ssc != ssc) {
            throw new IllegalArgumentException("cannot transform streams of different contexts together");
        }
        return new ElementOp.TransformWith(op(), other.op(), f, toPair);
    }

    /**
     * Returns a stream of the result of {@code f} on each batch's RDD of this stream and of
     * {@code other} (same slide required), with the batch time; as Spark, nothing for a batch in
     * which either stream has no RDD.
     */
    public <U, R> DStream<R> transformWith(DStream<U> other, TransformWithFunction<T, U, R> f) {
        return new DStream<>(ssc, transformWithOp(other, f, false));
    }

    /** Like {@link #transformWith}, returning a keyed stream (e.g. {@code (rdd, other, time) -> PairRDD.of(rdd).join(...)}). */
    public <U, K, V> PairDStream<K, V> transformWithToPair(DStream<U> other, TransformWithFunction<T, U, Pair<K, V>> f) {
        return new PairDStream<>(ssc, transformWithOp(other, f, true));
    }

    // ---- aggregations

    /** Returns a stream with one element per batch: the number of elements ({@code 0} for an empty batch). */
    public DStream<Long> count() {
        return new DStream<>(ssc, new AggregateOp.Count(op()));
    }

    /** Returns a keyed stream counting each distinct element per batch. */
    public PairDStream<T, Long> countByValue() {
        return new PairDStream<>(ssc, new AggregateOp.CountByValue(op(), 0));
    }

    /** Returns a keyed stream counting each distinct element per batch, in {@code numPartitions} partitions. */
    public PairDStream<T, Long> countByValue(int numPartitions) {
        return new PairDStream<>(ssc, new AggregateOp.CountByValue(op(), PairDStream.checkPartitions(numPartitions)));
    }

    /** Returns a stream with one element per non-empty batch: all elements combined with {@code f}. */
    public DStream<T> reduce(ReduceFunction<T> f) {
        return new DStream<>(ssc, new AggregateOp.Reduce(op(), f));
    }

    // ---- windows

    void checkWindow(Duration length, Duration slide) {
        Objects.requireNonNull(length, "length");
        Objects.requireNonNull(slide, "slide");
        long unit = node.slideMicros();
        String unitName = unit == graph().batchIntervalMicros() ? "batch interval" : "stream's slide";
        Durations.requireMultiple("window length", length, unit, unitName);
        Durations.requireMultiple("slide", slide, unit, unitName);
    }

    WindowOp.Window windowOp(Duration length, Duration slide) {
        checkWindow(length, slide);
        return new WindowOp.Window(op(), length, slide);
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
        return new DStream<>(ssc, windowOp(length, slide));
    }

    /**
     * Returns a stream counting the elements in each window. Like Spark, it outputs nothing until
     * data has arrived, and {@code 0} for empty windows after that.
     */
    public DStream<Long> countByWindow(Duration length, Duration slide) {
        checkWindow(length, slide);
        return new DStream<>(ssc, new WindowOp.CountByWindow(op(), length, slide));
    }

    /** Returns a stream of each window's elements combined with {@code f}; nothing for empty windows. */
    public DStream<T> reduceByWindow(ReduceFunction<T> f, Duration length, Duration slide) {
        Objects.requireNonNull(f, "f");
        checkWindow(length, slide);
        return new DStream<>(ssc, new WindowOp.ReduceByWindow(op(), f, null, length, slide));
    }

    /**
     * Returns a stream of each window's elements combined with {@code f}, computed incrementally:
     * {@code inverse} removes the batches that left the window.
     */
    public DStream<T> reduceByWindow(ReduceFunction<T> f, ReduceFunction<T> inverse, Duration length, Duration slide) {
        Objects.requireNonNull(f, "f");
        Objects.requireNonNull(inverse, "inverse");
        checkWindow(length, slide);
        return new DStream<>(ssc, new WindowOp.ReduceByWindow(op(), f, inverse, length, slide));
    }

    /** Returns a keyed stream counting each distinct element per window; elements whose count fell to 0 are dropped. */
    public PairDStream<T, Long> countByValueAndWindow(Duration length, Duration slide) {
        checkWindow(length, slide);
        return new PairDStream<>(ssc, new WindowOp.CountByValueAndWindow(op(), length, slide, 0));
    }

    /** Like {@link #countByValueAndWindow(Duration, Duration)}, in {@code numPartitions} partitions. */
    public PairDStream<T, Long> countByValueAndWindow(Duration length, Duration slide, int numPartitions) {
        checkWindow(length, slide);
        return new PairDStream<>(ssc, new WindowOp.CountByValueAndWindow(op(), length, slide,
                PairDStream.checkPartitions(numPartitions)));
    }

    // ---- outputs

    OutputHandle output(OutputOp op) {
        if (ssc.state() == StreamingContextState.STOPPED) {
            throw new IllegalStateException("cannot add " + op.kind() + "(): the context is stopped; build a new StreamingContext");
        }
        OutputOperation.BatchAction<T> action = ssc.planner().action(op);
        int id = graph().nextOutputId();
        OutputOperation<T> operation = new OutputOperation<>(id, op.kind(), node, action, ssc.newOutputConsole());
        OutputHandle handle = new OutputHandle(ssc, operation, this);
        ssc.register(handle);
        ssc.plan().addOutput(id, op);
        graph().addOutput(operation);
        ssc.planChanged();
        return handle;
    }

    /** Prints the first 10 elements of every batch, under a header with the batch time. */
    public OutputHandle print() {
        return print(10);
    }

    /** Prints the first {@code n} elements of every batch, under a header with the batch time. */
    public OutputHandle print(int n) {
        return output(new OutputOp.Print(op(), n));
    }

    /** Calls {@code f} with every batch's RDD and time, on the job thread. */
    public OutputHandle foreachRDD(ForeachRDDFunction<T> f) {
        return output(new OutputOp.ForeachRDDWithTime(op(), f));
    }

    /** Calls {@code f} with every batch's RDD, on the job thread. */
    public OutputHandle foreachRDD(VoidFunction<RDD<T>> f) {
        return output(new OutputOp.ForeachRDD(op(), f));
    }

    /**
     * Saves every batch as a directory {@code prefix-<time ms>[.suffix]} of text files, one
     * {@code part-NNNNN} per partition, each element on its own line. The directory appears
     * atomically and a batch run again replaces its own directory, so the output is exactly-once
     * per batch time. Temporary directories ({@code .prefix-<time>.tmp-<n>}) of batches cut short
     * by a crash are removed before the output's first batch.
     */
    public OutputHandle saveAsTextFiles(String prefix, String suffix) {
        return output(new OutputOp.SaveAsTextFiles(op(), prefix, suffix));
    }

    // ---- interactive

    /**
     * Returns the RDD of this stream's last completed batch (for a window, its last window at or
     * before that batch), or an empty RDD if there is none yet. Meant for ad-hoc queries on a
     * running stream, as in {@code counts.latest().take(5)}.
     */
    @SuppressWarnings("unchecked")
    public RDD<T> latest() {
        if (ssc.onRunner()) {
            RddNode<T> batch = (RddNode<T>) ssc.runnerLatest(op());
            return wrap(batch != null ? batch : ParallelCollectionNode.empty(graph().rddContext()));
        }
        long t = ssc.lastCompletedBatch().map(Time::microseconds).orElse(Long.MIN_VALUE);
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
        List<RddNode<T>> nodes = RDD.run("slice", () -> node.slice(from.microseconds(), to.microseconds()));
        List<RDD<T>> out = new ArrayList<>();
        for (RddNode<T> n : nodes) {
            out.add(wrap(n));
        }
        return out;
    }

    /** Returns {@code DStream[id] 'name': op <- parent op <- ..., slide 1s, n outputs}, the operators as the plan records them. */
    @Override
    public String toString() {
        long active = outputs().stream().filter(OutputHandle::isActive).count();
        return getClass().getSimpleName() + "[" + id() + "]" + (name() != null ? " '" + name() + "'" : "") + ": "
                + Plan.lineage(op()) + ", slide " + Durations.formatMicros(node.slideMicros())
                + (active > 0 ? ", " + active + (active == 1 ? " output" : " outputs") : "");
    }
}
