package dev.sluice.engine.graph;

import dev.sluice.engine.Micros;
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
    private final long lengthMicros;
    private final long slideMicros;

    /** Creates the window; length and slide must be multiples of the parent's slide (checked by the caller). */
    public WindowedNode(StreamGraph graph, StreamNode<T> parent, long lengthMicros, long slideMicros) {
        super(graph);
        this.parent = parent;
        this.lengthMicros = lengthMicros;
        this.slideMicros = slideMicros;
        parent.persistGenerated();
        graph.register(this);
    }

    @Override
    public List<StreamNode<?>> parents() {
        return List.of(parent);
    }

    @Override
    public long slideMicros() {
        return slideMicros;
    }

    @Override
    public long parentRememberExtraMicros() {
        return lengthMicros;
    }

    @Override
    public String operation() {
        return "window(" + Micros.formatMillis(lengthMicros) + " ms, " + Micros.formatMillis(slideMicros) + " ms)";
    }

    @Override
    protected RddNode<T> compute(long time) throws Exception {
        List<RddNode<T>> batches = parent.slice(time - lengthMicros + parent.slideMicros(), time);
        if (batches.isEmpty()) {
            return ParallelCollectionNode.empty(graph.rddContext());
        }
        return batches.size() == 1 ? batches.get(0) : new UnionNode<>(graph.rddContext(), batches);
    }
}
