package dev.sluice.engine.graph;

import dev.sluice.engine.rdd.RddNode;
import java.util.List;

/**
 * A source of the stream graph: at every batch boundary, on the job generator thread, it takes in
 * what arrived for that batch and records it as the batch's dataset.
 */
public abstract class InputNode<T> extends StreamNode<T> {

    /**
     * What a source took in for one batch.
     *
     * @param rdd     the batch's dataset
     * @param records how many records it holds
     */
    public record InputBatch<T>(RddNode<T> rdd, long records) {
    }

    /** {@code operation-id}, made at the first call of {@link #sourceName}. */
    private volatile String defaultName;

    protected InputNode(StreamGraph graph) {
        super(graph);
    }

    @Override
    public final List<StreamNode<?>> parents() {
        return List.of();
    }

    @Override
    public long slideMicros() {
        return graph.batchIntervalMicros();
    }

    /** Takes in the data of batch {@code time}; called once per batch on the job generator thread. */
    protected abstract InputBatch<T> take(long time) throws Exception;

    /** Called when the source becomes part of a running graph (the context starts, or at the first boundary after it was created). */
    public void start() {
    }

    /** Called when the context stops. */
    public void stop() {
    }

    /** Called when the stream left the graph because nothing reaches it any more; stops the source by default. */
    public void release() {
        stop();
    }

    /** Takes in and records batch {@code time}; returns the number of records. */
    final long generate(long time) throws Exception {
        InputBatch<T> batch = take(time);
        put(time, batch.rdd());
        return batch.records();
    }

    /** Returns the name that reports use for this source. */
    public String sourceName() {
        String n = name();
        if (n != null) {
            return n;
        }
        String d = defaultName;
        if (d == null) {
            d = operation() + "-" + id();   // a source's operation does not change
            defaultName = d;
        }
        return d;
    }

    @Override
    protected final RddNode<T> compute(long time) {
        return null;
    }
}
