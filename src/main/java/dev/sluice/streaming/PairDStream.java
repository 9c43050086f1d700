package dev.sluice.streaming;

import dev.sluice.engine.graph.MapWithStateNode;
import dev.sluice.engine.graph.PerBatchNode;
import dev.sluice.engine.graph.ReducedWindowedNode;
import dev.sluice.engine.graph.StateNode;
import dev.sluice.engine.graph.StreamNode;
import dev.sluice.engine.rdd.Aggregator;
import dev.sluice.engine.rdd.HashPartitioner;
import dev.sluice.engine.rdd.KeyedOps;
import dev.sluice.engine.rdd.MapBackedNode;
import dev.sluice.engine.rdd.Partitioner;
import dev.sluice.engine.rdd.RddNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A {@link DStream} of key-value {@link Pair}s, with by-key operations per batch, over windows,
 * and across batches (state).
 *
 * <p>By-key operations hash-partition each batch by key into the context's parallelism (or the
 * given number of partitions), combining on the map side first.
 *
 * <pre>{@code
 * PairDStream<String, Integer> pairs = words.mapToPair(w -> Pair.of(w, 1));
 * pairs.reduceByKey(Integer::sum).print();
 * pairs.reduceByKeyAndWindow(Integer::sum, (a, b) -> a - b, Duration.ofSeconds(30), Duration.ofSeconds(10)).print();
 * pairs.updateStateByKey((values, state) -> {
 *     int sum = state.orElse(0);
 *     for (int v : values) sum += v;
 *     return Optional.of(sum);
 * }).print();
 * }</pre>
 */
public class PairDStream<K, V> extends DStream<Pair<K, V>> {

    PairDStream(StreamingContext ssc, StreamNode<Pair<K, V>> node) {
        super(ssc, node);
    }

    /** Returns {@code stream} viewed as a keyed stream (itself if it already is one). */
    public static <K, V> PairDStream<K, V> of(DStream<Pair<K, V>> stream) {
        if (stream instanceof PairDStream<K, V> p) {
            return p;
        }
        return new PairDStream<>(stream.ssc, stream.node);
    }

    @Override
    RDD<Pair<K, V>> wrap(RddNode<Pair<K, V>> rdd) {
        return new PairRDD<>(rdd);
    }

    private Partitioner partitioner(int numPartitions) {
        return new HashPartitioner(numPartitions);
    }

    private Partitioner defaultPartitioner() {
        return partitioner(ssc.parallelism());
    }

    // ---- per-batch by-key operations

    /** Returns a stream merging the values of each key per batch with {@code f}. */
    public PairDStream<K, V> reduceByKey(ReduceFunction<V> f) {
        return reduceByKey(f, ssc.parallelism());
    }

    /** Returns a stream merging the values of each key per batch with {@code f}, into {@code numPartitions} partitions. */
    public PairDStream<K, V> reduceByKey(ReduceFunction<V> f, int numPartitions) {
        Objects.requireNonNull(f, "f");
        Partitioner p = partitioner(numPartitions);
        return new PairDStream<>(ssc, perBatch("reduceByKey", (rdd, t) -> KeyedOps.reduceByKey(rdd.node, p, f)));
    }

    /** Returns a stream grouping the values of each key per batch. */
    public PairDStream<K, Iterable<V>> groupByKey() {
        return groupByKey(ssc.parallelism());
    }

    /** Returns a stream grouping the values of each key per batch, into {@code numPartitions} partitions. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public PairDStream<K, Iterable<V>> groupByKey(int numPartitions) {
        Partitioner p = partitioner(numPartitions);
        return new PairDStream<>(ssc, perBatch("groupByKey", (rdd, t) -> (RddNode) KeyedOps.groupByKey(rdd.node, p)));
    }

    /** Returns a stream applying {@code f} to each value. */
    public <W> PairDStream<K, W> mapValues(MapFunction<V, W> f) {
        Objects.requireNonNull(f, "f");
        return new PairDStream<>(ssc, perBatch("mapValues", (rdd, t) -> PairRDD.of(rdd).mapValues(f).node));
    }

