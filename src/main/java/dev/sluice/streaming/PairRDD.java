package dev.sluice.streaming;

import dev.sluice.engine.rdd.CoGroupedNode;
import dev.sluice.engine.rdd.ElementStep;
import dev.sluice.engine.rdd.HashPartitioner;
import dev.sluice.engine.rdd.Iterators;
import dev.sluice.engine.rdd.KeyedOps;
import dev.sluice.engine.rdd.MapPartitionsNode;
import dev.sluice.engine.rdd.Partitioner;
import dev.sluice.engine.rdd.RddNode;
import dev.sluice.engine.rdd.UnionNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

/**
 * An {@link RDD} of key-value {@link Pair}s, with by-key operations: reduce, group, join.
 *
 * <p>By-key operations hash-partition the data by key into the context's parallelism (or the given
 * number of partitions), combining on the map side first; input already partitioned that way is
 * combined without a shuffle.
 *
 * <pre>{@code
 * PairRDD<String, Integer> counts = words.mapToPair(w -> Pair.of(w, 1)).reduceByKey(Integer::sum);
 * PairRDD<String, Pair<Integer, String>> joined = counts.join(ssc.parallelizePairs(List.of(Pair.of("a", "x"))));
 * }</pre>
 */
public class PairRDD<K, V> extends RDD<Pair<K, V>> {

    PairRDD(RddNode<Pair<K, V>> node) {
        super(node);
    }

    /** Returns {@code rdd} viewed as a keyed dataset (itself if it already is one). */
    public static <K, V> PairRDD<K, V> of(RDD<Pair<K, V>> rdd) {
        return rdd instanceof PairRDD<K, V> p ? p : new PairRDD<>(rdd.node);
    }

    // ---- by-key transformations

    /** Merges the values of each key with {@code f}. */
    public PairRDD<K, V> reduceByKey(ReduceFunction<V> f) {
        return new PairRDD<>(KeyedOps.reduceByKey(node, defaultPartitioner(), Objects.requireNonNull(f, "f")));
    }

    /** Merges the values of each key with {@code f} into {@code numPartitions} partitions. */
    public PairRDD<K, V> reduceByKey(ReduceFunction<V> f, int numPartitions) {
        return new PairRDD<>(KeyedOps.reduceByKey(node, new HashPartitioner(numPartitions), Objects.requireNonNull(f, "f")));
    }

    /** Groups the values of each key. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public PairRDD<K, Iterable<V>> groupByKey() {
        return new PairRDD<>((RddNode) KeyedOps.groupByKey(node, defaultPartitioner()));
    }

    /** Groups the values of each key into {@code numPartitions} partitions. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public PairRDD<K, Iterable<V>> groupByKey(int numPartitions) {
        return new PairRDD<>((RddNode) KeyedOps.groupByKey(node, new HashPartitioner(numPartitions)));
    }

    /** Applies {@code f} to each value, keeping keys and partitioning. */
    public <W> PairRDD<K, W> mapValues(MapFunction<V, W> f) {
        Objects.requireNonNull(f, "f");
        return new PairRDD<>(new MapPartitionsNode<Pair<K, V>, Pair<K, W>>(node,
                ElementStep.map(p -> new Pair<>(p.key(), f.call(p.value()))), true, "mapValues"));
    }

    /** Replaces each value by the values of {@code f}'s result, keeping keys and partitioning. */
    public <W> PairRDD<K, W> flatMapValues(FlatMapFunction<V, W> f) {
        Objects.requireNonNull(f, "f");
        return new PairRDD<>(new MapPartitionsNode<Pair<K, V>, Pair<K, W>>(node,
                ElementStep.flatMap(p -> mapIterable(f.call(p.value()), w -> new Pair<>(p.key(), w))), true, "flatMapValues"));
    }

    /** Returns the keys. */
    public RDD<K> keys() {
        return map(Pair::key);
    }

    /** Returns the values. */
    public RDD<V> values() {
        return map(Pair::value);
    }

    /** Returns, for each key in both, every pair of its values. */
    public <W> PairRDD<K, Pair<V, W>> join(PairRDD<K, W> other) {
        return new PairRDD<>(joinNode(node, other.node, JoinKind.INNER));
    }

    /** Returns every key of this dataset with its values paired with {@code other}'s, or empty. */
    public <W> PairRDD<K, Pair<V, Optional<W>>> leftOuterJoin(PairRDD<K, W> other) {
        return new PairRDD<>(joinNode(node, other.node, JoinKind.LEFT));
    }

    /** Returns every key of {@code other} with its values paired with this dataset's, or empty. */
    public <W> PairRDD<K, Pair<Optional<V>, W>> rightOuterJoin(PairRDD<K, W> other) {
        return new PairRDD<>(joinNode(node, other.node, JoinKind.RIGHT));
    }

    /** Returns every key of either dataset with its values from each side, or empty. */
    public <W> PairRDD<K, Pair<Optional<V>, Optional<W>>> fullOuterJoin(PairRDD<K, W> other) {
        return new PairRDD<>(joinNode(node, other.node, JoinKind.FULL));
    }

    /** Returns every key of either dataset once, with all its values from each side. */
    public <W> PairRDD<K, Pair<Iterable<V>, Iterable<W>>> cogroup(PairRDD<K, W> other) {
        return new PairRDD<>(cogroupNode(node, other.node));
    }

