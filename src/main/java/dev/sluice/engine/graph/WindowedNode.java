package dev.sluice.engine.graph;

import dev.sluice.engine.rdd.ParallelCollectionNode;
import dev.sluice.engine.rdd.RddNode;
import dev.sluice.engine.rdd.UnionNode;
import java.util.List;

/**
 * A sliding window: the dataset at time {@code t} is the union of the parent's datasets in
 * {@code (t - length, t]}. The parent's datasets are kept in memory, so each batch is computed
 * once however many windows it falls in.
 */
public final class WindowedNode<T> extends StreamNode<T> {

    private final StreamNode<T> parent;
    private final long lengthMs;
    private final long slideMs;

    /** Creates the window; length and slide must be multiples of the parent's slide (checked by the caller). */
    public WindowedNode(StreamGraph graph, StreamNode<T> parent, long lengthMs, long slideMs) {
        super(graph);
        this.parent = parent;
        this.lengthMs = lengthMs;
        this.slideMs = slideMs;
        parent.persistGenerated();
        graph.register(this);
    }

    @Override
    public List<StreamNode<?>> parents() {
        return List.of(parent);
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
        return "window(" + lengthMs + " ms, " + slideMs + " ms)";
    }

    @Override
    protected RddNode<T> compute(long time) throws Exception {
        List<RddNode<T>> batches = parent.slice(time - lengthMs + parent.slideMs(), time);
        if (batches.isEmpty()) {
            return ParallelCollectionNode.empty(graph.rddContext());
        }
        return batches.size() == 1 ? batches.get(0) : new UnionNode<>(graph.rddContext(), batches);
    }
}