    /** Returns a stream replacing each value by the values of {@code f}'s result. */
    public <W> PairDStream<K, W> flatMapValues(FlatMapFunction<V, W> f) {
        Objects.requireNonNull(f, "f");
        return new PairDStream<>(ssc, perBatch("flatMapValues", (rdd, t) -> PairRDD.of(rdd).flatMapValues(f).node));
    }

    private <W, R> PairDStream<K, R> joinWith(DStream<Pair<K, W>> other, String op, PairRDD.JoinKind kind) {
        Objects.requireNonNull(other, "other");
        return new PairDStream<>(ssc, new PerBatchNode<>(graph(), List.of(node, other.node), op,
                (rdds, t) -> PairRDD.<K, V, W, R>joinNode(cast(rdds.get(0)), cast(rdds.get(1)), kind)));
    }

    /** Returns, per batch, every pair of values of keys present in both streams. */
    public <W> PairDStream<K, Pair<V, W>> join(PairDStream<K, W> other) {
        return joinWith(other, "join", PairRDD.JoinKind.INNER);
    }

    /** Returns, per batch, this stream's pairs joined with a static dataset (the stream-static join). */
    public <W> PairDStream<K, Pair<V, W>> join(PairRDD<K, W> table) {
        Objects.requireNonNull(table, "table");
        return new PairDStream<>(ssc, perBatch("join(static)",
                (rdd, t) -> PairRDD.<K, V, W, Pair<V, W>>joinNode(rdd.node, table.node, PairRDD.JoinKind.INNER)));
    }

    /** Returns, per batch, this stream's pairs with the matching values of a static dataset, or empty. */
    public <W> PairDStream<K, Pair<V, Optional<W>>> leftOuterJoin(PairRDD<K, W> table) {
        Objects.requireNonNull(table, "table");
        return new PairDStream<>(ssc, perBatch("leftOuterJoin(static)",
                (rdd, t) -> PairRDD.<K, V, W, Pair<V, Optional<W>>>joinNode(rdd.node, table.node, PairRDD.JoinKind.LEFT)));
    }

    /** Returns, per batch, every key of this stream with its values paired with {@code other}'s, or empty. */
    public <W> PairDStream<K, Pair<V, Optional<W>>> leftOuterJoin(PairDStream<K, W> other) {
        return joinWith(other, "leftOuterJoin", PairRDD.JoinKind.LEFT);
    }

    /** Returns, per batch, every key of {@code other} with its values paired with this stream's, or empty. */
    public <W> PairDStream<K, Pair<Optional<V>, W>> rightOuterJoin(PairDStream<K, W> other) {
        return joinWith(other, "rightOuterJoin", PairRDD.JoinKind.RIGHT);
    }

    /** Returns, per batch, every key of either stream with its values from each side, or empty. */
    public <W> PairDStream<K, Pair<Optional<V>, Optional<W>>> fullOuterJoin(PairDStream<K, W> other) {
        return joinWith(other, "fullOuterJoin", PairRDD.JoinKind.FULL);
    }

    /** Returns, per batch, every key of either stream once, with all its values from each side. */
    public <W> PairDStream<K, Pair<Iterable<V>, Iterable<W>>> cogroup(PairDStream<K, W> other) {
        Objects.requireNonNull(other, "other");
        return new PairDStream<>(ssc, new PerBatchNode<>(graph(), List.of(node, other.node), "cogroup",
                (rdds, t) -> PairRDD.<K, V, W>cogroupNode(cast(rdds.get(0)), cast(rdds.get(1)))));
    }

    // ---- windowed by-key operations

    /** Returns a stream merging the values of each key over the last {@code length}, every batch. */
    public PairDStream<K, V> reduceByKeyAndWindow(ReduceFunction<V> f, Duration length) {
        return reduceByKeyAndWindow(f, length, slideDuration());
    }

    /** Returns a stream merging the values of each key over each window with {@code f}. */
    public PairDStream<K, V> reduceByKeyAndWindow(ReduceFunction<V> f, Duration length, Duration slide) {
        return reduceByKeyAndWindow(f, length, slide, ssc.parallelism());
    }

