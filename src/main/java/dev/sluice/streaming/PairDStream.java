package dev.sluice.streaming;

import dev.sluice.engine.plan.ElementOp;
import dev.sluice.engine.plan.JoinKind;
import dev.sluice.engine.plan.KeyedOp;
import dev.sluice.engine.plan.StateOp;
import dev.sluice.engine.plan.StreamOp;
import dev.sluice.engine.rdd.RddNode;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link DStream} of key-value {@link Pair}s, with by-key operations per batch, over windows,
 * and across batches (state).
 *
 * <p>By-key operations hash-partition each batch by key into the context's parallelism (or the
 * given number of partitions, or by the given {@link Partitioner}), combining on the map side first.
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

    PairDStream(StreamingContext ssc, StreamOp op) {
        super(ssc, op);
    }

    private PairDStream(DStream<Pair<K, V>> viewed) {
        super(viewed);
    }

    /** Returns {@code stream} viewed as a keyed stream (itself if it already is one). */
    public static <K, V> PairDStream<K, V> of(DStream<Pair<K, V>> stream) {
        if (stream instanceof PairDStream<K, V> p) {
            return p;
        }
        stream.ssc.planner().markPair(stream.op());
        return new PairDStream<>(stream);
    }

    @Override
    RDD<Pair<K, V>> wrap(RddNode<Pair<K, V>> rdd) {
        return new PairRDD<>(rdd);
    }

    // ---- per-batch by-key operations

    /** Returns a stream merging the values of each key per batch with {@code f}. */
    public PairDStream<K, V> reduceByKey(ReduceFunction<V> f) {
        return new PairDStream<>(ssc, new KeyedOp.ReduceByKey(op(), f, 0));
    }

    /** Returns a stream merging the values of each key per batch with {@code f}, into {@code numPartitions} partitions. */
    public PairDStream<K, V> reduceByKey(ReduceFunction<V> f, int numPartitions) {
        return new PairDStream<>(ssc, new KeyedOp.ReduceByKey(op(), f, checkPartitions(numPartitions)));
    }

    /** Returns a stream merging the values of each key per batch with {@code f}, partitioned by {@code partitioner}. */
    public PairDStream<K, V> reduceByKey(ReduceFunction<V> f, Partitioner partitioner) {
        return new PairDStream<>(ssc, new KeyedOp.ReduceByKey(op(), f, 0, Objects.requireNonNull(partitioner, "partitioner")));
    }

    static int checkPartitions(int numPartitions) {
        if (numPartitions < 1) {
            throw new IllegalArgumentException("number of partitions must be at least 1, got " + numPartitions);
        }
        return numPartitions;
    }

    /** Returns a stream grouping the values of each key per batch. */
    public PairDStream<K, Iterable<V>> groupByKey() {
        return new PairDStream<>(ssc, new KeyedOp.GroupByKey(op(), 0));
    }

    /** Returns a stream grouping the values of each key per batch, into {@code numPartitions} partitions. */
    public PairDStream<K, Iterable<V>> groupByKey(int numPartitions) {
        return new PairDStream<>(ssc, new KeyedOp.GroupByKey(op(), checkPartitions(numPartitions)));
    }

    /** Returns a stream grouping the values of each key per batch, partitioned by {@code partitioner}. */
    public PairDStream<K, Iterable<V>> groupByKey(Partitioner partitioner) {
        return new PairDStream<>(ssc, new KeyedOp.GroupByKey(op(), 0, Objects.requireNonNull(partitioner, "partitioner")));
    }

    /** Returns a stream applying {@code f} to each value. */
    public <W> PairDStream<K, W> mapValues(MapFunction<V, W> f) {
        return new PairDStream<>(ssc, new KeyedOp.MapValues(op(), f));
    }

    /** Returns a stream replacing each value by the values of {@code f}'s result. */
    public <W> PairDStream<K, W> flatMapValues(FlatMapFunction<V, W> f) {
        return new PairDStream<>(ssc, new KeyedOp.FlatMapValues(op(), f));
    }

    /**
     * Returns a stream combining the values of each key per batch into a {@code C}: {@code createCombiner}
     * makes one from a key's first value in a partition, {@code mergeValue} adds its next values and
     * {@code mergeCombiners} merges the combiners of different partitions.
     */
    public <C> PairDStream<K, C> combineByKey(MapFunction<V, C> createCombiner, Function2<C, V, C> mergeValue,
                                              Function2<C, C, C> mergeCombiners) {
        return new PairDStream<>(ssc, new KeyedOp.CombineByKey(op(), createCombiner, mergeValue, mergeCombiners, 0, null));
    }

    /** Like {@link #combineByKey(MapFunction, Function2, Function2)}, into {@code numPartitions} partitions. */
    public <C> PairDStream<K, C> combineByKey(MapFunction<V, C> createCombiner, Function2<C, V, C> mergeValue,
                                              Function2<C, C, C> mergeCombiners, int numPartitions) {
        return new PairDStream<>(ssc, new KeyedOp.CombineByKey(op(), createCombiner, mergeValue, mergeCombiners,
                checkPartitions(numPartitions), null));
    }

    /** Like {@link #combineByKey(MapFunction, Function2, Function2)}, partitioned by {@code partitioner}, as Spark's. */
    public <C> PairDStream<K, C> combineByKey(MapFunction<V, C> createCombiner, Function2<C, V, C> mergeValue,
                                              Function2<C, C, C> mergeCombiners, Partitioner partitioner) {
        Objects.requireNonNull(partitioner, "partitioner");
        return new PairDStream<>(ssc, new KeyedOp.CombineByKey(op(), createCombiner, mergeValue, mergeCombiners, 0, partitioner));
    }

    private <W, R> PairDStream<K, R> joinWith(DStream<Pair<K, W>> other, JoinKind kind, int numPartitions) {
        Objects.requireNonNull(other, "other");
        return new PairDStream<>(ssc, new KeyedOp.Join(op(), other.op(), kind, numPartitions));
    }

    private <W, R> PairDStream<K, R> joinWith(DStream<Pair<K, W>> other, JoinKind kind, Partitioner partitioner) {
        Objects.requireNonNull(other, "other");
        Objects.requireNonNull(partitioner, "partitioner");
        return new PairDStream<>(ssc, new KeyedOp.Join(op(), other.op(), kind, 0, partitioner));
    }

    private <W, R> PairDStream<K, R> joinWith(DStream<Pair<K, W>> other, JoinKind kind) {
        return joinWith(other, kind, 0);
    }

    /** Returns, per batch, every pair of values of keys present in both streams. */
    public <W> PairDStream<K, Pair<V, W>> join(PairDStream<K, W> other) {
        return joinWith(other, JoinKind.INNER);
    }

    /** Returns, per batch, this stream's pairs joined with a static dataset (the stream-static join). */
    public <W> PairDStream<K, Pair<V, W>> join(PairRDD<K, W> table) {
        Objects.requireNonNull(table, "table");
        return new PairDStream<>(ssc, new KeyedOp.JoinTable(op(), table, JoinKind.INNER));
    }

    /** Returns, per batch, this stream's pairs with the matching values of a static dataset, or empty. */
    public <W> PairDStream<K, Pair<V, Optional<W>>> leftOuterJoin(PairRDD<K, W> table) {
        Objects.requireNonNull(table, "table");
        return new PairDStream<>(ssc, new KeyedOp.JoinTable(op(), table, JoinKind.LEFT_OUTER));
    }

    /** Returns, per batch, every key of this stream with its values paired with {@code other}'s, or empty. */
    public <W> PairDStream<K, Pair<V, Optional<W>>> leftOuterJoin(PairDStream<K, W> other) {
        return joinWith(other, JoinKind.LEFT_OUTER);
    }

    /** Returns, per batch, every key of {@code other} with its values paired with this stream's, or empty. */
    public <W> PairDStream<K, Pair<Optional<V>, W>> rightOuterJoin(PairDStream<K, W> other) {
        return joinWith(other, JoinKind.RIGHT_OUTER);
    }

    /** Returns, per batch, every key of either stream with its values from each side, or empty. */
    public <W> PairDStream<K, Pair<Optional<V>, Optional<W>>> fullOuterJoin(PairDStream<K, W> other) {
        return joinWith(other, JoinKind.FULL_OUTER);
    }

    /** Returns, per batch, every key of either stream once, with all its values from each side. */
    public <W> PairDStream<K, Pair<Iterable<V>, Iterable<W>>> cogroup(PairDStream<K, W> other) {
        Objects.requireNonNull(other, "other");
        return new PairDStream<>(ssc, new KeyedOp.CoGroup(op(), other.op(), 0));
    }

    /** Like {@link #join(PairDStream)}, each batch's result in {@code numPartitions} partitions. */
    public <W> PairDStream<K, Pair<V, W>> join(PairDStream<K, W> other, int numPartitions) {
        return joinWith(other, JoinKind.INNER, checkPartitions(numPartitions));
    }

    /** Like {@link #leftOuterJoin(PairDStream)}, each batch's result in {@code numPartitions} partitions. */
    public <W> PairDStream<K, Pair<V, Optional<W>>> leftOuterJoin(PairDStream<K, W> other, int numPartitions) {
        return joinWith(other, JoinKind.LEFT_OUTER, checkPartitions(numPartitions));
    }

    /** Like {@link #rightOuterJoin(PairDStream)}, each batch's result in {@code numPartitions} partitions. */
    public <W> PairDStream<K, Pair<Optional<V>, W>> rightOuterJoin(PairDStream<K, W> other, int numPartitions) {
        return joinWith(other, JoinKind.RIGHT_OUTER, checkPartitions(numPartitions));
    }

    /** Like {@link #fullOuterJoin(PairDStream)}, each batch's result in {@code numPartitions} partitions. */
    public <W> PairDStream<K, Pair<Optional<V>, Optional<W>>> fullOuterJoin(PairDStream<K, W> other, int numPartitions) {
        return joinWith(other, JoinKind.FULL_OUTER, checkPartitions(numPartitions));
    }

    /** Like {@link #cogroup(PairDStream)}, each batch's result in {@code numPartitions} partitions. */
    public <W> PairDStream<K, Pair<Iterable<V>, Iterable<W>>> cogroup(PairDStream<K, W> other, int numPartitions) {
        Objects.requireNonNull(other, "other");
        return new PairDStream<>(ssc, new KeyedOp.CoGroup(op(), other.op(), checkPartitions(numPartitions)));
    }

    /** Like {@link #join(PairDStream)}, each batch's result partitioned by {@code partitioner}. */
    public <W> PairDStream<K, Pair<V, W>> join(PairDStream<K, W> other, Partitioner partitioner) {
        return joinWith(other, JoinKind.INNER, partitioner);
    }

    /** Like {@link #leftOuterJoin(PairDStream)}, each batch's result partitioned by {@code partitioner}. */
    public <W> PairDStream<K, Pair<V, Optional<W>>> leftOuterJoin(PairDStream<K, W> other, Partitioner partitioner) {
        return joinWith(other, JoinKind.LEFT_OUTER, partitioner);
    }

    /** Like {@link #rightOuterJoin(PairDStream)}, each batch's result partitioned by {@code partitioner}. */
    public <W> PairDStream<K, Pair<Optional<V>, W>> rightOuterJoin(PairDStream<K, W> other, Partitioner partitioner) {
        return joinWith(other, JoinKind.RIGHT_OUTER, partitioner);
    }

    /** Like {@link #fullOuterJoin(PairDStream)}, each batch's result partitioned by {@code partitioner}. */
    public <W> PairDStream<K, Pair<Optional<V>, Optional<W>>> fullOuterJoin(PairDStream<K, W> other, Partitioner partitioner) {
        return joinWith(other, JoinKind.FULL_OUTER, partitioner);
    }

    /** Like {@link #cogroup(PairDStream)}, each batch's result partitioned by {@code partitioner}. */
    public <W> PairDStream<K, Pair<Iterable<V>, Iterable<W>>> cogroup(PairDStream<K, W> other, Partitioner partitioner) {
        Objects.requireNonNull(other, "other");
        return new PairDStream<>(ssc, new KeyedOp.CoGroup(op(), other.op(), 0, Objects.requireNonNull(partitioner, "partitioner")));
    }

    // ---- windowed by-key operations

    /** Returns a stream merging the values of each key over the last {@code length}, every batch. */
    public PairDStream<K, V> reduceByKeyAndWindow(ReduceFunction<V> f, Duration length) {
        return reduceByKeyAndWindow(f, length, slideDuration());
    }

    /** Returns a stream merging the values of each key over each window with {@code f}. */
    public PairDStream<K, V> reduceByKeyAndWindow(ReduceFunction<V> f, Duration length, Duration slide) {
        return keyedWindow(f, null, length, slide, 0, null);
    }

    /** Returns a stream merging the values of each key over each window with {@code f}, into {@code numPartitions} partitions. */
    public PairDStream<K, V> reduceByKeyAndWindow(ReduceFunction<V> f, Duration length, Duration slide, int numPartitions) {
        return keyedWindow(f, null, length, slide, checkPartitions(numPartitions), null);
    }

    /** Returns a stream merging the values of each key over each window with {@code f}, partitioned by {@code partitioner}. */
    public PairDStream<K, V> reduceByKeyAndWindow(ReduceFunction<V> f, Duration length, Duration slide, Partitioner partitioner) {
        Objects.requireNonNull(f, "f");
        checkWindow(length, slide);
        return new PairDStream<>(ssc, new KeyedOp.ReduceByKeyAndWindow(op(), f, null, length, slide, 0, null,
                Objects.requireNonNull(partitioner, "partitioner")));
    }

    /**
     * Returns a stream merging the values of each key over each window, computed incrementally:
     * the previous window's values, minus the batches that left ({@code inverse}), plus those that
     * entered ({@code f}). As in Spark, a key whose value was inverted back (a count of 0, say)
     * stays in the output; use the overload with a filter to drop such keys.
     */
    public PairDStream<K, V> reduceByKeyAndWindow(ReduceFunction<V> f, ReduceFunction<V> inverse, Duration length, Duration slide) {
        Objects.requireNonNull(inverse, "inverse");
        return keyedWindow(f, inverse, length, slide, 0, null);
    }

    /** Like {@link #reduceByKeyAndWindow(ReduceFunction, ReduceFunction, Duration, Duration)}, keeping only the pairs {@code filter} accepts. */
    public PairDStream<K, V> reduceByKeyAndWindow(ReduceFunction<V> f, ReduceFunction<V> inverse, Duration length, Duration slide,
                                                  FilterFunction<Pair<K, V>> filter) {
        Objects.requireNonNull(inverse, "inverse");
        return keyedWindow(f, inverse, length, slide, 0, Objects.requireNonNull(filter, "filter"));
    }

    /**
     * Like {@link #reduceByKeyAndWindow(ReduceFunction, ReduceFunction, Duration, Duration)}, into
     * {@code numPartitions} partitions, keeping only the pairs {@code filter} accepts (null keeps all).
     */
    public PairDStream<K, V> reduceByKeyAndWindow(ReduceFunction<V> f, ReduceFunction<V> inverse, Duration length, Duration slide,
                                                  int numPartitions, FilterFunction<Pair<K, V>> filter) {
        Objects.requireNonNull(inverse, "inverse");
        return keyedWindow(f, inverse, length, slide, checkPartitions(numPartitions), filter);
    }

    /**
     * Like {@link #reduceByKeyAndWindow(ReduceFunction, ReduceFunction, Duration, Duration)}, partitioned
     * by {@code partitioner}, keeping only the pairs {@code filter} accepts (null keeps all).
     */
    public PairDStream<K, V> reduceByKeyAndWindow(ReduceFunction<V> f, ReduceFunction<V> inverse, Duration length, Duration slide,
                                                  Partitioner partitioner, FilterFunction<Pair<K, V>> filter) {
        Objects.requireNonNull(f, "f");
        Objects.requireNonNull(inverse, "inverse");
        checkWindow(length, slide);
        return new PairDStream<>(ssc, new KeyedOp.ReduceByKeyAndWindow(op(), f, inverse, length, slide, 0, filter,
                Objects.requireNonNull(partitioner, "partitioner")));
    }

    private PairDStream<K, V> keyedWindow(ReduceFunction<V> f, ReduceFunction<V> inverse, Duration length, Duration slide,
                                          int numPartitions, FilterFunction<Pair<K, V>> filter) {
        Objects.requireNonNull(f, "f");
        checkWindow(length, slide);
        return new PairDStream<>(ssc, new KeyedOp.ReduceByKeyAndWindow(op(), f, inverse, length, slide, numPartitions, filter));
    }

    /** Returns a stream grouping the values of each key over each window. */
    public PairDStream<K, Iterable<V>> groupByKeyAndWindow(Duration length, Duration slide) {
        checkWindow(length, slide);
        return new PairDStream<>(ssc, new KeyedOp.GroupByKeyAndWindow(op(), length, slide, 0));
    }

    /** Returns a stream grouping the values of each key over the last {@code length}, every batch. */
    public PairDStream<K, Iterable<V>> groupByKeyAndWindow(Duration length) {
        return groupByKeyAndWindow(length, slideDuration());
    }

    /** Like {@link #groupByKeyAndWindow(Duration, Duration)}, into {@code numPartitions} partitions. */
    public PairDStream<K, Iterable<V>> groupByKeyAndWindow(Duration length, Duration slide, int numPartitions) {
        checkWindow(length, slide);
        return new PairDStream<>(ssc, new KeyedOp.GroupByKeyAndWindow(op(), length, slide, checkPartitions(numPartitions)));
    }

    /** Like {@link #groupByKeyAndWindow(Duration, Duration)}, partitioned by {@code partitioner}. */
    public PairDStream<K, Iterable<V>> groupByKeyAndWindow(Duration length, Duration slide, Partitioner partitioner) {
        checkWindow(length, slide);
        return new PairDStream<>(ssc, new KeyedOp.GroupByKeyAndWindow(op(), length, slide, 0,
                Objects.requireNonNull(partitioner, "partitioner")));
    }

    // ---- state

    /**
     * Returns the state of every key, updated each batch: {@code update} is called for every key
     * that has state or new values, with the batch's values (possibly none) and the previous state;
     * returning empty removes the key.
     */
    public <S> PairDStream<K, S> updateStateByKey(UpdateStateFunction<V, S> update) {
        return new PairDStream<>(ssc, new StateOp.UpdateStateByKey(op(), update, 0, null));
    }

    /** Like {@link #updateStateByKey(UpdateStateFunction)}, with the state in {@code numPartitions} partitions. */
    public <S> PairDStream<K, S> updateStateByKey(UpdateStateFunction<V, S> update, int numPartitions) {
        Objects.requireNonNull(update, "update");
        return new PairDStream<>(ssc, new StateOp.UpdateStateByKey(op(), update, checkPartitions(numPartitions), null));
    }

    /** Like {@link #updateStateByKey(UpdateStateFunction)}, starting from {@code initialState}. */
    public <S> PairDStream<K, S> updateStateByKey(UpdateStateFunction<V, S> update, PairRDD<K, S> initialState) {
        Objects.requireNonNull(update, "update");
        Objects.requireNonNull(initialState, "initialState");
        return new PairDStream<>(ssc, new StateOp.UpdateStateByKey(op(), update, 0, initialState));
    }

    /** Like {@link #updateStateByKey(UpdateStateFunction, PairRDD)}, with the state in {@code numPartitions} partitions. */
    public <S> PairDStream<K, S> updateStateByKey(UpdateStateFunction<V, S> update, int numPartitions, PairRDD<K, S> initialState) {
        Objects.requireNonNull(update, "update");
        Objects.requireNonNull(initialState, "initialState");
        return new PairDStream<>(ssc, new StateOp.UpdateStateByKey(op(), update, checkPartitions(numPartitions), initialState));
    }

    /** Like {@link #updateStateByKey(UpdateStateFunction)}, with the state partitioned by {@code partitioner}. */
    public <S> PairDStream<K, S> updateStateByKey(UpdateStateFunction<V, S> update, Partitioner partitioner) {
        Objects.requireNonNull(update, "update");
        return new PairDStream<>(ssc, new StateOp.UpdateStateByKey(op(), update, 0, null,
                Objects.requireNonNull(partitioner, "partitioner")));
    }

    /** Like {@link #updateStateByKey(UpdateStateFunction, PairRDD)}, with the state partitioned by {@code partitioner}. */
    public <S> PairDStream<K, S> updateStateByKey(UpdateStateFunction<V, S> update, Partitioner partitioner, PairRDD<K, S> initialState) {
        Objects.requireNonNull(update, "update");
        Objects.requireNonNull(initialState, "initialState");
        return new PairDStream<>(ssc, new StateOp.UpdateStateByKey(op(), update, 0, initialState,
                Objects.requireNonNull(partitioner, "partitioner")));
    }

    /**
     * Returns the values the mapping function of {@code spec} returns, called once per record with
     * the key's state (and once per key that times out); {@link MapWithStateDStream#stateSnapshots()}
     * gives the full state after each batch.
     */
    public <S, R> MapWithStateDStream<K, V, S, R> mapWithState(StateSpec<K, V, S, R> spec) {
        return new MapWithStateDStream<>(ssc, new StateOp.MapWithState(op(), spec));
    }

    // ---- covariant overrides

    /** Returns this stream as a stream of pairs, as Spark's {@code toJavaDStream()}. */
    public DStream<Pair<K, V>> toJavaDStream() {
        return new DStream<>(ssc, op());
    }

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
    public PairDStream<K, V> checkpoint(Duration interval) {
        super.checkpoint(interval);
        return this;
    }

    @Override
    public PairDStream<K, V> filter(FilterFunction<Pair<K, V>> f) {
        return new PairDStream<>(ssc, new ElementOp.Filter(op(), f));
    }

    /** Returns a stream whose batches hold this stream's pairs and {@code other}'s. */
    public PairDStream<K, V> union(PairDStream<K, V> other) {
        return new PairDStream<>(ssc, unionOp(other));
    }

    @Override
    public PairDStream<K, V> repartition(int numPartitions) {
        return new PairDStream<>(ssc, new ElementOp.Repartition(op(), numPartitions));
    }

    @Override
    public PairDStream<K, V> window(Duration length) {
        return window(length, slideDuration());
    }

    @Override
    public PairDStream<K, V> window(Duration length, Duration slide) {
        return new PairDStream<>(ssc, windowOp(length, slide));
    }

    @Override
    public PairRDD<K, V> latest() {
        return PairRDD.of(super.latest());
    }
}
