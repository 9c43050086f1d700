package dev.sluice.engine.rdd;

import dev.sluice.streaming.Pair;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * A by-key shuffle that combines on the map side: each map task folds its partition into one hash
 * map of combiners per reduce partition, so only one combiner per key and map task crosses the
 * shuffle.
 */
public final class AggregateShuffle<K, V, C> extends ShuffleDependency<Pair<K, V>> {

    private final Partitioner partitioner;
    private final Aggregator<V, C> aggregator;

    /** Shuffles {@code parent} by key into {@code partitioner}'s partitions. */
    public AggregateShuffle(RddNode<Pair<K, V>> parent, Partitioner partitioner, Aggregator<V, C> aggregator) {
        super(parent, partitioner.numPartitions());
        this.partitioner = partitioner;
        this.aggregator = aggregator;
    }

    /** Returns the partitioner. */
    public Partitioner partitioner() {
        return partitioner;
    }

    /** Returns the aggregator. */
    public Aggregator<V, C> aggregator() {
        return aggregator;
    }

    @Override
    @SuppressWarnings("unchecked")
    protected Object mapTask(RddNode<Pair<K, V>> input, int split) throws Exception {
        if (aggregator instanceof KeyedOps.ReduceAggregator<?> r) {
            return reduceTask(input, split, (KeyedOps.ReduceAggregator<V>) r);
        }
        return mapTask(input.iterator(split));
    }

    @Override
    @SuppressWarnings("unchecked")
    protected Object mapTask(Iterator<Pair<K, V>> data) throws Exception {
        int n = numReducers();
        Map<K, C>[] buckets = new Map[n];
        while (data.hasNext()) {
            Pair<K, V> record = data.next();
            K key = record.key();
            int b = n == 1 ? 0 : partitioner.partition(key);
            Map<K, C> bucket = buckets[b];
            if (bucket == null) {
                bucket = combinerMap(aggregator);
                buckets[b] = bucket;
            }
            combineInto(bucket, key, record.value(), aggregator);
        }
        return buckets;
    }

    /**
     * Returns an empty map to combine into: a {@link SlotTable} when combiners are never null (the
     * list combine behind cogroup), where a record of a key already seen costs one probe and no
     * node to read; else a {@code HashMap}, which tells a null combiner from an absent key.
     */
    static <K, C> Map<K, C> combinerMap(Aggregator<?, C> aggregator) {
        return aggregator.nonNullCombiners() ? new SlotTable<>(16) : new HashMap<>();
    }

    /**
     * The map task of a reduce: while the values are {@code Long}, {@code Integer} or {@code Double},
     * holds them unboxed, one per key, and applies the function to them there ({@link UnboxedReduce});
     * then places each distinct key in its reduce partition and boxes its value once, so the
     * partitioner runs once per key rather than once per record. The records are pushed, so the
     * steps that make them and the reduce run as one loop.
     */
    private Object reduceTask(RddNode<Pair<K, V>> input, int split, KeyedOps.ReduceAggregator<V> r) throws Exception {
        UnboxedReduce<K, V> task = new UnboxedReduce<>(r.f(), r, partitioner);
        input.forEach(split, task);
        return task.result();
    }

    /** Adds one value for {@code key} into {@code map}. */
    @SuppressWarnings("unchecked")
    static <K, V, C> void combineInto(Map<K, C> map, K key, V value, Aggregator<V, C> aggregator) throws Exception {
        if (value != null && aggregator instanceof KeyedOps.ReduceAggregator<?> reduce) {
            ((Map<K, V>) map).merge(key, value, ((KeyedOps.ReduceAggregator<V>) reduce).merger());
            return;
        }
        C existing = map.get(key);
        if (existing == null && (aggregator.nonNullCombiners() || !map.containsKey(key))) {
            map.put(key, aggregator.create(value));
        } else {
            C combined = aggregator.add(existing, value);
            if (combined != existing) {
                map.put(key, combined);
            }
        }
    }

    /** Returns the merged combiners of reduce partition {@code r}; never mutates the map outputs. */
    @SuppressWarnings("unchecked")
    Map<K, C> reduce(int r) throws Exception {
        Map<K, C> result = null;
        boolean owned = false;
        for (Object output : mapOutputs()) {
            Map<K, C> m = ((Map<K, C>[]) output)[r];
            if (m == null || m.isEmpty()) {
                continue;
            }
            if (result == null) {
                result = m;
                continue;
            }
            if (!owned) {
                result = copyOf(result);
                owned = true;
            }
            for (Map.Entry<K, C> e : m.entrySet()) {
                K key = e.getKey();
                C existing = result.get(key);
                if (existing == null && (aggregator.nonNullCombiners() || !result.containsKey(key))) {
                    result.put(key, aggregator.copy(e.getValue()));
                } else {
                    C merged = aggregator.merge(existing, e.getValue());
                    if (merged != existing) {
                        result.put(key, merged);
                    }
                }
            }
        }
        return result == null ? Map.of() : result;
    }

    private Map<K, C> copyOf(Map<K, C> m) {
        HashMap<K, C> copy = new HashMap<>(Math.max(16, m.size() * 2));
        for (Map.Entry<K, C> e : m.entrySet()) {
            copy.put(e.getKey(), aggregator.copy(e.getValue()));
        }
        return copy;
    }
}
