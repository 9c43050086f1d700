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

    /** The longest input lineage a released shuffle describes in full, in lines (a bound for chains of cached batches). */
    static final int MAX_RELEASED_LINES = 100;

    private final RddNode<T> parent;
    private final List<String> releasedLineage;
    private final int numReducers;
    private volatile Object[] mapOutputs;

    protected ShuffleDependency(RddNode<T> parent, int numReducers) {
        this(parent, numReducers, null);
    }

    private ShuffleDependency(RddNode<T> parent, int numReducers, List<String> releasedLineage) {
        this.parent = parent;
        this.numReducers = numReducers;
        this.releasedLineage = releasedLineage;
        this.mapOutputs = releasedLineage != null ? new Object[0] : null;
    }

    /** Returns the dataset whose partitions are shuffled; not for a {@link #released} stand-in. */
    public final RddNode<T> parent() {
        if (parent == null) {
            throw new IllegalStateException("this shuffle's input was released once its reader cached every partition");
        }
        return parent;
    }

    /**
     * Returns a stand-in for this shuffle, for a reader that has cached every partition it read:
     * it describes the same input in lineages but holds neither the input nor the map outputs.
     * This shuffle itself is unchanged, so a read already under way finishes normally.
     */
    final ShuffleDependency<T> released() {
        List<String> lines = new ArrayList<>(List.of(parent.lineage().split("\n")));
        if (lines.size() > MAX_RELEASED_LINES) {
            int more = lines.size() - MAX_RELEASED_LINES;
            lines.subList(MAX_RELEASED_LINES, lines.size()).clear();
            lines.add("... (" + more + " more lines)");
        }
        return new Released<>(numReducers, List.copyOf(lines));
    }

    /** Returns true if the shuffled dataset is known to be empty (false for a released stand-in). */
    final boolean inputKnownEmpty() {
        return parent != null && parent.knownEmpty();
    }

    /** Appends the lineage of the shuffled dataset at {@code depth}. */
    final void appendInputLineage(StringBuilder sb, int depth) {
        if (releasedLineage == null) {
            parent.appendLineage(sb, depth);
            return;
        }
        String indent = "  ".repeat(depth);
        for (String line : releasedLineage) {
            sb.append(indent).append(line).append('\n');
        }
    }

    /** Returns the number of reduce partitions. */
    public final int numReducers() {
        return numReducers;
    }

    /** Computes one map task's output from one parent partition. */
    protected abstract Object mapTask(Iterator<T> partition) throws Exception;

    /**
     * Computes the map task of partition {@code split} of {@code input}; by default
     * {@link #mapTask(Iterator)} over the partition's iterator. A shuffle that folds each record
     * into its output may read the partition with {@link RddNode#forEach} instead.
     */
    protected Object mapTask(RddNode<T> input, int split) throws Exception {
        return mapTask(input.iterator(split));
    }

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
            tasks.add(() -> ctx.attempt(() -> mapTask(parent, split)));
        }
        mapOutputs = afterMaps(ctx.pool().runAll(tasks).toArray());
    }

    /** What a shuffle leaves once its reader has cached every partition: a description, nothing to run. */
    private static final class Released<T> extends ShuffleDependency<T> {

        Released(int numReducers, List<String> lineage) {
            super(null, numReducers, lineage);
        }

        @Override
        protected Object mapTask(Iterator<T> partition) {
            throw new IllegalStateException("a released shuffle has no input to run");
        }
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
