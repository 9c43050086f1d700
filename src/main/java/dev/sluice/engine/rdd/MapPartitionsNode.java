package dev.sluice.engine.rdd;

import java.util.Iterator;
import java.util.List;

/**
 * A dataset computed partition by partition from one parent: map, flatMap, filter, mapPartitions
 * and the per-partition combine of a by-key operation whose input is already partitioned by key.
 */
public final class MapPartitionsNode<T, U> extends RddNode<U> {

    private final RddNode<T> parent;
    private final RddContext.PartitionTask<T, Iterator<U>> function;
    /** The same function as one element-wise step, or null when it needs the whole partition. */
    private final ElementStep<T, U> step;
    private final boolean preservesPartitioning;
    private final String operation;

    /** Applies {@code function} to each partition of {@code parent}. */
    public MapPartitionsNode(RddNode<T> parent, RddContext.PartitionTask<T, Iterator<U>> function,
                             boolean preservesPartitioning, String operation) {
        this(parent, function, null, preservesPartitioning, operation);
    }

    /** Applies {@code step} to each element of {@code parent}; a task may pull or push the elements through it. */
    public MapPartitionsNode(RddNode<T> parent, ElementStep<T, U> step, boolean preservesPartitioning, String operation) {
        this(parent, (s, it) -> step.pull(it), step, preservesPartitioning, operation);
    }

    private MapPartitionsNode(RddNode<T> parent, RddContext.PartitionTask<T, Iterator<U>> function, ElementStep<T, U> step,
                              boolean preservesPartitioning, String operation) {
        super(parent.context());
        this.parent = parent;
        this.function = function;
        this.step = step;
        this.preservesPartitioning = preservesPartitioning;
        this.operation = operation;
    }

    /** An element-wise step (map, filter, flatMap) makes nothing of no elements; a partition function may. */
    @Override
    public boolean knownEmpty() {
        return numPartitions() == 0 || step != null && parent.knownEmpty();
    }

    /** Returns the dataset this one is computed from. */
    public RddNode<T> parent() {
        return parent;
    }

    /** Returns the function that computes a partition from the parent's partition of the same index. */
    public RddContext.PartitionTask<T, Iterator<U>> function() {
        return function;
    }

    @Override
    public int numPartitions() {
        return parent.numPartitions();
    }

    @Override
    public List<RddNode<?>> narrowParents() {
        return List.of(parent);
    }

    @Override
    public Partitioner partitioner() {
        return preservesPartitioning ? parent.partitioner() : null;
    }

    @Override
    public String operation() {
        return operation;
    }

    @Override
    protected Iterator<U> compute(int split) throws Exception {
        return function.apply(split, parent.iterator(split));
    }

    @Override
    protected void push(int split, Sink<? super U> sink) throws Exception {
        if (step == null) {
            super.push(split, sink);
        } else {
            parent.forEach(split, step.into(sink));
        }
    }
}
