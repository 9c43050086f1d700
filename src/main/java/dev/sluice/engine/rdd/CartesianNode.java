package dev.sluice.engine.rdd;

import dev.sluice.streaming.Pair;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The cartesian product of two datasets: partition {@code i * m + j} pairs every element of the
 * left dataset's partition {@code i} with every element of the right dataset's partition
 * {@code j} (m being the right dataset's partition count), left element by left element.
 */
public final class CartesianNode<A, B> extends RddNode<Pair<A, B>> {

    private final RddNode<A> left;
    private final RddNode<B> right;

    /** Pairs every element of {@code left} with every element of {@code right}. */
    public CartesianNode(RddNode<A> left, RddNode<B> right) {
        super(left.context());
        this.left = left;
        this.right = right;
    }

    @Override
    public int numPartitions() {
        return left.numPartitions() * right.numPartitions();
    }

    @Override
    public List<RddNode<?>> narrowParents() {
        return List.of(left, right);
    }

    @Override
    public String operation() {
        return "cartesian";
    }

    @Override
    protected Iterator<Pair<A, B>> compute(int split) throws Exception {
        int m = right.numPartitions();
        Iterator<A> lefts = left.iterator(split / m);
        List<B> rights = new ArrayList<>();
        right.iterator(split % m).forEachRemaining(rights::add);
        return new Iterator<>() {
            private A current;
            private int next = rights.size();

            @Override
            public boolean hasNext() {
                while (next >= rights.size()) {
                    if (rights.isEmpty() || !lefts.hasNext()) {
                        return false;
                    }
                    current = lefts.next();
                    next = 0;
                }
                return true;
            }

            @Override
            public Pair<A, B> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return new Pair<>(current, rights.get(next++));
            }
        };
    }
}
