package dev.sluice.engine.rdd;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * A wide dependency: every partition of the child reads from every partition of the parent. The
 * parent's partitions are first run as map tasks whose outputs, kept in memory, are then read by
 * the child's partitions.
 *
 * <p>Thread-safe: {@link #materialize} runs the map tasks once, however many jobs ask.
 */
public abstract class ShuffleDependency<T> {

    private final RddNode<T> parent;
    private final int numReducers;
    private volatile Object[] mapOutputs;

    protected ShuffleDependency(RddNode<T> parent, int numReducers) {
        this.parent = parent;
        this.numReducers = numReducers;
    }

    /** Returns the dataset whose partitions are shuffled. */
    public final RddNode<T> parent() {
        return parent;
    }

    /** Returns the number of reduce partitions. */
    public final int numReducers() {
        return numReducers;
    }

    /** Computes one map task's output from one parent partition. */
    protected abstract Object mapTask(Iterator<T> partition) throws Exception;

    /** Called once after all map tasks, before any reduce partition reads; may reorganise the outputs. */
    protected Object[] afterMaps(Object[] outputs) {
        return outputs;
    }

    /** Returns true once the map outputs exist. */
    public final boolean isMaterialized() {
        return mapOutputs != null;
    }

    /** Runs the map tasks unless done already; the parent's own shuffles must be materialized. */
    public final synchronized void materialize(RddContext ctx) throws Exception {
        if (mapOutputs != null) {
            return;
        }
        int n = parent.numPartitions();
        List<Callable<Object>> tasks = new ArrayList<>(n);
        for (int p = 0; p < n; p++) {
            int split = p;
            tasks.add(() -> ctx.attempt(() -> mapTask(parent.iterator(split))));
        }
        mapOutputs = afterMaps(ctx.pool().runAll(tasks).toArray());
    }

    /** Returns the map outputs; only after {@link #materialize}. */
    protected final Object[] mapOutputs() {
        Object[] out = mapOutputs;
        if (out == null) {
            throw new IllegalStateException("shuffle read before its map stage ran");
        }
        return out;
    }
}
