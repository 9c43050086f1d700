package dev.sluice.engine.graph;

import dev.sluice.engine.rdd.LayeredMap;
import dev.sluice.engine.rdd.MapBackedNode;
import dev.sluice.engine.rdd.Partitioner;
import dev.sluice.engine.rdd.RddNode;
import dev.sluice.streaming.FilterFunction;
import dev.sluice.streaming.Pair;
import dev.sluice.streaming.ReduceFunction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A by-key reduction over a sliding window computed incrementally: the window at {@code t} is the
 * window at {@code t - slide}, minus (with the inverse function) the batches that left it, plus the
 * batches that entered it. Keys whose value was inverted back stay unless the filter drops them.
 *
 * <p>The parent is the per-batch reduced stream, partitioned like this node. When the previous
 * window is not at hand (the operator was attached to a running context, or that batch failed)
 * the window is reduced in full from the parent's kept batches.
 */
public final class ReducedWindowedNode<K, V> extends StreamNode<Pair<K, V>> {

    private final StreamNode<Pair<K, V>> reduced;
    private final ReduceFunction<V> reduce;
    private final ReduceFunction<V> inverse;
    private final FilterFunction<Pair<K, V>> filter;
    private final long lengthMs;
    private final long slideMs;
    private final Partitioner partitioner;

    /** Creates the operator over the per-batch reduced stream {@code reduced}. */
    public ReducedWindowedNode(StreamGraph graph, StreamNode<Pair<K, V>> reduced, ReduceFunction<V> reduce,
                               ReduceFunction<V> inverse, FilterFunction<Pair<K, V>> filter,
                               long lengthMs, long slideMs, Partitioner partitioner) {
        super(graph);
        this.reduced = reduced;
        this.reduce = reduce;
        this.inverse = inverse;
        this.filter = filter;
        this.lengthMs = lengthMs;
        this.slideMs = slideMs;
        this.partitioner = partitioner;
        reduced.persistGenerated();
        graph.register(this);
    }

    /** Returns how the window's pairs are partitioned. */
    public Partitioner partitioner() {
        return partitioner;
    }

    @Override
    public List<StreamNode<?>> parents() {
        return List.of(reduced);
    }

    @Override
    public long slideMs() {
        return slideMs;
    }

    @Override
    public long parentRememberExtraMs() {
        return lengthMs;
    }

    @Override
    public String operation() {
        return "reduceByKeyAndWindow(" + lengthMs + " ms, " + slideMs + " ms, incremental)";
    }

    @Override
    @SuppressWarnings("unchecked")
    protected RddNode<Pair<K, V>> compute(long time) throws Exception {
        long ps = reduced.slideMs();
        long previousTime = time - slideMs;
        MapBackedNode<K, V> previous = null;
        List<RddNode<Pair<K, V>>> leaving = List.of();
        List<RddNode<Pair<K, V>>> entering;
        if (hasGenerated(previousTime)) {
            previous = (MapBackedNode<K, V>) getOrCompute(previousTime);
            leaving = reduced.slice(previousTime - lengthMs + ps, time - lengthMs);
            entering = reduced.slice(previousTime + ps, time);
        } else {
            entering = reduced.slice(time - lengthMs + ps, time);
        }
        List<RddNode<?>> inputs = new ArrayList<>(leaving);
        inputs.addAll(entering);
        int numLeaving = leaving.size();
        MapBackedNode<K, V> prev = previous;
        return MapBackedNode.materialize(graph.rddContext(), inputs, partitioner, (split, its) -> {
            Map<K, V> before = prev == null ? Map.of() : prev.partition(split);
            Map<K, V> out = reduceAll(its.subList(0, numLeaving));
            Map<K, V> in = reduceAll(its.subList(numLeaving, its.size()));
            if (filter == null) {
                Map<K, V> layered = layered(before, out, in);
                if (layered != null) {
                    return layered;
                }
            }
            Map<K, V> result = new HashMap<>(before);
            for (Map.Entry<K, V> e : out.entrySet()) {
                if (result.containsKey(e.getKey())) {
                    result.put(e.getKey(), inverse.call(result.get(e.getKey()), e.getValue()));
                }
            }
            for (Map.Entry<K, V> e : in.entrySet()) {
                K key = e.getKey();
                if (result.containsKey(key)) {
                    result.put(key, reduce.call(result.get(key), e.getValue()));
                } else {
                    result.put(key, e.getValue());
                }
            }
            if (filter != null) {
                Iterator<Map.Entry<K, V>> it = result.entrySet().iterator();
                while (it.hasNext()) {
                    Map.Entry<K, V> e = it.next();
                    if (!filter.call(new Pair<>(e.getKey(), e.getValue()))) {
                        it.remove();
                    }
                }
            }
            return result;
        }, "reduceByKeyAndWindow");
    }

    /**
     * The next window as a layer of the keys that changed over the last one, so a slide costs the
     * keys of the batches that entered and left it, not every key of the window. Null when a value
     * is null (a layered map holds none): the caller then copies the window as a whole.
     */
    private Map<K, V> layered(Map<K, V> before, Map<K, V> out, Map<K, V> in) throws Exception {
        if (!before.isEmpty() && !(before instanceof LayeredMap<K, V>) && before.containsValue(null)) {
            return null;
        }
        LayeredMap.Editor<K, V> next = LayeredMap.edit(before);
        for (Map.Entry<K, V> e : out.entrySet()) {
            int slot = next.slot(e.getKey());
            V current = next.valueAt(slot);
            if (current != null) {
                V value = inverse.call(current, e.getValue());
                if (value == null) {
                    return null;
                }
                next.setAt(slot, value);
            }
        }
        for (Map.Entry<K, V> e : in.entrySet()) {
            int slot = next.slot(e.getKey());
            V current = next.valueAt(slot);
            V value = current == null ? e.getValue() : reduce.call(current, e.getValue());
            if (value == null) {
                return null;
            }
            next.setAt(slot, value);
        }
        return next.seal();
    }

    @SuppressWarnings("unchecked")
    private Map<K, V> reduceAll(List<Iterator<?>> batches) throws Exception {
        Map<K, V> acc = new HashMap<>();
        for (Iterator<?> it : batches) {
            while (it.hasNext()) {
                Pair<K, V> p = (Pair<K, V>) it.next();
                K key = p.key();
                if (acc.containsKey(key)) {
                    acc.put(key, reduce.call(acc.get(key), p.value()));
                } else {
                    acc.put(key, p.value());
                }
            }
        }
        return acc;
    }
}
