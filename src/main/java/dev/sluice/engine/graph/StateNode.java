package dev.sluice.engine.graph;

import dev.sluice.engine.rdd.HashMaps;
import dev.sluice.engine.rdd.KeyedOps;
import dev.sluice.engine.rdd.MapBackedNode;
import dev.sluice.engine.rdd.Partitioner;
import dev.sluice.engine.rdd.RddNode;
import dev.sluice.streaming.Pair;
import dev.sluice.streaming.UpdateStateFunction;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
            inputs.add(KeyedOps.groupByKey(data, partitioner));
        }
        return MapBackedNode.materialize(graph.rddContext(), inputs, partitioner, (split, its) -> {
            Map<K, S> prev = previous.partition(split);
            // Sized like the previous state: a batch usually brings values for keys that have state.
            Map<K, List<V>> values = HashMaps.forSize(prev.size());
            if (!its.isEmpty()) {
                Iterator<Pair<K, List<V>>> it = (Iterator<Pair<K, List<V>>>) its.get(0);
                while (it.hasNext()) {
                    Pair<K, List<V>> p = it.next();
                    values.put(p.key(), p.value());
                }
            }
            Map<K, S> next = HashMaps.forSize((long) prev.size() + values.size());
            for (Map.Entry<K, S> e : prev.entrySet()) {
                List<V> vs = values.remove(e.getKey());
                Optional<S> s = update.call(vs == null ? List.of() : vs, Optional.ofNullable(e.getValue()));
                if (s != null && s.isPresent()) {
                    next.put(e.getKey(), s.get());
                }
            }
            for (Map.Entry<K, List<V>> e : values.entrySet()) {
                Optional<S> s = update.call(e.getValue(), Optional.empty());
                if (s != null && s.isPresent()) {
                    next.put(e.getKey(), s.get());
                }
            }
            return next;
        }, "updateStateByKey");
    }
}