    /** Returns the dataset sorted by key. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public PairRDD<K, V> sortByKey(boolean ascending) {
        return PairRDD.of(sortBy(p -> (Comparable) p.key(), ascending));
    }

    // ---- covariant overrides

    @Override
    public PairRDD<K, V> filter(FilterFunction<Pair<K, V>> f) {
        return new PairRDD<>(filterNode(f));
    }

    /** Returns the pairs of this dataset followed by those of {@code other}. */
    public PairRDD<K, V> union(PairRDD<K, V> other) {
        return new PairRDD<>(unionNode(other));
    }

    @Override
    public PairRDD<K, V> repartition(int numPartitions) {
        return new PairRDD<>(repartitionNode(numPartitions));
    }

    @Override
    public PairRDD<K, V> cache() {
        super.cache();
        return this;
    }

    @Override
    public PairRDD<K, V> persist() {
        return cache();
    }

    // ---- actions

    /** Returns the pairs as a map; for a key with several values, the last one read wins. */
    public Map<K, V> collectAsMap() {
        Map<K, V> map = new LinkedHashMap<>();
        for (Pair<K, V> p : collect()) {
            map.put(p.key(), p.value());
        }
        return map;
    }

    /** Returns the number of pairs per key. */
    public Map<K, Long> countByKey() {
        Map<K, Long> counts = new HashMap<>();
        for (Pair<K, Long> p : mapValues(v -> 1L).reduceByKey(Long::sum).collect()) {
            counts.put(p.key(), p.value());
        }
        return counts;
    }

    /** Returns the values of {@code key}. */
    public List<V> lookup(K key) {
        List<V> out = new ArrayList<>();
        for (Pair<K, V> p : filter(p -> Objects.equals(p.key(), key)).collect()) {
            out.add(p.value());
        }
        return out;
    }

    // ---- shared with PairDStream

    private Partitioner defaultPartitioner() {
        return KeyedOps.defaultPartitioner(node.context(), List.of(node));
    }

    enum JoinKind { INNER, LEFT, RIGHT, FULL }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static <K> RddNode<Pair<K, Object[]>> cogroupRaw(RddNode<? extends Pair<K, ?>> left, RddNode<? extends Pair<K, ?>> right) {
        Partitioner p = KeyedOps.defaultPartitioner(left.context(), List.of(left, right));
        return new CoGroupedNode<K>(left.context(), (List) List.of(left, right), p);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static <K, V, W, R> RddNode<Pair<K, R>> joinNode(RddNode<Pair<K, V>> left, RddNode<Pair<K, W>> right, JoinKind kind) {
        RddNode<Pair<K, Object[]>> grouped = cogroupRaw(left, right);
        return new MapPartitionsNode<Pair<K, Object[]>, Pair<K, R>>(grouped, ElementStep.flatMap(g -> {
            List<V> vs = (List<V>) g.value()[0];
            List<W> ws = (List<W>) g.value()[1];
            List<Pair<K, R>> out = new ArrayList<>();
            K key = g.key();
            switch (kind) {
                case INNER -> {
                    for (V v : vs) {
                        for (W w : ws) {
                            out.add(new Pair<>(key, (R) new Pair<>(v, w)));
                        }
                    }
                }
                case LEFT -> {
                    for (V v : vs) {
                        if (ws.isEmpty()) {
                            out.add(new Pair<>(key, (R) new Pair<>(v, Optional.empty())));
                        }
                        for (W w : ws) {
                            out.add(new Pair<>(key, (R) new Pair<>(v, Optional.ofNullable(w))));
                        }
                    }
                }
                case RIGHT -> {
                    for (W w : ws) {
                        if (vs.isEmpty()) {
                            out.add(new Pair<>(key, (R) new Pair<>(Optional.empty(), w)));
                        }
                        for (V v : vs) {
                            out.add(new Pair<>(key, (R) new Pair<>(Optional.ofNullable(v), w)));
                        }
                    }
                }
                case FULL -> {
                    List<Optional<V>> ov = new ArrayList<>();
                    vs.forEach(v -> ov.add(Optional.ofNullable(v)));
                    List<Optional<W>> ow = new ArrayList<>();
                    ws.forEach(w -> ow.add(Optional.ofNullable(w)));
                    if (ov.isEmpty()) {
                        ov.add(Optional.empty());
                    }
                    if (ow.isEmpty()) {
                        ow.add(Optional.empty());
                    }
                    for (Optional<V> v : ov) {
                        for (Optional<W> w : ow) {
                            out.add(new Pair<>(key, (R) new Pair<>(v, w)));
                        }
                    }
                }
                default -> throw new IllegalStateException();
            }
            return out;
        }), true, "join");
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static <K, V, W> RddNode<Pair<K, Pair<Iterable<V>, Iterable<W>>>> cogroupNode(RddNode<Pair<K, V>> left, RddNode<Pair<K, W>> right) {
        RddNode<Pair<K, Object[]>> grouped = cogroupRaw(left, right);
        return new MapPartitionsNode<Pair<K, Object[]>, Pair<K, Pair<Iterable<V>, Iterable<W>>>>(grouped,
                ElementStep.map(g -> new Pair<>(g.key(), new Pair<>(
                        Collections.unmodifiableList((List<V>) g.value()[0]),
                        Collections.unmodifiableList((List<W>) g.value()[1])))), true, "cogroup");
    }

    static <A, B> Iterable<B> mapIterable(Iterable<A> in, MapFunction<A, B> f) {
        if (in == null) {
            return List.of();
        }
        return () -> Iterators.map(in.iterator(), f);
    }

    static <T> RddNode<T> union(List<RddNode<T>> nodes) {
        if (nodes.isEmpty()) {
            throw new NoSuchElementException("union of no datasets");
        }
        return nodes.size() == 1 ? nodes.get(0) : new UnionNode<>(nodes.get(0).context(), nodes);
    }
}
