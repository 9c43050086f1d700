package dev.sluice.engine.rdd;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Combines partition {@code i} of several datasets with equal partition counts into partition
 * {@code i} of the result; used to merge co-partitioned windows and state without a shuffle.
 */
public final class ZipPartitionsNode<T> extends RddNode<T> {

    /** Computes one result partition from the parents' partitions of the same index. */
    @FunctionalInterface
    public interface ZipFunction<T> extends java.io.Serializable {
        /** Returns partition {@code split} of the result. */
        Iterator<T> apply(int split, List<Iterator<?>> inputs) throws Exception;
    }

    private final List<RddNode<?>> parents;
    private final ZipFunction<T> function;
    private final Partitioner partitioner;
    private final int numPartitions;
    private final String operation;

    /** Zips {@code parents}, which must all have {@code numPartitions} partitions. */
    public ZipPartitionsNode(RddContext ctx, List<RddNode<?>> parents, int numPartitions, ZipFunction<T> function,
                             Partitioner partitioner, String operation) {
        super(ctx);
        for (RddNode<?> p : parents) {
            if (p.numPartitions() != numPartitions) {
                throw new IllegalArgumentException("cannot zip " + p + " with " + p.numPartitions()
                        + " partitions into " + numPartitions + " partitions");
            }
        }
        this.parents = List.copyOf(parents);
        this.numPartitions = numPartitions;
        this.function = function;
        this.partitioner = partitioner;
        this.operation = operation;
    }

    /** Returns the function that computes a result partition from the parents' partitions. */
    public ZipFunction<T> function() {
        return function;
    }

    @Override
    public int numPartitions() {
        return numPartitions;
    }

    @Override
    public List<RddNode<?>> narrowParents() {
        return parents;
    }

    @Override
    public Partitioner partitioner() {
        return partitioner;
    }

    @Override
    public String operation() {
        return operation;
    }

    @Override
    protected Iterator<T> compute(int split) throws Exception {
        List<Iterator<?>> inputs = new ArrayList<>(parents.size());
        for (RddNode<?> p : parents) {
            inputs.add(p.iterator(split));
        }
        return function.apply(split, inputs);
    }
}