    /** Returns a stream merging the values of each key over each window with {@code f}, into {@code numPartitions} partitions. */
    public PairDStream<K, V> reduceByKeyAndWindow(ReduceFunction<V> f, Duration length, Duration slide, int numPartitions) {
        Objects.requireNonNull(f, "f");
        checkWindow(length, slide);
        Partitioner p = partitioner(numPartitions);
        PairDStream<K, V> perBatch = reduceByKey(f, numPartitions);
        StreamNode<Pair<K, V>> windowed = perBatch.windowNode(length, slide);
        return new PairDStream<>(ssc, new PerBatchNode<>(graph(), List.of(windowed), "reduceByKeyAndWindow",
                (rdds, t) -> KeyedOps.reduceByKey(cast(rdds.get(0)), p, f)));
    }

    /**
     * Returns a stream merging the values of each key over each window, computed incrementally:
     * the previous window's values, minus the batches that left ({@code inverse}), plus those that
     * entered ({@code f}). As in Spark, a key whose value was inverted back (a count of 0, say)
     * stays in the output; use the overload with a filter to drop such keys.
     */
    public PairDStream<K, V> reduceByKeyAndWindow(ReduceFunction<V> f, ReduceFunction<V> inverse, Duration length, Duration slide) {
        return reduceByKeyAndWindow(f, inverse, length, slide, ssc.parallelism(), null);
    }

    /** Like {@link #reduceByKeyAndWindow(ReduceFunction, ReduceFunction, Duration, Duration)}, keeping only the pairs {@code filter} accepts. */
    public PairDStream<K, V> reduceByKeyAndWindow(ReduceFunction<V> f, ReduceFunction<V> inverse, Duration length, Duration slide,
                                                  FilterFunction<Pair<K, V>> filter) {
        return reduceByKeyAndWindow(f, inverse, length, slide, ssc.parallelism(), Objects.requireNonNull(filter, "filter"));
    }

    /**
     * Like {@link #reduceByKeyAndWindow(ReduceFunction, ReduceFunction, Duration, Duration)}, into
     * {@code numPartitions} partitions, keeping only the pairs {@code filter} accepts (null keeps all).
     */
    public PairDStream<K, V> reduceByKeyAndWindow(ReduceFunction<V> f, ReduceFunction<V> inverse, Duration length, Duration slide,
                                                  int numPartitions, FilterFunction<Pair<K, V>> filter) {
        Objects.requireNonNull(f, "f");
        Objects.requireNonNull(inverse, "inverse");
        checkWindow(length, slide);
        Partitioner p = partitioner(numPartitions);
        PairDStream<K, V> perBatch = reduceByKey(f, numPartitions);
        return new PairDStream<>(ssc, new ReducedWindowedNode<>(graph(), perBatch.node, f, inverse, filter,
                length.toMillis(), slide.toMillis(), p));
    }

    /** Returns a stream grouping the values of each key over each window. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public PairDStream<K, Iterable<V>> groupByKeyAndWindow(Duration length, Duration slide) {
        checkWindow(length, slide);
        Partitioner p = defaultPartitioner();
        StreamNode<Pair<K, List<V>>> grouped = perBatch("groupByKey", (rdd, t) -> KeyedOps.groupByKey(rdd.node, p));
        StreamNode<Pair<K, List<V>>> windowed = new DStream<>(ssc, grouped).windowNode(length, slide);
        Aggregator<List<V>, List<V>> concat = new Aggregator<>() {
            @Override
            public List<V> create(List<V> value) {
                return new ArrayList<>(value);
            }

            @Override
            public List<V> add(List<V> combiner, List<V> value) {
                combiner.addAll(value);
                return combiner;
            }

            @Override
            public List<V> merge(List<V> left, List<V> right) {
                left.addAll(right);
                return left;
            }

            @Override
            public List<V> copy(List<V> combiner) {
                return new ArrayList<>(combiner);
            }
        };
        return new PairDStream<>(ssc, new PerBatchNode<>(graph(), List.of(windowed), "groupByKeyAndWindow",
                (rdds, t) -> (RddNode) KeyedOps.combineByKey(cast(rdds.get(0)), p, concat, "groupByKeyAndWindow")));
    }

    // ---- state

    /**
     * Returns the state of every key, updated each batch: {@code update} is called for every key
     * that has state or new values, with the batch's values (possibly none) and the previous state;
     * returning empty removes the key.
     */
    public <S> PairDStream<K, S> updateStateByKey(UpdateStateFunction<V, S> update) {
        return updateStateByKey(update, ssc.parallelism());
    }

