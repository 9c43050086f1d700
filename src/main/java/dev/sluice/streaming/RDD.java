package dev.sluice.streaming;

import dev.sluice.engine.rdd.CoalescedNode;
import dev.sluice.engine.rdd.XorShiftRandom;
import dev.sluice.engine.rdd.ElementStep;
import dev.sluice.engine.rdd.HashPartitioner;
import dev.sluice.engine.rdd.KeyedOps;
import dev.sluice.engine.rdd.MapPartitionsNode;
import dev.sluice.engine.rdd.RddNode;
import dev.sluice.engine.rdd.RecordShuffle;
import dev.sluice.engine.rdd.ShuffledNode;
import dev.sluice.engine.rdd.SortedNode;
import dev.sluice.engine.rdd.UnionNode;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * An immutable, partitioned dataset with lineage: the data of one batch of a {@link DStream}, or a
 * static dataset made with {@link StreamingContext#parallelize} or {@link StreamingContext#textFile}.
 *
 * <p>Transformations ({@code map}, {@code filter}, ...) are lazy and return new RDDs; actions
 * ({@code collect}, {@code count}, ...) run tasks, one per partition, on the context's workers. A
 * task that fails is retried by recomputing its partition from lineage; an action whose task still
 * fails throws {@link JobFailedException} with the user's exception as its cause.
 *
 * <p>The methods follow Spark 4.1.0's {@code JavaRDD}, grouped by purpose:
 * <ul>
 *   <li>element-wise: {@code map flatMap filter mapToPair flatMapToPair keyBy mapToDouble};
 *   <li>per partition: {@code mapPartitions mapPartitionsWithIndex mapPartitionsToPair glom};
 *   <li>shape: {@code union distinct sortBy repartition coalesce zip zipWithIndex zipWithUniqueId
 *       zipPartitions cartesian intersection subtract groupBy};
 *   <li>samples: {@code sample randomSplit takeSample};
 *   <li>actions: {@code collect count take first isEmpty reduce fold aggregate treeReduce
 *       treeAggregate top takeOrdered max min countByValue countApproxDistinct foreach
 *       foreachPartition toLocalIterator collectPartitions};
 *   <li>files and processes: {@code saveAsTextFile saveAsObjectFile pipe};
 *   <li>about the dataset: {@code id name setName getNumPartitions partitions partitioner context
 *       toDebugString cache persist unpersist}.
 * </ul>
 *
 * <pre>{@code
 * RDD<String> words = ssc.parallelize(List.of("a b", "b c")).flatMap(l -> List.of(l.split(" ")));
 * long n = words.distinct().count();   // 3
 * List<String> firstTwo = words.takeOrdered(2);   // [a, b]
 * }</pre>
 */
public class RDD<T> extends RDDLike<T> {

    RDD(RddNode<T> node) {
        super(node);
    }

    // ---- transformations

    /** Returns the result of {@code f} on each element. */
    public <R> RDD<R> map(MapFunction<T, R> f) {
        Objects.requireNonNull(f, "f");
        return new RDD<>(new MapPartitionsNode<T, R>(node, ElementStep.map(f), false, "map"));
    }

    /** Returns the elements of {@code f}'s results, in order. */
    public <R> RDD<R> flatMap(FlatMapFunction<T, R> f) {
        Objects.requireNonNull(f, "f");
        return new RDD<>(new MapPartitionsNode<T, R>(node, ElementStep.flatMap(f), false, "flatMap"));
    }

    /** Returns the elements for which {@code f} is true. */
    public RDD<T> filter(FilterFunction<T> f) {
        return new RDD<>(filterNode(f));
    }

    RddNode<T> filterNode(FilterFunction<T> f) {
        Objects.requireNonNull(f, "f");
        return new MapPartitionsNode<>(node, ElementStep.filter(f), true, "filter");
    }

    /** Returns {@code f} applied to each whole partition. */
    public <R> RDD<R> mapPartitions(PartitionFunction<T, R> f) {
        Objects.requireNonNull(f, "f");
        return new RDD<>(new MapPartitionsNode<T, R>(node, (s, it) -> f.call(it), false, "mapPartitions"));
    }

    /** Returns a keyed dataset of {@code f}'s pairs. */
    public <K, V> PairRDD<K, V> mapToPair(PairFunction<T, K, V> f) {
        Objects.requireNonNull(f, "f");
        return new PairRDD<>(new MapPartitionsNode<T, Pair<K, V>>(node, ElementStep.map(f::call), false, "mapToPair"));
    }

    /** Returns the pairs of {@code f}'s results, in order: {@code flatMap} to a keyed dataset. */
    public <K, V> PairRDD<K, V> flatMapToPair(FlatMapFunction<T, Pair<K, V>> f) {
        Objects.requireNonNull(f, "f");
        return new PairRDD<>(new MapPartitionsNode<T, Pair<K, V>>(node, ElementStep.flatMap(f), false, "flatMapToPair"));
    }

    /** Returns each element keyed by {@code f}: {@code (f(x), x)}. */
    public <K> PairRDD<K, T> keyBy(MapFunction<T, K> f) {
        Objects.requireNonNull(f, "f");
        return new PairRDD<>(new MapPartitionsNode<T, Pair<K, T>>(node, ElementStep.map(x -> new Pair<>(f.call(x), x)), false, "keyBy"));
    }

    /** Returns {@code f} of each element as a {@link DoubleRDD} (sum, mean, stdev, ...). */
    public DoubleRDD mapToDouble(DoubleFunction<T> f) {
        Objects.requireNonNull(f, "f");
        return new DoubleRDD(new MapPartitionsNode<T, Double>(node, ElementStep.map(x -> f.call(x)), false, "mapToDouble"));
    }

    /** Returns the numbers of {@code f}'s results, in order, as a {@link DoubleRDD}. */
    public DoubleRDD flatMapToDouble(FlatMapFunction<T, Double> f) {
        Objects.requireNonNull(f, "f");
        return new DoubleRDD(new MapPartitionsNode<T, Double>(node, ElementStep.flatMap(f), false, "flatMapToDouble"));
    }

    // ---- per-partition transformations

    /**
     * Returns {@code f} applied to each whole partition; {@code preservesPartitioning} says that
     * {@code f} keeps each pair's key, so a keyed dataset stays partitioned by key.
     */
    public <R> RDD<R> mapPartitions(PartitionFunction<T, R> f, boolean preservesPartitioning) {
        Objects.requireNonNull(f, "f");
        return new RDD<>(new MapPartitionsNode<T, R>(node, (s, it) -> f.call(it), preservesPartitioning, "mapPartitions"));
    }

    /** Returns {@code f(index, partition)} for each partition, as in {@code (i, it) -> ...}. */
    public <R> RDD<R> mapPartitionsWithIndex(Function2<Integer, Iterator<T>, Iterator<R>> f) {
        return mapPartitionsWithIndex(f, false);
    }

    /** Returns {@code f(index, partition)} for each partition; see {@link #mapPartitions(PartitionFunction, boolean)}. */
    public <R> RDD<R> mapPartitionsWithIndex(Function2<Integer, Iterator<T>, Iterator<R>> f, boolean preservesPartitioning) {
        Objects.requireNonNull(f, "f");
        return new RDD<>(new MapPartitionsNode<T, R>(node, f::call, preservesPartitioning, "mapPartitionsWithIndex"));
    }

    /** Returns the pairs {@code f} makes of each whole partition. */
    public <K, V> PairRDD<K, V> mapPartitionsToPair(PartitionFunction<T, Pair<K, V>> f) {
        return mapPartitionsToPair(f, false);
    }

    /** Returns the pairs {@code f} makes of each whole partition; see {@link #mapPartitions(PartitionFunction, boolean)}. */
    public <K, V> PairRDD<K, V> mapPartitionsToPair(PartitionFunction<T, Pair<K, V>> f, boolean preservesPartitioning) {
        Objects.requireNonNull(f, "f");
        return new PairRDD<>(new MapPartitionsNode<T, Pair<K, V>>(node, (s, it) -> f.call(it), preservesPartitioning,
                "mapPartitionsToPair"));
    }

    /** Returns the numbers {@code f} makes of each whole partition, as a {@link DoubleRDD}. */
    public DoubleRDD mapPartitionsToDouble(PartitionFunction<T, Double> f) {
        return mapPartitionsToDouble(f, false);
    }

    /** Returns the numbers {@code f} makes of each whole partition, as a {@link DoubleRDD}. */
    public DoubleRDD mapPartitionsToDouble(PartitionFunction<T, Double> f, boolean preservesPartitioning) {
        Objects.requireNonNull(f, "f");
        return new DoubleRDD(new MapPartitionsNode<T, Double>(node, (s, it) -> f.call(it), preservesPartitioning,
                "mapPartitionsToDouble"));
    }

    /** Returns one list per partition, holding that partition's elements. */
    public RDD<List<T>> glom() {
        return new RDD<>(RddTransforms.glom(node));
    }

    // ---- set and shape transformations

    /** Returns the elements of this dataset followed by those of {@code other} (duplicates kept). */
    public RDD<T> union(RDD<T> other) {
        return new RDD<>(unionNode(other));
    }

    RddNode<T> unionNode(RDD<T> other) {
        Objects.requireNonNull(other, "other");
        return new UnionNode<>(node.context(), List.of(node, other.node));
    }

    /** Returns each distinct element once. */
    public RDD<T> distinct() {
        return distinct(node.context().defaultParallelism());
    }

    /** Returns each distinct element once, in {@code numPartitions} partitions. */
    public RDD<T> distinct(int numPartitions) {
        RddNode<Pair<T, Boolean>> keyed = new MapPartitionsNode<>(node, ElementStep.map(x -> new Pair<>(x, Boolean.TRUE)), false, "distinct");
        RddNode<Pair<T, Boolean>> reduced = KeyedOps.reduceByKey(keyed, new HashPartitioner(numPartitions), (a, b) -> a);
        return new RDD<>(new MapPartitionsNode<>(reduced, ElementStep.map(Pair::key), false, "distinct"));
    }

    /** Returns the elements sorted by {@code key}, ascending, keeping the partition count. */
    public <S extends Comparable<? super S>> RDD<T> sortBy(MapFunction<T, S> key) {
        return sortBy(key, true);
    }

    /** Returns the elements sorted by {@code key} (ascending or descending), keeping the partition count. */
    public <S extends Comparable<? super S>> RDD<T> sortBy(MapFunction<T, S> key, boolean ascending) {
        return sortBy(key, ascending, Math.max(1, node.numPartitions()));
    }

    /** Returns the elements sorted by {@code key} into {@code numPartitions} ordered partitions. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public <S extends Comparable<? super S>> RDD<T> sortBy(MapFunction<T, S> key, boolean ascending, int numPartitions) {
        Objects.requireNonNull(key, "key");
        Comparator<Object> natural = (Comparator<Object> & java.io.Serializable) (a, b) -> ((Comparable) a).compareTo(b);
        Comparator<Object> order = ascending ? Comparator.nullsFirst(natural) : Comparator.nullsFirst(natural).reversed();
        return new RDD<>(new SortedNode<>(node, key::call, order, numPartitions));
    }

    /**
     * Returns the same elements spread evenly over {@code numPartitions} partitions, as Spark: each
     * partition deals its elements round-robin, starting after a position drawn from a generator
     * seeded with the partition's index, so the result's partitions hold the elements Spark's do.
     */
    public RDD<T> repartition(int numPartitions) {
        return new RDD<>(repartitionNode(numPartitions));
    }

    RddNode<T> repartitionNode(int numPartitions) {
        if (numPartitions < 1) {
            throw new IllegalArgumentException("number of partitions must be at least 1, got " + numPartitions);
        }
        int[] starts = new int[node.numPartitions()];
        for (int i = 0; i < starts.length; i++) {
            starts[i] = new XorShiftRandom(i).nextInt(numPartitions);
        }
        RecordShuffle<T> shuffle = new RecordShuffle<>(node, numPartitions,
                (record, split, index) -> (int) Math.floorMod(starts[split] + 1 + index, (long) numPartitions), null);
        return ShuffledNode.records(node.context(), shuffle, "repartition");
    }

    /**
     * Returns the same elements in {@code numPartitions} partitions, without a shuffle: adjacent
     * partitions are merged in order. Asking for more partitions than there are keeps the count.
     */
    public RDD<T> coalesce(int numPartitions) {
        return coalesce(numPartitions, false);
    }

    /** Returns the same elements in {@code numPartitions} partitions; with {@code shuffle}, as {@link #repartition}. */
    public RDD<T> coalesce(int numPartitions, boolean shuffle) {
        return new RDD<>(coalesceNode(numPartitions, shuffle));
    }

    RddNode<T> coalesceNode(int numPartitions, boolean shuffle) {
        return shuffle ? repartitionNode(numPartitions) : new CoalescedNode<>(node, numPartitions);
    }

    /**
     * Pairs the i-th element of each partition with the i-th of {@code other}'s partition of the
     * same index; both must have the same number of partitions and of elements per partition (as
     * when one is a {@code map} of the other).
     */
    public <U> PairRDD<T, U> zip(RDD<U> other) {
        return new PairRDD<>(RddTransforms.zip(node, Objects.requireNonNull(other, "other").node));
    }

    /** Returns {@code f} of the partitions of the same index of this dataset and {@code other} (same partition count). */
    public <U, R> RDD<R> zipPartitions(RDD<U> other, ZipPartitionsFunction<T, U, R> f) {
        Objects.requireNonNull(f, "f");
        return new RDD<>(RddTransforms.zipPartitions(node, Objects.requireNonNull(other, "other").node, f));
    }

    /**
     * Pairs each element with its position: 0, 1, 2, ... in partition order. Counting the elements
     * of every partition but the last runs a job when this is called.
     */
    public PairRDD<T, Long> zipWithIndex() {
        return new PairRDD<>(RddTransforms.zipWithIndex(node));
    }

    /** Pairs the k-th element of partition i with the id {@code k * getNumPartitions() + i}: unique, not consecutive, no job. */
    public PairRDD<T, Long> zipWithUniqueId() {
        return new PairRDD<>(RddTransforms.zipWithUniqueId(node));
    }

    /** Returns every pair {@code (a, b)} of an element of this dataset and one of {@code other}. */
    public <U> PairRDD<T, U> cartesian(RDD<U> other) {
        return new PairRDD<>(RddTransforms.cartesian(node, Objects.requireNonNull(other, "other").node));
    }

    /** Returns the elements that are also in {@code other}, each once. */
    public RDD<T> intersection(RDD<T> other) {
        return new RDD<>(RddTransforms.intersection(node, Objects.requireNonNull(other, "other").node));
    }

    /** Returns the elements not in {@code other}, duplicates kept, partitioned like this dataset. */
    public RDD<T> subtract(RDD<T> other) {
        return new RDD<>(subtractNode(other, Partitioners.of(node).map(Partitioners::toEngine)
                .orElse(Partitioners.hash(Math.max(1, getNumPartitions())))));
    }

    /** Returns the elements not in {@code other}, duplicates kept, in {@code numPartitions} partitions. */
    public RDD<T> subtract(RDD<T> other, int numPartitions) {
        return new RDD<>(subtractNode(other, Partitioners.hash(numPartitions)));
    }

    /** Returns the elements not in {@code other}, duplicates kept, partitioned by {@code partitioner}. */
    public RDD<T> subtract(RDD<T> other, Partitioner partitioner) {
        return new RDD<>(subtractNode(other, Partitioners.toEngine(partitioner)));
    }

    RddNode<T> subtractNode(RDD<T> other, dev.sluice.engine.rdd.Partitioner p) {
        return RddTransforms.subtract(node, Objects.requireNonNull(other, "other").node, p);
    }

    /** Groups the elements by {@code f}: each key once, with the elements that map to it. */
    public <K> PairRDD<K, Iterable<T>> groupBy(MapFunction<T, K> f) {
        return keyBy(f).groupByKey();
    }

    /** Groups the elements by {@code f} into {@code numPartitions} partitions. */
    public <K> PairRDD<K, Iterable<T>> groupBy(MapFunction<T, K> f, int numPartitions) {
        return keyBy(f).groupByKey(numPartitions);
    }

    // ---- random samples

    /**
     * Returns a random sample: without replacement each element is kept with probability
     * {@code fraction} (0 to 1); with replacement it appears a Poisson({@code fraction}) number of
     * times. The size is not exact; see {@link #takeSample} for an exact one. With a seed, the
     * elements kept are Spark's for the same seed and partitions (with replacement, only up to a
     * fraction of 0.4).
     */
    public RDD<T> sample(boolean withReplacement, double fraction) {
        return sample(withReplacement, fraction, new Random().nextLong());
    }

    /** Returns a random sample as {@link #sample(boolean, double)}, the same every time for the same seed. */
    public RDD<T> sample(boolean withReplacement, double fraction, long seed) {
        return new RDD<>(RddSampling.sample(node, withReplacement, fraction, seed));
    }

    /**
     * Splits the elements at random by {@code weights} (normalized to sum to 1): every element goes
     * to exactly one split. The splits are computed from this dataset independently; cache it first
     * if computing it twice would give other elements. With a seed, the splits are Spark's for the
     * same seed and partitions.
     */
    public RDD<T>[] randomSplit(double[] weights) {
        return randomSplit(weights, new Random().nextLong());
    }

    /** Splits as {@link #randomSplit(double[])}, the same every time for the same seed. */
    @SuppressWarnings("unchecked")
    public RDD<T>[] randomSplit(double[] weights, long seed) {
        List<RddNode<T>> parts = RddSampling.randomSplit(node, weights, seed);
        RDD<T>[] out = new RDD[parts.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = new RDD<>(parts.get(i));
        }
        return out;
    }

    // ---- about the dataset

    /** Keeps the partitions in memory once computed, so later actions reuse them; returns this. */
    public RDD<T> cache() {
        node.persist();
        return this;
    }

    /** Same as {@link #cache()}. */
    public RDD<T> persist() {
        return cache();
    }

    /** Drops the partitions kept by {@link #cache()}; later actions compute them again. Returns this. */
    public RDD<T> unpersist() {
        node.unpersist();
        return this;
    }

    /** Same as {@link #unpersist()}; {@code blocking} changes nothing, as dropping is immediate. */
    public RDD<T> unpersist(boolean blocking) {
        return unpersist();
    }

    /** Names this dataset (shown by {@link #toDebugString()}); returns this. */
    public RDD<T> setName(String name) {
        node.setName(name);
        return this;
    }

    // ---- helpers

    static <T> RDD<T> of(RddNode<T> node) {
        return new RDD<>(node);
    }
}
