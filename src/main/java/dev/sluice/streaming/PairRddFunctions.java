package dev.sluice.streaming;

import dev.sluice.engine.rdd.Aggregator;
import dev.sluice.engine.rdd.KeyedOps;
import dev.sluice.engine.rdd.MapPartitionsNode;
import dev.sluice.engine.rdd.Partitioner;
import dev.sluice.engine.rdd.RddNode;
import dev.sluice.engine.rdd.RecordShuffle;
import dev.sluice.engine.rdd.ShuffledNode;
import dev.sluice.engine.rdd.SortedNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The by-key aggregations, partitionings and orderings of {@link PairRDD}: general combines
 * (combineByKey, aggregateByKey, foldByKey), moving pairs to the partition their key belongs in,
 * and sorting by key.
 */
final class PairRddFunctions {

    private PairRddFunctions() {
    }

    /** An aggregator of three user functions. */
    private record UserAggregator<V, C>(MapFunction<V, C> create, Function2<C, V, C> add, Function2<C, C, C> merge)
            implements Aggregator<V, C> {
        @Override
        public C create(V value) throws Exception {
            return create.call(value);
        }

        @Override
        public C add(C combiner, V value) throws Exception {
            return add.call(combiner, value);
        }

        @Override
        public C merge(C left, C right) throws Exception {
            return merge.call(left, right);
        }
    }

    static <K, V, C> RddNode<Pair<K, C>> combineByKey(RddNode<Pair<K, V>> node, MapFunction<V, C> create,
                                                      Function2<C, V, C> add, Function2<C, C, C> merge,
                                                      Partitioner p, String op) {
        Objects.requireNonNull(create, "createCombiner");
        Objects.requireNonNull(add, "mergeValue");
        Objects.requireNonNull(merge, "mergeCombiners");
        return KeyedOps.combineByKey(node, p, new UserAggregator<>(create, add, merge), op);
    }

    /** Each key's values folded into a copy of {@code zero} with {@code seqOp}; partial results merged with {@code combOp}. */
    static <K, V, U> RddNode<Pair<K, U>> aggregateByKey(RddNode<Pair<K, V>> node, U zero, Function2<U, V, U> seqOp,
                                                        Function2<U, U, U> combOp, Partitioner p, String op) {
        Objects.requireNonNull(seqOp, "seqOp");
        Supplier<U> zeros = RddActions.copier(zero);
        return combineByKey(node, v -> seqOp.call(zeros.get(), v), seqOp, combOp, p, op);
    }

    /** Moves each pair to the partition {@code p} gives its key; returns {@code node} if already partitioned so. */
    static <K, V> RddNode<Pair<K, V>> partitionBy(RddNode<Pair<K, V>> node, Partitioner p) {
        if (p.equals(node.partitioner())) {
            return node;
        }
        RecordShuffle<Pair<K, V>> shuffle = new RecordShuffle<>(node, p.numPartitions(), (record, split, i) -> p.partition(record.key()), p);
        return ShuffledNode.records(node.context(), shuffle, "partitionBy");
    }

    /** Partitions by {@code p}, then sorts each partition by key (equal keys keep their order). */
    static <K, V> RddNode<Pair<K, V>> repartitionAndSortWithinPartitions(RddNode<Pair<K, V>> node, Partitioner p,
                                                                         Comparator<? super K> order) {
        Objects.requireNonNull(order, "comparator");
        RddNode<Pair<K, V>> moved = partitionBy(node, p);
        return new MapPartitionsNode<Pair<K, V>, Pair<K, V>>(moved, (split, it) -> {
            List<Pair<K, V>> all = RddSampling.drain(it);
            all.sort((a, b) -> order.compare(a.key(), b.key()));
            return all.iterator();
        }, true, "repartitionAndSortWithinPartitions");
    }

