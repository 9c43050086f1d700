package dev.sluice.engine.rdd;

import java.util.Iterator;
import java.util.NoSuchElementException;

/** The numbers {@code [start, end)} split into contiguous partitions, generated on the fly. */
public final class RangeNode extends RddNode<Long> {

    private final long start;
    private final long end;
    private final int slices;

    /** Creates the range {@code [start, end)} in {@code slices} partitions. */
    public RangeNode(RddContext ctx, long start, long end, int slices) {
        super(ctx);
        this.start = start;
        this.end = Math.max(start, end);
        this.slices = Math.max(1, slices);
    }

    @Override
    public int numPartitions() {
        return slices;
    }

    @Override
    public boolean isFullyComputed() {
        return true;
    }

    @Override
    public String operation() {
        return "range [" + start + ", " + end + ")";
    }

    /** Returns the number of elements. */
    public long size() {
        return end - start;
    }

    @Override
    protected Iterator<Long> compute(int split) {
        long n = end - start;
        long from = start + n * split / slices;
        long to = start + n * (split + 1) / slices;
        return new Iterator<>() {
            private long next = from;

            @Override
            public boolean hasNext() {
                return next < to;
            }

            @Override
            public Long next() {
                if (next >= to) {
                    throw new NoSuchElementException();
                }
                return next++;
            }
        };
    }
}
