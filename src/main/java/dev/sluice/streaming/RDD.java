package dev.sluice.streaming;

import dev.sluice.engine.rdd.ElementStep;
import dev.sluice.engine.rdd.HashPartitioner;
import dev.sluice.engine.rdd.KeyedOps;
import dev.sluice.engine.rdd.MapPartitionsNode;
import dev.sluice.engine.rdd.RddNode;
import dev.sluice.engine.rdd.RecordShuffle;
import dev.sluice.engine.rdd.ShuffledNode;
import dev.sluice.engine.rdd.SortedNode;
import dev.sluice.engine.rdd.UnionNode;
import dev.sluice.engine.rdd.UserFunctionException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * An immutable, partitioned dataset with lineage: the data of one batch of a {@link DStream}, or a
 * static dataset made with {@link StreamingContext#parallelize} or {@link StreamingContext#textFile}.
 *
 * <p>Transformations ({@code map}, {@code filter}, ...) are lazy and return new RDDs; actions
 * ({@code collect}, {@code count}, ...) run tasks, one per partition, on the context's workers. A
 * task that fails is retried by recomputing its partition from lineage; an action whose task still
 * fails throws {@link JobFailedException} with the user's exception as its cause.
 *
 * <pre>{@code
 * RDD<String> words = ssc.parallelize(List.of("a b", "b c")).flatMap(l -> List.of(l.split(" ")));
 * long n = words.distinct().count();   // 3
 * }</pre>
 */
public class RDD<T> {

    final RddNode<T> node;

    RDD(RddNode<T> node) {
        this.node = Objects.requireNonNull(node);
    }

    /** Returns this dataset's id, unique within its context. */
    public int id() {
        return node.id();
    }

    /** Returns the number of partitions (and so of tasks per action). */
    public int getNumPartitions() {
        return node.numPartitions();
    }

    /** Returns the lineage, one operation per line, this dataset first. */
    public String toDebugString() {
        return node.lineage();
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
        Comparator<Object> natural = (a, b) -> ((Comparable) a).compareTo(b);
        Comparator<Object> order = ascending ? Comparator.nullsFirst(natural) : Comparator.nullsFirst(natural).reversed();
        return new RDD<>(new SortedNode<>(node, key::call, order, numPartitions));
    }

    /** Returns the same elements spread evenly over {@code numPartitions} partitions. */
    public RDD<T> repartition(int numPartitions) {
        return new RDD<>(repartitionNode(numPartitions));
    }

    RddNode<T> repartitionNode(int numPartitions) {
        if (numPartitions < 1) {
            throw new IllegalArgumentException("number of partitions must be at least 1, got " + numPartitions);
        }
        RecordShuffle<T> shuffle = new RecordShuffle<>(node, numPartitions, (record, index) -> (int) (index % numPartitions), null);
        return ShuffledNode.records(node.context(), shuffle, "repartition");
    }

    /** Keeps the partitions in memory once computed, so later actions reuse them; returns this. */
    public RDD<T> cache() {
        node.persist();
        return this;
    }

    /** Same as {@link #cache()}. */
    public RDD<T> persist() {
        return cache();
    }

    // ---- actions

    /** Returns all elements, partition by partition. */
    public List<T> collect() {
        List<List<T>> parts = run("collect", () -> node.context().runJob(node, (s, it) -> {
            List<T> out = new ArrayList<>();
            it.forEachRemaining(out::add);
            return out;
        }));
        List<T> all = new ArrayList<>();
        parts.forEach(all::addAll);
        return all;
    }

    /** Returns the number of elements. */
    public long count() {
        List<Long> counts = run("count", () -> node.context().runJob(node, (s, it) -> {
            long n = 0;
            while (it.hasNext()) {
                it.next();
                n++;
            }
            return n;
        }));
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        return total;
    }

    /** Returns the first {@code n} elements, reading as few partitions as it can. */
    public List<T> take(int n) {
        List<T> out = new ArrayList<>();
        int total = node.numPartitions();
        int next = 0;
        int batch = 1;
        while (out.size() < n && next < total) {
            int count = Math.min(batch, total - next);
            int want = n - out.size();
            int from = next;
            List<List<T>> parts = run("take", () -> node.context().runJob(node, from, count, (s, it) -> {
                List<T> got = new ArrayList<>();
                while (got.size() < want && it.hasNext()) {
                    got.add(it.next());
                }
                return got;
            }));
            for (List<T> p : parts) {
                for (T x : p) {
                    if (out.size() < n) {
                        out.add(x);
                    }
                }
            }
            next += count;
            batch *= 4;
        }
        return out;
    }

    /**
     * Returns the first element.
     *
     * @throws NoSuchElementException if the dataset is empty
     */
    public T first() {
        List<T> one = take(1);
        if (one.isEmpty()) {
            throw new NoSuchElementException("first() of an empty RDD");
        }
        return one.get(0);
    }

    /** Returns true if the dataset has no elements. */
    public boolean isEmpty() {
        return take(1).isEmpty();
    }

    /**
     * Combines all elements with {@code f}.
     *
     * @throws UnsupportedOperationException if the dataset is empty
     */
    public T reduce(ReduceFunction<T> f) {
        Objects.requireNonNull(f, "f");
        List<Optional<T>> parts = run("reduce", () -> node.context().runJob(node, (s, it) -> {
            if (!it.hasNext()) {
                return Optional.<T>empty();
            }
            T acc = it.next();
            while (it.hasNext()) {
                acc = f.call(acc, it.next());
            }
            return Optional.ofNullable(acc);
        }));
        T result = null;
        boolean any = false;
        for (Optional<T> p : parts) {
            if (p.isPresent()) {
                result = any ? call(f, result, p.get()) : p.get();
                any = true;
            }
        }
        if (!any) {
            throw new UnsupportedOperationException("reduce() of an empty RDD");
        }
        return result;
    }

    /** Calls {@code f} on every element, on the worker threads. */
    public void foreach(VoidFunction<T> f) {
        Objects.requireNonNull(f, "f");
        run("foreach", () -> node.context().runJob(node, (s, it) -> {
            while (it.hasNext()) {
                f.call(it.next());
            }
            return null;
        }));
    }

    /** Calls {@code f} once per partition with its elements, on the worker threads. */
    public void foreachPartition(VoidFunction<Iterator<T>> f) {
        Objects.requireNonNull(f, "f");
        run("foreachPartition", () -> node.context().runJob(node, (s, it) -> {
            f.call(it);
            return null;
        }));
    }

    /** Returns {@code RDD[id] operation (n partitions)}. */
    @Override
    public String toString() {
        return "RDD[" + node.id() + "] " + node.operation() + " (" + node.numPartitions() + " partitions)";
    }

    // ---- helpers

    private static <T> T call(ReduceFunction<T> f, T a, T b) {
        try {
            return f.call(a, b);
        } catch (Exception e) {
            throw new JobFailedException("reduce failed: " + e, e);
        }
    }

    static <U> U run(String action, Callable<U> body) {
        try {
            return body.call();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StreamingException(action + "() was interrupted", e);
        } catch (StreamingException e) {
            throw e;
        } catch (Exception e) {
            Throwable cause = UserFunctionException.unwrap(e);
            throw new JobFailedException(action + "() failed: " + cause, cause);
        }
    }
}