    /** Sorts by key across {@code numPartitions} ordered partitions. */
    @SuppressWarnings("unchecked")
    static <K, V> RddNode<Pair<K, V>> sortByKey(RddNode<Pair<K, V>> node, Comparator<? super K> comp, boolean ascending,
                                                int numPartitions) {
        Objects.requireNonNull(comp, "comparator");
        if (numPartitions < 1) {
            throw new IllegalArgumentException("number of partitions must be at least 1, got " + numPartitions);
        }
        Comparator<Object> order = (Comparator<Object> & java.io.Serializable) (a, b) -> comp.compare((K) a, (K) b);
        return new SortedNode<Pair<K, V>>(node, Pair::key, ascending ? order : order.reversed(), numPartitions);
    }

    /** Keeps the pairs whose key lies in {@code [lower, upper]} by {@code comp}. */
    static <K, V> RddNode<Pair<K, V>> filterByRange(RddNode<Pair<K, V>> node, Comparator<? super K> comp, K lower, K upper) {
        Objects.requireNonNull(comp, "comparator");
        return new MapPartitionsNode<Pair<K, V>, Pair<K, V>>(node, dev.sluice.engine.rdd.ElementStep.filter(
                p -> comp.compare(p.key(), lower) >= 0 && comp.compare(p.key(), upper) <= 0), true, "filterByRange");
    }

    /** Returns the number of distinct values of each key (counted exactly). */
    static <K, V> RddNode<Pair<K, Long>> countApproxDistinctByKey(RddNode<Pair<K, V>> node, double relativeSD, Partitioner p) {
        RddActions.checkRelativeSD(relativeSD);
        RddNode<Pair<K, Set<V>>> sets = combineByKey(node, v -> {
            Set<V> s = new HashSet<>();
            s.add(v);
            return s;
        }, (s, v) -> {
            s.add(v);
            return s;
        }, (a, b) -> {
            a.addAll(b);
            return a;
        }, p, "countApproxDistinctByKey");
        return new MapPartitionsNode<Pair<K, Set<V>>, Pair<K, Long>>(sets,
                dev.sluice.engine.rdd.ElementStep.map(e -> new Pair<>(e.key(), (long) e.value().size())), true,
                "countApproxDistinctByKey");
    }

    /** Merges each key's values with {@code f} per partition, then the partition maps, into one map. */
    static <K, V> Map<K, V> reduceByKeyLocally(RddNode<Pair<K, V>> node, ReduceFunction<V> f) {
        Objects.requireNonNull(f, "f");
        List<Map<K, V>> parts = RDD.run("reduceByKeyLocally", () -> node.context().runJob(node, (s, it) -> {
            Map<K, V> m = new HashMap<>();
            while (it.hasNext()) {
                Pair<K, V> p = it.next();
                if (m.containsKey(p.key())) {
                    m.put(p.key(), f.call(m.get(p.key()), p.value()));
                } else {
                    m.put(p.key(), p.value());
                }
            }
            return m;
        }));
        return RDD.run("reduceByKeyLocally", () -> {
            Map<K, V> all = new HashMap<>();
            for (Map<K, V> m : parts) {
                for (Map.Entry<K, V> e : m.entrySet()) {
                    if (all.containsKey(e.getKey())) {
                        all.put(e.getKey(), f.call(all.get(e.getKey()), e.getValue()));
                    } else {
                        all.put(e.getKey(), e.getValue());
                    }
                }
            }
            return all;
        });
    }

    /** Returns the values of {@code key}; with a known partitioner only the key's partition is read. */
    static <K, V> List<V> lookup(RddNode<Pair<K, V>> node, K key) {
        Partitioner p = node.partitioner();
        List<List<V>> parts;
        if (p != null) {
            int split = p.partition(key);
            parts = RDD.run("lookup", () -> node.context().runJob(node, split, 1, (s, it) -> valuesOf(it, key)));
        } else {
            parts = RDD.run("lookup", () -> node.context().runJob(node, (s, it) -> valuesOf(it, key)));
        }
        List<V> out = new ArrayList<>();
        parts.forEach(out::addAll);
        return out;
    }

    private static <K, V> List<V> valuesOf(java.util.Iterator<Pair<K, V>> it, K key) {
        List<V> out = new ArrayList<>();
        while (it.hasNext()) {
            Pair<K, V> p = it.next();
            if (Objects.equals(p.key(), key)) {
                out.add(p.value());
            }
        }
        return out;
    }
}
