package dev.sluice.engine.rdd;

import dev.sluice.streaming.Pair;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Groups several keyed datasets by key: partition {@code r} holds each key of that partition once,
 * with one list of values per parent ({@code Object[]} of {@code List}; read-only, and empty where
 * the parent has no value for the key). Parents already
 * partitioned like the result are read narrowly; the others are shuffled.
 */
public final class CoGroupedNode<K> extends RddNode<Pair<K, Object[]>> {

    private final List<RddNode<? extends Pair<K, ?>>> parents;
    private final Partitioner partitioner;
    private final Object[] sources;

    /** Co-groups {@code parents} into {@code partitioner}'s partitions. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public CoGroupedNode(RddContext ctx, List<RddNode<? extends Pair<K, ?>>> parents, Partitioner partitioner) {
        super(ctx);
        this.parents = List.copyOf(parents);
        this.partitioner = partitioner;
        this.sources = new Object[parents.size()];
        for (int i = 0; i < parents.size(); i++) {
            RddNode p = parents.get(i);
            sources[i] = Objects.equals(p.partitioner(), partitioner) ? p
                    : new AggregateShuffle<>(p, partitioner, new ListAggregator<>());
        }
    }

    /** Returns the datasets grouped, in the order of the value lists. */
    public List<RddNode<? extends Pair<K, ?>>> parents() {
        return parents;
    }

    @Override
    public int numPartitions() {
        return partitioner.numPartitions();
    }

    @Override
    public List<RddNode<?>> narrowParents() {
        List<RddNode<?>> out = new ArrayList<>();
        for (Object s : sources) {
            if (s instanceof RddNode<?> n) {
                out.add(n);
            }
        }
        return out;
    }

    @Override
    public List<ShuffleDependency<?>> shuffleDependencies() {
        List<ShuffleDependency<?>> out = new ArrayList<>();
        for (Object s : sources) {
            if (s instanceof ShuffleDependency<?> d) {
                out.add(d);
            }
        }
        return out;
    }

    @Override
    public Partitioner partitioner() {
        return partitioner;
    }

    @Override
    public String operation() {
        return "cogroup";
    }

    @Override
    @SuppressWarnings("unchecked")
    protected Iterator<Pair<K, Object[]>> compute(int split) throws Exception {
        int n = sources.length;
        Map<K, Object[]> groups = new HashMap<>();
        for (int i = 0; i < n; i++) {
            if (sources[i] instanceof RddNode<?> node) {
                Iterator<Pair<K, Object>> it = ((RddNode<Pair<K, Object>>) node).iterator(split);
                while (it.hasNext()) {
                    Pair<K, Object> record = it.next();
                    valuesOf(groups, record.key(), n, i).add(record.value());
                }
            } else {
                AggregateShuffle<K, Object, List<Object>> shuffle = (AggregateShuffle<K, Object, List<Object>>) sources[i];
                for (Map.Entry<K, List<Object>> e : shuffle.reduce(split).entrySet()) {
                    valuesOf(groups, e.getKey(), n, i).addAll(e.getValue());
                }
            }
        }
        Iterator<Map.Entry<K, Object[]>> entries = groups.entrySet().iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return entries.hasNext();
            }

            @Override
            public Pair<K, Object[]> next() {
                Map.Entry<K, Object[]> e = entries.next();
                Object[] lists = e.getValue();
                for (int i = 0; i < lists.length; i++) {
                    if (lists[i] == null) {
                        lists[i] = List.of();
                    }
                }
                return new Pair<>(e.getKey(), lists);
            }
        };
    }

    /**
     * Returns {@code key}'s list of values from source {@code i}, made on its first value: a key
     * that only one source has (most keys of a join of a batch with a window's state) gets no
     * lists for the others; they read as empty.
     */
    @SuppressWarnings("unchecked")
    private static <K> List<Object> valuesOf(Map<K, Object[]> groups, K key, int n, int i) {
        Object[] lists = groups.get(key);
        if (lists == null) {
            lists = new Object[n];
            groups.put(key, lists);
        }
        List<Object> values = (List<Object>) lists[i];
        if (values == null) {
            values = new ArrayList<>(2);
            lists[i] = values;
        }
        return values;
    }

    /**
     * Collects a key's values into a {@link ValueList}. {@link #merge} makes a new list and leaves
     * both inputs as they are, so a map output's list is never copied to be owned.
     */
    public static final class ListAggregator<V> implements Aggregator<V, List<V>> {
        @Override
        public List<V> create(V value) {
            return ValueList.of(value);
        }

        @Override
        public List<V> add(List<V> combiner, V value) {
            combiner.add(value);
            return combiner;
        }

        @Override
        public List<V> merge(List<V> left, List<V> right) {
            return ValueList.concat(left, right);
        }

        @Override
        public boolean nonNullCombiners() {
            return true;
        }
    }
}
