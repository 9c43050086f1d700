package dev.sluice.engine.rdd;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * The union of several datasets. When all parents share one partitioner, partition {@code i} is the
 * concatenation of every parent's partition {@code i} and keeps that partitioner, so a by-key
 * operation over a window of pre-reduced batches needs no second shuffle. Otherwise the parents'
 * partitions are laid end to end.
 */
public final class UnionNode<T> extends RddNode<T> {

    private final List<RddNode<T>> parents;
    private final Partitioner partitioner;
    private final int[] offsets;

    /** Creates the union of {@code parents} (at least one). */
    public UnionNode(RddContext ctx, List<RddNode<T>> parents) {
        super(ctx);
        this.parents = List.copyOf(parents);
        Partitioner common = parents.isEmpty() ? null : parents.get(0).partitioner();
        for (RddNode<T> p : parents) {
            if (!Objects.equals(common, p.partitioner())) {
                common = null;
                break;
            }
        }
        this.partitioner = common;
        this.offsets = new int[parents.size() + 1];
        for (int i = 0; i < parents.size(); i++) {
            offsets[i + 1] = offsets[i] + parents.get(i).numPartitions();
        }
    }

    @Override
    public int numPartitions() {
        return partitioner != null ? partitioner.numPartitions() : offsets[parents.size()];
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public List<RddNode<?>> narrowParents() {
        return (List) parents;
    }

    @Override
    public Partitioner partitioner() {
        return partitioner;
    }

    @Override
    public String operation() {
        return partitioner != null ? "union (partitioned)" : "union";
    }

    @Override
    protected Iterator<T> compute(int split) throws Exception {
        if (partitioner == null) {
            for (int i = 0; i < parents.size(); i++) {
                if (split < offsets[i + 1]) {
                    return parents.get(i).iterator(split - offsets[i]);
                }
            }
            throw new IndexOutOfBoundsException("partition " + split);
        }
        List<RddNode<T>> sources = new ArrayList<>(parents);
        return new Iterator<>() {
            private int next;
            private Iterator<T> current = Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext()) {
                    if (next >= sources.size()) {
                        return false;
                    }
                    try {
                        current = sources.get(next++).iterator(split);
                    } catch (Exception e) {
                        throw UserFunctionException.wrap(e);
                    }
                }
                return true;
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
    }
}
