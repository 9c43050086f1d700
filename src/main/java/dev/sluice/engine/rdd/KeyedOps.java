package dev.sluice.engine.rdd;

import dev.sluice.streaming.Pair;
import dev.sluice.streaming.ReduceFunction;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * By-key operations over datasets of {@link Pair}s, shared by the public RDD and DStream APIs.
 * Input already partitioned by the target partitioner is combined in place, without a shuffle.
 */
public final class KeyedOps {

    private KeyedOps() {
    }

    /** Returns the partitioner a by-key operation over {@code nodes} should use: an existing hash partitioner, else the default. */
    public static Partitioner defaultPartitioner(RddContext ctx, List<? extends RddNode<?>> nodes) {
        Partitioner best = null;
        for (RddNode<?> n : nodes) {
            Partitioner p = n.partitioner();
            if (p != null && (best == null || p.numPartitions() > best.numPartitions())) {
                best = p;
            }
        }
        return best != null ? best : new HashPartitioner(ctx.defaultParallelism());
    }

    /** Combines the values of each key with {@code aggregator} into {@code partitioner}'s partitions. */
    public static <K, V, C> RddNode<Pair<K, C>> combineByKey(RddNode<Pair<K, V>> input, Partitioner partitioner,
                                                             Aggregator<V, C> aggregator, String operation) {
        if (Objects.equals(input.partitioner(), partitioner) && aggregator instanceof ReduceAggregator<?> r) {
            @SuppressWarnings("unchecked")
            ReduceAggregator<V> reduce = (ReduceAggregator<V>) r;
            Partitioner one = new HashPartitioner(1);
            return new MapPartitionsNode<>(input, (split, data) -> {
                UnboxedReduce<K, V> task = new UnboxedReduce<>(reduce.f(), reduce, one);
                while (data.hasNext()) {
                    task.accept(data.next());
                }
                @SuppressWarnings("unchecked")
                Map<K, C> combined = (Map<K, C>) task.result()[0];
                return combined == null ? Collections.emptyIterator() : entries(combined);
            }, true, operation);
        }
        if (Objects.equals(input.partitioner(), partitioner)) {
            return new MapPartitionsNode<>(input, (split, data) -> {
                Map<K, C> combined = AggregateShuffle.combinerMap(aggregator);
                while (data.hasNext()) {
                    Pair<K, V> record = data.next();
                    AggregateShuffle.combineInto(combined, record.key(), record.value(), aggregator);
                }
                return entries(combined);
            }, true, operation);
        }
        return ShuffledNode.combined(input.context(), new AggregateShuffle<>(input, partitioner, aggregator), operation);
    }

    /** Merges the values of each key with {@code f}. */
    public static <K, V> RddNode<Pair<K, V>> reduceByKey(RddNode<Pair<K, V>> input, Partitioner partitioner, ReduceFunction<V> f) {
        return combineByKey(input, partitioner, new ReduceAggregator<>(f), "reduceByKey");
    }

    /**
     * Groups the values of each key into a read-only list. As in Spark, no values are combined:
     * every record reaches its key's group. Each map task sorts its records by key (see
     * {@link GroupShuffle}); input already partitioned by {@code partitioner} is sorted in place.
     */
    public static <K, V> RddNode<Pair<K, List<V>>> groupByKey(RddNode<Pair<K, V>> input, Partitioner partitioner) {
        return groupByKey(input, partitioner, null);
    }

    /**
     * As {@link #groupByKey(RddNode, Partitioner)}, each task's key table sized from {@code sizing}
     * (may be null), which the tasks update: for an operator that groups every batch's data.
     */
    public static <K, V> RddNode<Pair<K, List<V>>> groupByKey(RddNode<Pair<K, V>> input, Partitioner partitioner,
                                                             KeySizing sizing) {
        if (Objects.equals(input.partitioner(), partitioner)) {
            return new MapPartitionsNode<>(input,
                    (split, data) -> Grouping.<K, V>groups(List.of(Grouping.sort(data, null, 1, sizing)), 0), true, "groupByKey");
        }
        return ShuffledNode.grouped(input.context(), new GroupShuffle<>(input, partitioner, sizing), "groupByKey");
    }

    /** Returns the entries of {@code map} as pairs. */
    public static <K, C> Iterator<Pair<K, C>> entries(Map<K, C> map) {
        Iterator<Map.Entry<K, C>> it = map.entrySet().iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Pair<K, C> next() {
                Map.Entry<K, C> e = it.next();
                return new Pair<>(e.getKey(), e.getValue());
            }
        };
    }

    /** An aggregator whose combiner is a value reduced with a user function. */
    public record ReduceAggregator<V>(ReduceFunction<V> f, BiFunction<V, V, V> merger)
            implements Aggregator<V, V> {

        /** Creates the aggregator of {@code f}. */
        public ReduceAggregator(ReduceFunction<V> f) {
            this(f, (BiFunction<V, V, V> & java.io.Serializable) (a, b) -> {
                try {
                    return f.call(a, b);
                } catch (Exception e) {
                    throw UserFunctionException.wrap(e);
                }
            });
        }

        @Override
        public V create(V value) {
            return value;
        }

        @Override
        public V add(V combiner, V value) throws Exception {
            return f.call(combiner, value);
        }

        @Override
        public V merge(V left, V right) throws Exception {
            return f.call(left, right);
        }
    }
}
