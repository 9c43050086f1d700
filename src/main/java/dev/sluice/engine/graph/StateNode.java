package dev.sluice.engine.graph;

import dev.sluice.engine.rdd.HashMaps;
import dev.sluice.engine.rdd.KeySizing;
import dev.sluice.engine.rdd.KeyedOps;
import dev.sluice.engine.rdd.MapBackedNode;
import dev.sluice.engine.rdd.Partitioner;
import dev.sluice.engine.rdd.RddNode;
import dev.sluice.streaming.Pair;
import dev.sluice.streaming.UpdateStateFunction;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code updateStateByKey}: each batch, the update function is called for every key that has state
 * or new values, with the batch's values for it (possibly none) and its previous state; an empty
 * result removes the key. The state is materialized every batch, one hash map per partition.
 */
public final class StateNode<K, V, S> extends StreamNode<Pair<K, S>> {

    private final StreamNode<Pair<K, V>> parent;
    private final UpdateStateFunction<V, S> update;
    private final Partitioner partitioner;
    private final Supplier<MapBackedNode<K, S>> initial;
    /** How many keys the last batch's map tasks met, to size the next batch's key tables. */
    private final KeySizing sizing = new KeySizing();

    /** Creates the operator; {@code initial} gives the state before the first batch. */
    public StateNode(StreamGraph graph, StreamNode<Pair<K, V>> parent, UpdateStateFunction<V, S> update,
                     Partitioner partitioner, Supplier<MapBackedNode<K, S>> initial) {
        super(graph);
        this.parent = parent;
        this.update = update;
        this.partitioner = partitioner;
        this.initial = initial;
        graph.register(this);
    }

    @Override
    public boolean updatedEveryBatch() {
        return true;
    }

    @Override
    public List<StreamNode<?>> parents() {
        return List.of(parent);
    }

    @Override
    public String operation() {
        return "updateStateByKey";
    }

    /** Returns how the state is partitioned. */
    public Partitioner partitioner() {
        return partitioner;
    }

    /** Returns the latest state before {@code time}, or the initial state. */
    @SuppressWarnings("unchecked")
    public MapBackedNode<K, S> stateBefore(long time) {
        Map.Entry<Long, RddNode<Pair<K, S>>> prev = generatedBefore(time);
        return prev != null ? (MapBackedNode<K, S>) prev.getValue() : initial.get();
    }

    @Override
    @SuppressWarnings("unchecked")
    protected RddNode<Pair<K, S>> compute(long time) throws Exception {
        MapBackedNode<K, S> previous = stateBefore(time);
        RddNode<Pair<K, V>> data = parent.getOrCompute(time);
        List<RddNode<?>> inputs = new ArrayList<>();
        if (data != null) {
            inputs.add(KeyedOps.groupByKey(data, partitioner, sizing));
        }
        return MapBackedNode.materialize(graph.rddContext(), inputs, partitioner, (split, its) -> {
            Map<K, S> prev = previous.partition(split);
            Iterator<Pair<K, List<V>>> groups = its.isEmpty() ? null : (Iterator<Pair<K, List<V>>>) its.get(0);
            return next(prev, groups);
        }, "updateStateByKey");
    }

    /**
     * Returns one partition's state after a batch: {@code prev} updated with the batch's groups
     * (null: no data). The groups are read as they come, each key's previous state looked up once;
     * then, unless every key of {@code prev} had values in the batch, the keys that had none are
     * updated with an empty list. No map of the batch's groups is built.
     */
    private Map<K, S> next(Map<K, S> prev, Iterator<Pair<K, List<V>>> groups) throws Exception {
        // Sized like the previous state and a quarter more: a batch usually brings values for keys that have state.
        Map<K, S> next = HashMaps.forSize((long) prev.size() + prev.size() / 4 + 16);
        int prevKeysSeen = 0;
        // The batch's keys whose update removed them (not in next, but not to be updated again).
        Set<K> removed = null;
        // An empty previous state may be an immutable map, which refuses to look up a null key.
        boolean hasPrev = !prev.isEmpty();
        if (groups != null) {
            while (groups.hasNext()) {
                Pair<K, List<V>> group = groups.next();
                K key = group.key();
                S before = hasPrev ? prev.get(key) : null;
                if (hasPrev && (before != null || prev.containsKey(key))) {
                    prevKeysSeen++;
                }
                Optional<S> s = update.call(group.value(), Optional.ofNullable(before));
                if (s != null && s.isPresent()) {
                    next.put(key, s.get());
                } else {
                    if (removed == null) {
                        removed = new HashSet<>();
                    }
                    removed.add(key);
                }
            }
        }
        if (prevKeysSeen < prev.size()) {
            for (Map.Entry<K, S> e : prev.entrySet()) {
                K key = e.getKey();
                if (next.containsKey(key) || (removed != null && removed.contains(key))) {
                    continue;
                }
                Optional<S> s = update.call(List.of(), Optional.ofNullable(e.getValue()));
                if (s != null && s.isPresent()) {
                    next.put(key, s.get());
                }
            }
        }
        return next;
    }
}
