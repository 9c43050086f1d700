package dev.sluice.streaming;

import dev.sluice.engine.rdd.ElementStep;
import dev.sluice.engine.rdd.Iterators;
import dev.sluice.engine.rdd.KeyedOps;
import dev.sluice.engine.rdd.MapPartitionsNode;
import dev.sluice.engine.rdd.RddNode;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;

/**
 * An {@link RDD} of key-value {@link Pair}s, with by-key operations, following Spark 4.1.0's
 * {@code JavaPairRDD}; grouped by purpose:
 * <ul>
 *   <li>combining values by key: {@code reduceByKey groupByKey combineByKey aggregateByKey
 *       foldByKey countApproxDistinctByKey};
 *   <li>joining keyed datasets: {@code join leftOuterJoin rightOuterJoin fullOuterJoin cogroup
 *       groupWith subtractByKey};
 *   <li>values and keys: {@code mapValues flatMapValues keys values};
 *   <li>partitioning and order: {@code partitionBy repartitionAndSortWithinPartitions sortByKey
 *       filterByRange}, and samples by key ({@code sampleByKey sampleByKeyExact});
 *   <li>actions: {@code collectAsMap countByKey lookup reduceByKeyLocally}.
 * </ul>
 *
 * <p>By-key operations hash-partition the data by key into the context's parallelism, or into
 * the given number of partitions or {@link Partitioner}, combining on the map side first; input
 * already partitioned that way is combined without a shuffle. Spark's {@code Tuple2},
 * {@code Tuple3} and {@code Tuple4} are {@link Pair}, {@link Triple} and {@link Quadruple} here.
 *
 * <pre>{@code
 * PairRDD<String, Integer> counts = words.mapToPair(w -> Pair.of(w, 1)).reduceByKey(Integer::sum);
 * PairRDD<String, Pair<Integer, String>> joined = counts.join(ssc.parallelizePairs(List.of(Pair.of("a", "x"))));
 * List<Pair<String, Integer>> top = counts.sortByKey(false).take(3);
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

    // ---- combining values by key

    /** Merges the values of each key with {@code f}. */
    public PairRDD<K, V> reduceByKey(ReduceFunction<V> f) {
        return reduceByKey(defaultPartitioner(), f);
    }

    /** Merges the values of each key with {@code f} into {@code numPartitions} partitions. */
    public PairRDD<K, V> reduceByKey(ReduceFunction<V> f, int numPartitions) {
        return new PairRDD<>(KeyedOps.reduceByKey(node, Partitioners.hash(numPartitions), Objects.requireNonNull(f, "f")));
    }

    /** Merges the values of each key with {@code f}, partitioned by {@code partitioner}. */
    public PairRDD<K, V> reduceByKey(Partitioner partitioner, ReduceFunction<V> f) {
        return reduceByKey(Partitioners.toEngine(partitioner), f);
    }

    private PairRDD<K, V> reduceByKey(dev.sluice.engine.rdd.Partitioner p, ReduceFunction<V> f) {
        return new PairRDD<>(KeyedOps.reduceByKey(node, p, Objects.requireNonNull(f, "f")));
    }

    /** Groups the values of each key. */
    public PairRDD<K, Iterable<V>> groupByKey() {
        return groupByKey(defaultPartitioner());
    }

    /** Groups the values of each key into {@code numPartitions} partitions. */
    public PairRDD<K, Iterable<V>> groupByKey(int numPartitions) {
        return groupByKey(Partitioners.hash(numPartitions));
    }

    /** Groups the values of each key, partitioned by {@code partitioner}. */
    public PairRDD<K, Iterable<V>> groupByKey(Partitioner partitioner) {
        return groupByKey(Partitioners.toEngine(partitioner));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private PairRDD<K, Iterable<V>> groupByKey(dev.sluice.engine.rdd.Partitioner p) {
        return new PairRDD<>((RddNode) KeyedOps.groupByKey(node, p));
    }

    /**
     * Combines the values of each key into a {@code C}: {@code createCombiner} makes one from a
     * key's first value in a partition, {@code mergeValue} adds the key's next values, and
     * {@code mergeCombiners} merges the combiners of different partitions.
     */
    public <C> PairRDD<K, C> combineByKey(MapFunction<V, C> createCombiner, Function2<C, V, C> mergeValue,
                                          Function2<C, C, C> mergeCombiners) {
        return new PairRDD<>(PairRddFunctions.combineByKey(node, createCombiner, mergeValue, mergeCombiners,
                defaultPartitioner(), "combineByKey"));
    }

    /** Same as {@link #combineByKey(MapFunction, Function2, Function2)} into {@code numPartitions} partitions. */
    public <C> PairRDD<K, C> combineByKey(MapFunction<V, C> createCombiner, Function2<C, V, C> mergeValue,
                                          Function2<C, C, C> mergeCombiners, int numPartitions) {
        return new PairRDD<>(PairRddFunctions.combineByKey(node, createCombiner, mergeValue, mergeCombiners,
                Partitioners.hash(numPartitions), "combineByKey"));
    }

    /** Same as {@link #combineByKey(MapFunction, Function2, Function2)}, partitioned by {@code partitioner}. */
    public <C> PairRDD<K, C> combineByKey(MapFunction<V, C> createCombiner, Function2<C, V, C> mergeValue,
                                          Function2<C, C, C> mergeCombiners, Partitioner partitioner) {
        return new PairRDD<>(PairRddFunctions.combineByKey(node, createCombiner, mergeValue, mergeCombiners,
                Partitioners.toEngine(partitioner), "combineByKey"));
    }

    /**
     * Folds the values of each key into a copy of {@code zero} with {@code seqOp} (per partition),
     * then merges the partition results with {@code combOp}.
     */
    public <U> PairRDD<K, U> aggregateByKey(U zero, Function2<U, V, U> seqOp, Function2<U, U, U> combOp) {
        return new PairRDD<>(PairRddFunctions.aggregateByKey(node, zero, seqOp, combOp, defaultPartitioner(), "aggregateByKey"));
    }

    /** Same as {@link #aggregateByKey(Object, Function2, Function2)} into {@code numPartitions} partitions. */
    public <U> PairRDD<K, U> aggregateByKey(U zero, int numPartitions, Function2<U, V, U> seqOp, Function2<U, U, U> combOp) {
        return new PairRDD<>(PairRddFunctions.aggregateByKey(node, zero, seqOp, combOp, Partitioners.hash(numPartitions),
                "aggregateByKey"));
    }

    /** Same as {@link #aggregateByKey(Object, Function2, Function2)}, partitioned by {@code partitioner}. */
    public <U> PairRDD<K, U> aggregateByKey(U zero, Partitioner partitioner, Function2<U, V, U> seqOp, Function2<U, U, U> combOp) {
        return new PairRDD<>(PairRddFunctions.aggregateByKey(node, zero, seqOp, combOp, Partitioners.toEngine(partitioner),
                "aggregateByKey"));
    }

    /** Folds the values of each key with {@code f}, starting from a copy of {@code zero} per key and partition. */
    public PairRDD<K, V> foldByKey(V zero, ReduceFunction<V> f) {
        Objects.requireNonNull(f, "f");
        return new PairRDD<>(PairRddFunctions.aggregateByKey(node, zero, f::call, f::call, defaultPartitioner(), "foldByKey"));
    }

    /** Same as {@link #foldByKey(Object, ReduceFunction)} into {@code numPartitions} partitions. */
    public PairRDD<K, V> foldByKey(V zero, int numPartitions, ReduceFunction<V> f) {
        Objects.requireNonNull(f, "f");
        return new PairRDD<>(PairRddFunctions.aggregateByKey(node, zero, f::call, f::call, Partitioners.hash(numPartitions),
                "foldByKey"));
    }

    /** Same as {@link #foldByKey(Object, ReduceFunction)}, partitioned by {@code partitioner}. */
    public PairRDD<K, V> foldByKey(V zero, Partitioner partitioner, ReduceFunction<V> f) {
        Objects.requireNonNull(f, "f");
        return new PairRDD<>(PairRddFunctions.aggregateByKey(node, zero, f::call, f::call, Partitioners.toEngine(partitioner),
                "foldByKey"));
    }

    /** Returns the number of distinct values of each key; see {@link RDD#countApproxDistinct}. */
    public PairRDD<K, Long> countApproxDistinctByKey(double relativeSD) {
        return new PairRDD<>(PairRddFunctions.countApproxDistinctByKey(node, relativeSD, defaultPartitioner()));
    }

    /** Same as {@link #countApproxDistinctByKey(double)} into {@code numPartitions} partitions. */
    public PairRDD<K, Long> countApproxDistinctByKey(double relativeSD, int numPartitions) {
        return new PairRDD<>(PairRddFunctions.countApproxDistinctByKey(node, relativeSD, Partitioners.hash(numPartitions)));
    }

    /** Same as {@link #countApproxDistinctByKey(double)}, partitioned by {@code partitioner}. */
    public PairRDD<K, Long> countApproxDistinctByKey(double relativeSD, Partitioner partitioner) {
        return new PairRDD<>(PairRddFunctions.countApproxDistinctByKey(node, relativeSD, Partitioners.toEngine(partitioner)));
    }

    // ---- joining keyed datasets

    /** Returns, for each key in both, every pair of its values. */
    public <W> PairRDD<K, Pair<V, W>> join(PairRDD<K, W> other) {
        return join(other, PairJoins.JoinKind.INNER, null);
    }

    /** Same as {@link #join(PairRDD)} into {@code numPartitions} partitions. */
    public <W> PairRDD<K, Pair<V, W>> join(PairRDD<K, W> other, int numPartitions) {
        return join(other, PairJoins.JoinKind.INNER, Partitioners.hash(numPartitions));
    }

    /** Same as {@link #join(PairRDD)}, partitioned by {@code partitioner}. */
    public <W> PairRDD<K, Pair<V, W>> join(PairRDD<K, W> other, Partitioner partitioner) {
        return join(other, PairJoins.JoinKind.INNER, Partitioners.toEngine(partitioner));
    }

    /** Returns every key of this dataset with its values paired with {@code other}'s, or empty. */
    public <W> PairRDD<K, Pair<V, Optional<W>>> leftOuterJoin(PairRDD<K, W> other) {
        return join(other, PairJoins.JoinKind.LEFT, null);
    }

    /** Same as {@link #leftOuterJoin(PairRDD)} into {@code numPartitions} partitions. */
    public <W> PairRDD<K, Pair<V, Optional<W>>> leftOuterJoin(PairRDD<K, W> other, int numPartitions) {
        return join(other, PairJoins.JoinKind.LEFT, Partitioners.hash(numPartitions));
    }

    /** Same as {@link #leftOuterJoin(PairRDD)}, partitioned by {@code partitioner}. */
    public <W> PairRDD<K, Pair<V, Optional<W>>> leftOuterJoin(PairRDD<K, W> other, Partitioner partitioner) {
        return join(other, PairJoins.JoinKind.LEFT, Partitioners.toEngine(partitioner));
    }

    /** Returns every key of {@code other} with its values paired with this dataset's, or empty. */
    public <W> PairRDD<K, Pair<Optional<V>, W>> rightOuterJoin(PairRDD<K, W> other) {
        return join(other, PairJoins.JoinKind.RIGHT, null);
    }

    /** Same as {@link #rightOuterJoin(PairRDD)} into {@code numPartitions} partitions. */
    public <W> PairRDD<K, Pair<Optional<V>, W>> rightOuterJoin(PairRDD<K, W> other, int numPartitions) {
        return join(other, PairJoins.JoinKind.RIGHT, Partitioners.hash(numPartitions));
    }

    /** Same as {@link #rightOuterJoin(PairRDD)}, partitioned by {@code partitioner}. */
    public <W> PairRDD<K, Pair<Optional<V>, W>> rightOuterJoin(PairRDD<K, W> other, Partitioner partitioner) {
        return join(other, PairJoins.JoinKind.RIGHT, Partitioners.toEngine(partitioner));
    }

    /** Returns every key of either dataset with its values from each side, or empty. */
    public <W> PairRDD<K, Pair<Optional<V>, Optional<W>>> fullOuterJoin(PairRDD<K, W> other) {
        return join(other, PairJoins.JoinKind.FULL, null);
    }

    /** Same as {@link #fullOuterJoin(PairRDD)} into {@code numPartitions} partitions. */
    public <W> PairRDD<K, Pair<Optional<V>, Optional<W>>> fullOuterJoin(PairRDD<K, W> other, int numPartitions) {
        return join(other, PairJoins.JoinKind.FULL, Partitioners.hash(numPartitions));
    }

    /** Same as {@link #fullOuterJoin(PairRDD)}, partitioned by {@code partitioner}. */
    public <W> PairRDD<K, Pair<Optional<V>, Optional<W>>> fullOuterJoin(PairRDD<K, W> other, Partitioner partitioner) {
        return join(other, PairJoins.JoinKind.FULL, Partitioners.toEngine(partitioner));
    }

    private <W, R> PairRDD<K, R> join(PairRDD<K, W> other, PairJoins.JoinKind kind, dev.sluice.engine.rdd.Partitioner p) {
        Objects.requireNonNull(other, "other");
        return new PairRDD<>(PairJoins.join(node, other.node, kind, p != null ? p : PairJoins.defaultPartitioner(List.of(node, other.node))));
    }

    /** Returns every key of either dataset once, with all its values from each side. */
    public <W> PairRDD<K, Pair<Iterable<V>, Iterable<W>>> cogroup(PairRDD<K, W> other) {
        return new PairRDD<>(PairJoins.cogroup(node, other.node, PairJoins.defaultPartitioner(List.of(node, other.node))));
    }

    /** Same as {@link #cogroup(PairRDD)} into {@code numPartitions} partitions. */
    public <W> PairRDD<K, Pair<Iterable<V>, Iterable<W>>> cogroup(PairRDD<K, W> other, int numPartitions) {
        return new PairRDD<>(PairJoins.cogroup(node, other.node, Partitioners.hash(numPartitions)));
    }

    /** Same as {@link #cogroup(PairRDD)}, partitioned by {@code partitioner}. */
    public <W> PairRDD<K, Pair<Iterable<V>, Iterable<W>>> cogroup(PairRDD<K, W> other, Partitioner partitioner) {
        return new PairRDD<>(PairJoins.cogroup(node, other.node, Partitioners.toEngine(partitioner)));
    }

    /** Returns every key of any of three datasets once, with all its values from each. */
    public <W1, W2> PairRDD<K, Triple<Iterable<V>, Iterable<W1>, Iterable<W2>>> cogroup(PairRDD<K, W1> other1, PairRDD<K, W2> other2) {
        return new PairRDD<>(PairJoins.cogroup(node, other1.node, other2.node,
                PairJoins.defaultPartitioner(List.of(node, other1.node, other2.node))));
    }

    /** Same as {@link #cogroup(PairRDD, PairRDD)} into {@code numPartitions} partitions. */
    public <W1, W2> PairRDD<K, Triple<Iterable<V>, Iterable<W1>, Iterable<W2>>> cogroup(PairRDD<K, W1> other1, PairRDD<K, W2> other2,
                                                                                        int numPartitions) {
        return new PairRDD<>(PairJoins.cogroup(node, other1.node, other2.node, Partitioners.hash(numPartitions)));
    }

    /** Same as {@link #cogroup(PairRDD, PairRDD)}, partitioned by {@code partitioner}. */
    public <W1, W2> PairRDD<K, Triple<Iterable<V>, Iterable<W1>, Iterable<W2>>> cogroup(PairRDD<K, W1> other1, PairRDD<K, W2> other2,
                                                                                        Partitioner partitioner) {
        return new PairRDD<>(PairJoins.cogroup(node, other1.node, other2.node, Partitioners.toEngine(partitioner)));
    }

    /** Returns every key of any of four datasets once, with all its values from each. */
    public <W1, W2, W3> PairRDD<K, Quadruple<Iterable<V>, Iterable<W1>, Iterable<W2>, Iterable<W3>>> cogroup(
            PairRDD<K, W1> other1, PairRDD<K, W2> other2, PairRDD<K, W3> other3) {
        return new PairRDD<>(PairJoins.cogroup(node, other1.node, other2.node, other3.node,
                PairJoins.defaultPartitioner(List.of(node, other1.node, other2.node, other3.node))));
    }

    /** Same as {@link #cogroup(PairRDD, PairRDD, PairRDD)} into {@code numPartitions} partitions. */
    public <W1, W2, W3> PairRDD<K, Quadruple<Iterable<V>, Iterable<W1>, Iterable<W2>, Iterable<W3>>> cogroup(
            PairRDD<K, W1> other1, PairRDD<K, W2> other2, PairRDD<K, W3> other3, int numPartitions) {
        return new PairRDD<>(PairJoins.cogroup(node, other1.node, other2.node, other3.node, Partitioners.hash(numPartitions)));
    }

    /** Same as {@link #cogroup(PairRDD, PairRDD, PairRDD)}, partitioned by {@code partitioner}. */
    public <W1, W2, W3> PairRDD<K, Quadruple<Iterable<V>, Iterable<W1>, Iterable<W2>, Iterable<W3>>> cogroup(
            PairRDD<K, W1> other1, PairRDD<K, W2> other2, PairRDD<K, W3> other3, Partitioner partitioner) {
        return new PairRDD<>(PairJoins.cogroup(node, other1.node, other2.node, other3.node, Partitioners.toEngine(partitioner)));
    }

    /** Same as {@link #cogroup(PairRDD)}. */
    public <W> PairRDD<K, Pair<Iterable<V>, Iterable<W>>> groupWith(PairRDD<K, W> other) {
        return cogroup(other);
    }

    /** Same as {@link #cogroup(PairRDD, PairRDD)}. */
    public <W1, W2> PairRDD<K, Triple<Iterable<V>, Iterable<W1>, Iterable<W2>>> groupWith(PairRDD<K, W1> other1, PairRDD<K, W2> other2) {
        return cogroup(other1, other2);
    }

    /** Same as {@link #cogroup(PairRDD, PairRDD, PairRDD)}. */
    public <W1, W2, W3> PairRDD<K, Quadruple<Iterable<V>, Iterable<W1>, Iterable<W2>, Iterable<W3>>> groupWith(
            PairRDD<K, W1> other1, PairRDD<K, W2> other2, PairRDD<K, W3> other3) {
        return cogroup(other1, other2, other3);
    }

    /** Returns the pairs whose key is not in {@code other}, partitioned like this dataset. */
    public <W> PairRDD<K, V> subtractByKey(PairRDD<K, W> other) {
        return new PairRDD<>(RddTransforms.subtractByKey(node, other.node, ownPartitioner()));
    }

    /** Same as {@link #subtractByKey(PairRDD)} into {@code numPartitions} partitions. */
    public <W> PairRDD<K, V> subtractByKey(PairRDD<K, W> other, int numPartitions) {
        return new PairRDD<>(RddTransforms.subtractByKey(node, other.node, Partitioners.hash(numPartitions)));
    }

    /** Same as {@link #subtractByKey(PairRDD)}, partitioned by {@code partitioner}. */
    public <W> PairRDD<K, V> subtractByKey(PairRDD<K, W> other, Partitioner partitioner) {
        return new PairRDD<>(RddTransforms.subtractByKey(node, other.node, Partitioners.toEngine(partitioner)));
    }

    // ---- values and keys

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

    // ---- partitioning and order

    /** Moves each pair to the partition {@code partitioner} gives its key; returns this if already partitioned so. */
    public PairRDD<K, V> partitionBy(Partitioner partitioner) {
        return PairRDD.of(RDD.of(PairRddFunctions.partitionBy(node, Partitioners.toEngine(partitioner))));
    }

    /** Partitions by {@code partitioner} and sorts each partition by key, in natural order, in one step. */
    public PairRDD<K, V> repartitionAndSortWithinPartitions(Partitioner partitioner) {
        return repartitionAndSortWithinPartitions(partitioner, natural());
    }

    /** Partitions by {@code partitioner} and sorts each partition by key with {@code comp}. */
    public PairRDD<K, V> repartitionAndSortWithinPartitions(Partitioner partitioner, Comparator<K> comp) {
        return new PairRDD<>(PairRddFunctions.repartitionAndSortWithinPartitions(node, Partitioners.toEngine(partitioner), comp));
    }

    /** Returns the pairs sorted by key in natural order, ascending, in ordered partitions (as many as now). */
    public PairRDD<K, V> sortByKey() {
        return sortByKey(true);
    }

    /** Returns the pairs sorted by key in natural order (nulls first), in ordered partitions (as many as now). */
    public PairRDD<K, V> sortByKey(boolean ascending) {
        return sortByKey(ascending, Math.max(1, getNumPartitions()));
    }

    /** Returns the pairs sorted by key in natural order, in {@code numPartitions} ordered partitions. */
    public PairRDD<K, V> sortByKey(boolean ascending, int numPartitions) {
        return sortByKey(Comparator.nullsFirst(RDD.<K>natural()), ascending, numPartitions);
    }

    /** Returns the pairs sorted by key with {@code comp}, ascending. */
    public PairRDD<K, V> sortByKey(Comparator<K> comp) {
        return sortByKey(comp, true);
    }

    /** Returns the pairs sorted by key with {@code comp}. */
    public PairRDD<K, V> sortByKey(Comparator<K> comp, boolean ascending) {
        return sortByKey(comp, ascending, Math.max(1, getNumPartitions()));
    }

    /** Returns the pairs sorted by key with {@code comp} into {@code numPartitions} ordered partitions. */
    public PairRDD<K, V> sortByKey(Comparator<K> comp, boolean ascending, int numPartitions) {
        return new PairRDD<>(PairRddFunctions.sortByKey(node, comp, ascending, numPartitions));
    }

    /** Returns the pairs whose key is between {@code lower} and {@code upper}, both included, in natural order. */
    public PairRDD<K, V> filterByRange(K lower, K upper) {
        return filterByRange(natural(), lower, upper);
    }

    /** Returns the pairs whose key is between {@code lower} and {@code upper} by {@code comp}, both included. */
    public PairRDD<K, V> filterByRange(Comparator<K> comp, K lower, K upper) {
        return new PairRDD<>(PairRddFunctions.filterByRange(node, comp, lower, upper));
    }

    /** Samples each pair with its key's probability in {@code fractions} (every key needs one); see {@link RDD#sample}. */
    public PairRDD<K, V> sampleByKey(boolean withReplacement, Map<K, Double> fractions) {
        return sampleByKey(withReplacement, fractions, new Random().nextLong());
    }

    /** Same as {@link #sampleByKey(boolean, Map)}, the same every time for the same seed. */
    public PairRDD<K, V> sampleByKey(boolean withReplacement, Map<K, Double> fractions, long seed) {
        return new PairRDD<>(RddSampling.sampleByKey(node, withReplacement, fractions, seed));
    }

    /** Returns exactly {@code ceil(n * fraction)} of the n pairs of each key; counting them runs a job now. */
    public PairRDD<K, V> sampleByKeyExact(boolean withReplacement, Map<K, Double> fractions) {
        return sampleByKeyExact(withReplacement, fractions, new Random().nextLong());
    }

    /** Same as {@link #sampleByKeyExact(boolean, Map)}, the same every time for the same seed. */
    public PairRDD<K, V> sampleByKeyExact(boolean withReplacement, Map<K, Double> fractions, long seed) {
        return new PairRDD<>(RddSampling.sampleByKeyExact(node, withReplacement, fractions, seed));
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

    /** Returns the values of {@code key}; a dataset partitioned by key reads only that key's partition. */
    public List<V> lookup(K key) {
        return PairRddFunctions.lookup(node, key);
    }

    /** Merges the values of each key with {@code f} and returns the result as a map, without a shuffle. */
    public Map<K, V> reduceByKeyLocally(ReduceFunction<V> f) {
        return PairRddFunctions.reduceByKeyLocally(node, f);
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
    public PairRDD<K, V> distinct() {
        return PairRDD.of(super.distinct());
    }

    @Override
    public PairRDD<K, V> distinct(int numPartitions) {
        return PairRDD.of(super.distinct(numPartitions));
    }

    @Override
    public PairRDD<K, V> repartition(int numPartitions) {
        return new PairRDD<>(repartitionNode(numPartitions));
    }

    @Override
    public PairRDD<K, V> coalesce(int numPartitions) {
        return coalesce(numPartitions, false);
    }

    @Override
    public PairRDD<K, V> coalesce(int numPartitions, boolean shuffle) {
        return new PairRDD<>(coalesceNode(numPartitions, shuffle));
    }

    @Override
    public PairRDD<K, V> sample(boolean withReplacement, double fraction) {
        return PairRDD.of(super.sample(withReplacement, fraction));
    }

    @Override
    public PairRDD<K, V> sample(boolean withReplacement, double fraction, long seed) {
        return PairRDD.of(super.sample(withReplacement, fraction, seed));
    }

    /** Returns the pairs that are also in {@code other}, each once. */
    public PairRDD<K, V> intersection(PairRDD<K, V> other) {
        return PairRDD.of(super.intersection(other));
    }

    /** Returns the pairs not in {@code other}, duplicates kept. */
    public PairRDD<K, V> subtract(PairRDD<K, V> other) {
        return PairRDD.of(super.subtract(other));
    }

    /** Returns the pairs not in {@code other}, duplicates kept, in {@code numPartitions} partitions. */
    public PairRDD<K, V> subtract(PairRDD<K, V> other, int numPartitions) {
        return PairRDD.of(super.subtract(other, numPartitions));
    }

    /** Returns the pairs not in {@code other}, duplicates kept, partitioned by {@code partitioner}. */
    public PairRDD<K, V> subtract(PairRDD<K, V> other, Partitioner partitioner) {
        return PairRDD.of(super.subtract(other, partitioner));
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

    @Override
    public PairRDD<K, V> unpersist() {
        super.unpersist();
        return this;
    }

    @Override
    public PairRDD<K, V> unpersist(boolean blocking) {
        return unpersist();
    }

    @Override
    public PairRDD<K, V> setName(String name) {
        super.setName(name);
        return this;
    }

    // ---- helpers

    private dev.sluice.engine.rdd.Partitioner defaultPartitioner() {
        return KeyedOps.defaultPartitioner(node.context(), List.of(node));
    }

    private dev.sluice.engine.rdd.Partitioner ownPartitioner() {
        dev.sluice.engine.rdd.Partitioner p = node.partitioner();
        return p != null ? p : Partitioners.hash(Math.max(1, getNumPartitions()));
    }

    static <A, B> Iterable<B> mapIterable(Iterable<A> in, MapFunction<A, B> f) {
        if (in == null) {
            return List.of();
        }
        return () -> Iterators.map(in.iterator(), f);
    }
}