    /** Like {@link #updateStateByKey(UpdateStateFunction)}, with the state in {@code numPartitions} partitions. */
    public <S> PairDStream<K, S> updateStateByKey(UpdateStateFunction<V, S> update, int numPartitions) {
        Objects.requireNonNull(update, "update");
        Partitioner p = partitioner(numPartitions);
        return new PairDStream<>(ssc, new StateNode<>(graph(), node, update, p,
                () -> MapBackedNode.empty(graph().rddContext(), p, "initial state")));
    }

    /** Like {@link #updateStateByKey(UpdateStateFunction)}, starting from {@code initialState}. */
    public <S> PairDStream<K, S> updateStateByKey(UpdateStateFunction<V, S> update, PairRDD<K, S> initialState) {
        Objects.requireNonNull(update, "update");
        Objects.requireNonNull(initialState, "initialState");
        Partitioner p = defaultPartitioner();
        Supplier<MapBackedNode<K, S>> initial = memoize(() ->
                MapBackedNode.fromPairs(graph().rddContext(), initialState.collect(), p, "initial state"));
        return new PairDStream<>(ssc, new StateNode<>(graph(), node, update, p, initial));
    }

    /**
     * Returns the values the mapping function of {@code spec} returns, called once per record with
     * the key's state (and once per key that times out); {@link MapWithStateDStream#stateSnapshots()}
     * gives the full state after each batch.
     */
    public <S, R> MapWithStateDStream<K, V, S, R> mapWithState(StateSpec<K, V, S, R> spec) {
        Objects.requireNonNull(spec, "spec");
        Partitioner p = partitioner(spec.getNumPartitions() > 0 ? spec.getNumPartitions() : ssc.parallelism());
        long timeout = spec.getTimeout().map(Duration::toMillis).orElse(0L);
        Supplier<MapBackedNode<K, MapWithStateNode.Timed<S>>> initial = memoize(() -> {
            List<Pair<K, MapWithStateNode.Timed<S>>> pairs = new ArrayList<>();
            if (spec.getInitialState().isPresent()) {
                long zero = graph().zeroTime();
                for (Pair<K, S> kv : spec.getInitialState().get().collect()) {
                    pairs.add(new Pair<>(kv.key(), new MapWithStateNode.Timed<>(kv.value(), zero)));
                }
            }
            return MapBackedNode.fromPairs(graph().rddContext(), pairs, p, "initial state");
        });
        return new MapWithStateDStream<>(ssc, new MapWithStateNode<>(graph(), node, spec.mappingFunction(), p, timeout, initial), p);
    }

    private static <X> Supplier<X> memoize(Supplier<X> s) {
        return new Supplier<>() {
            private X value;

            @Override
            public synchronized X get() {
                if (value == null) {
                    value = s.get();
                }
                return value;
            }
        };
    }

    // ---- covariant overrides

    @Override
    public PairDStream<K, V> name(String name) {
        super.name(name);
        return this;
    }

    @Override
    public PairDStream<K, V> cache() {
        super.cache();
        return this;
    }

    @Override
    public PairDStream<K, V> persist() {
        return cache();
    }

    @Override
    public PairDStream<K, V> filter(FilterFunction<Pair<K, V>> f) {
        return new PairDStream<>(ssc, filterNode(f));
    }

    /** Returns a stream whose batches hold this stream's pairs and {@code other}'s. */
    public PairDStream<K, V> union(PairDStream<K, V> other) {
        return new PairDStream<>(ssc, unionNode(other));
    }

    @Override
    public PairDStream<K, V> repartition(int numPartitions) {
        return new PairDStream<>(ssc, repartitionNode(numPartitions));
    }

    @Override
    public PairDStream<K, V> window(Duration length) {
        return window(length, slideDuration());
    }

    @Override
    public PairDStream<K, V> window(Duration length, Duration slide) {
        return new PairDStream<>(ssc, windowNode(length, slide));
    }

    @Override
    public PairRDD<K, V> latest() {
        return PairRDD.of(super.latest());
    }
}
