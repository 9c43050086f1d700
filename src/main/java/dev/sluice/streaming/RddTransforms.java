package dev.sluice.streaming;

import dev.sluice.engine.rdd.CartesianNode;
import dev.sluice.engine.rdd.CoGroupedNode;
import dev.sluice.engine.rdd.ElementStep;
import dev.sluice.engine.rdd.KeyedOps;
import dev.sluice.engine.rdd.MapPartitionsNode;
import dev.sluice.engine.rdd.Partitioner;
import dev.sluice.engine.rdd.RddNode;
import dev.sluice.engine.rdd.ZipPartitionsNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The transformations of {@link RDD} that reshape a dataset rather than map its elements:
 * zips and indexes, cartesian products, set operations, grouping by a function.
 */
final class RddTransforms {

    private RddTransforms() {
    }

    /** Pairs the i-th elements of the same-index partitions of two datasets. */
    @SuppressWarnings("unchecked")
    static <T, U> RddNode<Pair<T, U>> zip(RddNode<T> left, RddNode<U> right) {
        checkSamePartitions("zip", left, right);
        return new ZipPartitionsNode<Pair<T, U>>(left.context(), List.of(left, right), left.numPartitions(), (split, its) -> {
            Iterator<T> a = (Iterator<T>) its.get(0);
            Iterator<U> b = (Iterator<U>) its.get(1);
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    boolean ha = a.hasNext();
                    if (ha != b.hasNext()) {
                        throw new IllegalStateException("can only zip datasets with the same number of elements in each "
                                + "partition (partition " + split + " differs); use zipWithIndex and join by index instead");
                    }
                    return ha;
                }

                @Override
                public Pair<T, U> next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    return new Pair<>(a.next(), b.next());
                }
            };
        }, null, "zip");
    }

    /** Applies {@code f} to the same-index partitions of two datasets. */
    @SuppressWarnings("unchecked")
    static <T, U, R> RddNode<R> zipPartitions(RddNode<T> left, RddNode<U> right, ZipPartitionsFunction<T, U, R> f) {
        checkSamePartitions("zipPartitions", left, right);
        return new ZipPartitionsNode<R>(left.context(), List.of(left, right), left.numPartitions(),
                (split, its) -> f.call((Iterator<T>) its.get(0), (Iterator<U>) its.get(1)), null, "zipPartitions");
    }

    private static void checkSamePartitions(String op, RddNode<?> left, RddNode<?> right) {
        if (left.numPartitions() != right.numPartitions()) {
            throw new IllegalArgumentException("can only " + op + " datasets with the same number of partitions, got "
                    + left.numPartitions() + " and " + right.numPartitions() + "; repartition one of them first");
        }
    }

    /**
     * Pairs each element with its index in dataset order: counting the elements of every partition
     * but the last runs a job now, as in Spark.
     */
    static <T> RddNode<Pair<T, Long>> zipWithIndex(RddNode<T> node) {
        int n = node.numPartitions();
        long[] starts = new long[Math.max(1, n)];
        if (n > 1) {
            List<Long> counts = RDD.run("zipWithIndex", () -> node.context().runJob(node, 0, n - 1, (s, it) -> {
                long c = 0;
                for (; it.hasNext(); it.next()) {
                    c++;
                }
                return c;
            }));
            for (int p = 1; p < n; p++) {
                starts[p] = starts[p - 1] + counts.get(p - 1);
            }
        }
        return new MapPartitionsNode<T, Pair<T, Long>>(node, (split, it) -> new Iterator<>() {
            private long next = starts[split];

            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Pair<T, Long> next() {
                return new Pair<>(it.next(), next++);
            }
        }, false, "zipWithIndex");
    }

    /** Pairs the k-th element of partition i (of n) with {@code k * n + i}: unique, with no job. */
    static <T> RddNode<Pair<T, Long>> zipWithUniqueId(RddNode<T> node) {
        long n = node.numPartitions();
        return new MapPartitionsNode<T, Pair<T, Long>>(node, (split, it) -> new Iterator<>() {
            private long k;

            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Pair<T, Long> next() {
                return new Pair<>(it.next(), k++ * n + split);
            }
        }, false, "zipWithUniqueId");
    }

    /** Returns each partition as one list. */
    static <T> RddNode<List<T>> glom(RddNode<T> node) {
        return new MapPartitionsNode<T, List<T>>(node, (split, it) -> List.of(RddSampling.drain(it)).iterator(), false, "glom");
    }

    /** Returns every pair of an element of {@code left} and one of {@code right}. */
    static <T, U> RddNode<Pair<T, U>> cartesian(RddNode<T> left, RddNode<U> right) {
        return new CartesianNode<>(left, right);
    }

    private static <T> RddNode<Pair<T, Boolean>> asKeys(RddNode<T> node) {
        return new MapPartitionsNode<>(node, ElementStep.map(x -> new Pair<>(x, Boolean.TRUE)), false, "asKeys");
    }

    /** Returns the pairs of {@code left} whose key is not in {@code right}, co-grouped into {@code partitioner}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static <K, V> RddNode<Pair<K, V>> subtractByKey(RddNode<Pair<K, V>> left, RddNode<? extends Pair<K, ?>> right,
                                                    Partitioner partitioner) {
        RddNode<Pair<K, Object[]>> grouped = new CoGroupedNode<K>(left.context(), (List) List.of(left, right), partitioner);
        return new MapPartitionsNode<Pair<K, Object[]>, Pair<K, V>>(grouped, ElementStep.flatMap(g -> {
            if (!((List<?>) g.value()[1]).isEmpty()) {
                return List.of();
            }
            List<Pair<K, V>> out = new ArrayList<>();
            for (V v : (List<V>) g.value()[0]) {
                out.add(new Pair<>(g.key(), v));
            }
            return out;
        }), true, "subtractByKey");
    }

    /** Returns the elements of {@code left} not in {@code right}, duplicates kept. */
    static <T> RddNode<T> subtract(RddNode<T> left, RddNode<T> right, Partitioner partitioner) {
        RddNode<Pair<T, Boolean>> kept = subtractByKey(asKeys(left), asKeys(right), partitioner);
        return new MapPartitionsNode<>(kept, ElementStep.map(Pair::key), false, "subtract");
    }

    /** Returns the elements in both datasets, each once. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static <T> RddNode<T> intersection(RddNode<T> left, RddNode<T> right) {
        RddNode<Pair<T, Boolean>> a = asKeys(left);
        RddNode<Pair<T, Boolean>> b = asKeys(right);
        Partitioner p = KeyedOps.defaultPartitioner(left.context(), List.of(left, right));
        RddNode<Pair<T, Object[]>> grouped = new CoGroupedNode<T>(left.context(), (List) List.of(a, b), p);
        return new MapPartitionsNode<Pair<T, Object[]>, T>(grouped, ElementStep.flatMap(g ->
                ((List<?>) g.value()[0]).isEmpty() || ((List<?>) g.value()[1]).isEmpty() ? List.of() : java.util.Collections.singletonList(g.key())),
                false, "intersection");
    }
}
