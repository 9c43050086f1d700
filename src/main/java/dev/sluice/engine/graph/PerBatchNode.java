package dev.sluice.engine.graph;

import dev.sluice.engine.Micros;
import dev.sluice.engine.rdd.RddNode;
import java.util.ArrayList;
import java.util.List;

/**
 * An operator that makes each batch's dataset from its parents' datasets of the same batch: map,
 * filter, flatMap, union, transform, per-batch joins and by-key operations. There is no dataset
 * when a parent has none.
 */
public final class PerBatchNode<T> extends StreamNode<T> {

    /** Builds one batch's dataset from the parents' datasets of that batch. */
    @FunctionalInterface
    public interface BatchFunction<T> {
        /** Returns the dataset for {@code time}, given one dataset per parent. */
        RddNode<T> apply(List<RddNode<?>> parents, long time) throws Exception;
    }

    private final List<StreamNode<?>> parents;
    private final BatchFunction<T> function;
    private final String operation;

    /** Creates the operator and registers it with the graph. */
    public PerBatchNode(StreamGraph graph, List<StreamNode<?>> parents, String operation, BatchFunction<T> function) {
        super(graph);
        if (parents.isEmpty()) {
            throw new IllegalArgumentException("an operator needs at least one parent");
        }
        long slide = parents.get(0).slideMicros();
        for (StreamNode<?> p : parents) {
            if (p.slideMicros() != slide) {
                throw new IllegalArgumentException(operation + " needs streams with the same slide; got "
                        + Micros.formatMillis(slide) + " ms and " + Micros.formatMillis(p.slideMicros()) + " ms");
            }
        }
        this.parents = List.copyOf(parents);
        this.function = function;
        this.operation = operation;
        graph.register(this);
    }

    @Override
    public List<StreamNode<?>> parents() {
        return parents;
    }

    @Override
    public String operation() {
        return operation;
    }

    @Override
    protected RddNode<T> compute(long time) throws Exception {
        int n = parents.size();
        if (n == 1) {
            RddNode<?> rdd = parents.get(0).getOrCompute(time);
            return rdd == null ? null : function.apply(List.of(rdd), time);
        }
        List<RddNode<?>> inputs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            RddNode<?> rdd = parents.get(i).getOrCompute(time);
            if (rdd == null) {
                return null;
            }
            inputs.add(rdd);
        }
        return function.apply(inputs, time);
    }
}
