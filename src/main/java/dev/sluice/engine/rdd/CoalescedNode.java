package dev.sluice.engine.rdd;

import java.util.Iterator;
import java.util.List;

/**
 * Fewer partitions without a shuffle: result partition {@code i} reads the parent's partitions
 * {@code [i * n / k, (i + 1) * n / k)} one after the other (n parent partitions, k result
 * partitions), so adjacent partitions are merged and the elements keep their order.
 */
public final class CoalescedNode<T> extends RddNode<T> {

    private final RddNode<T> parent;
    private final int numPartitions;

    /** Merges {@code parent}'s partitions into {@code min(numPartitions, parent's count)} partitions. */
    public CoalescedNode(RddNode<T> parent, int numPartitions) {
        super(parent.context());
        if (numPartitions < 1) {
            throw new IllegalArgumentException("number of partitions must be at least 1, got " + numPartitions);
        }
        this.parent = parent;
        this.numPartitions = Math.min(numPartitions, parent.numPartitions());
    }

    @Override
    public int numPartitions() {
        return numPartitions;
    }

    @Override
    public List<RddNode<?>> narrowParents() {
        return List.of(parent);
    }

    @Override
    public String operation() {
        return "coalesce";
    }

    /** Returns the first parent partition that result partition {@code split} reads. */
    public int firstParent(int split) {
        return (int) ((long) split * parent.numPartitions() / numPartitions);
    }

    @Override
    protected Iterator<T> compute(int split) throws Exception {
        int from = firstParent(split);
        int to = firstParent(split + 1);
        return new Iterator<>() {
            private int next = from;
            private Iterator<T> current = java.util.Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && next < to) {
                    try {
                        current = parent.iterator(next++);
                    } catch (Exception e) {
                        throw UserFunctionException.wrap(e);
                    }
                }
                return current.hasNext();
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                return current.next();
            }
        };
    }
}
