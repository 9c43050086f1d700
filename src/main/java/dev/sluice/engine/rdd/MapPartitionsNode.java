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
    private final boolean preservesPartitioning;
    private final String operation;

    /** Applies {@code function} to each partition of {@code parent}. */
    public MapPartitionsNode(RddNode<T> parent, RddContext.PartitionTask<T, Iterator<U>> function,
                             boolean preservesPartitioning, String operation) {
        super(parent.context());
        this.parent = parent;
        this.function = function;
        this.preservesPartitioning = preservesPartitioning;
        this.operation = operation;
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
}
