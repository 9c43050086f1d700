package dev.sluice.engine.rdd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.List;
import java.util.RandomAccess;

/**
 * A dataset whose partitions are held in memory as lists: parallelized collections, received
 * blocks, materialized state. The partitions a batch is sliced into are {@link ValueList}s, whose
 * chunks stay small: one array of millions of references would be allocated by G1 in the old
 * generation, where every reference stored into it goes through the write barrier's slow path.
 */
public final class ParallelCollectionNode<T> extends RddNode<T> {

    private final List<?>[] partitions;
    private final Partitioner partitioner;
    private final String operation;

    /** Wraps ready partitions (not copied; they must not change); {@code partitioner} may be null. */
    public ParallelCollectionNode(RddContext ctx, Object[][] partitions, Partitioner partitioner, String operation) {
        this(ctx, asLists(partitions), partitioner, operation);
    }

    private ParallelCollectionNode(RddContext ctx, List<?>[] partitions, Partitioner partitioner, String operation) {
        super(ctx);
        this.partitions = partitions;
        this.partitioner = partitioner;
        this.operation = operation;
    }

    private static List<?>[] asLists(Object[][] arrays) {
        List<?>[] lists = new List<?>[arrays.length];
        for (int i = 0; i < arrays.length; i++) {
            lists[i] = Arrays.asList(arrays[i]);
        }
        return lists;
    }

    /** Splits {@code data} into {@code numSlices} contiguous partitions of near-equal size. */
    public static <T> ParallelCollectionNode<T> slice(RddContext ctx, Collection<? extends T> data, int numSlices, String op) {
        return slice(ctx, List.of(data), numSlices, op);
    }

    /**
     * Splits the concatenation of {@code chunks} into {@code numSlices} contiguous partitions of
     * near-equal size. Each element is copied once, straight into its partition's list: a batch
     * of millions of records makes no intermediate array as large as itself.
     */
    public static <T> ParallelCollectionNode<T> slice(RddContext ctx, List<? extends Collection<? extends T>> chunks,
                                                      int numSlices, String op) {
        if (numSlices < 1) {
            throw new IllegalArgumentException("number of partitions must be at least 1, got " + numSlices);
        }
        long total = 0;
        for (Collection<? extends T> c : chunks) {
            total += c.size();
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("cannot hold " + total + " elements in memory partitions");
        }
        Cursor source = new Cursor(chunks.iterator());
        List<?>[] parts = new List<?>[numSlices];
        for (int i = 0; i < numSlices; i++) {
            int length = bound(i + 1, total, numSlices) - bound(i, total, numSlices);
            ValueList<Object> part = new ValueList<>(length);
            source.copy(length, part);
            parts[i] = part;
        }
        return new ParallelCollectionNode<>(ctx, parts, null, op);
    }

    private static int bound(int slice, long total, int numSlices) {
        return (int) (slice * total / numSlices);
    }

    /**
     * Reads the concatenated chunks in order. A chunk that is a random-access list is copied by
     * index, a run at a time; any other collection through its iterator.
     */
    private static final class Cursor {
        private final Iterator<? extends Collection<?>> chunks;
        private List<?> list;
        private Iterator<?> iterator;
        private int position;
        private int size;

        Cursor(Iterator<? extends Collection<?>> chunks) {
            this.chunks = chunks;
        }

        /** Appends the next {@code n} elements to {@code into}. */
        void copy(int n, ValueList<Object> into) {
            while (n > 0) {
                if (list != null && position < size) {
                    int k = Math.min(n, size - position);
                    into.addRange(list, position, position + k);
                    position += k;
                    n -= k;
                } else if (iterator != null && iterator.hasNext()) {
                    into.add(iterator.next());
                    n--;
                } else {
                    next();
                }
            }
        }

        private void next() {
            if (!chunks.hasNext()) {
                throw new ConcurrentModificationException("a collection shrank while it was being partitioned");
            }
            Collection<?> c = chunks.next();
            if (c instanceof List<?> l && c instanceof RandomAccess) {
                list = l;
                iterator = null;
                position = 0;
                size = l.size();
            } else {
                list = null;
                iterator = c.iterator();
            }
        }
    }

    /** Returns an empty dataset with no partitions. */
    public static <T> ParallelCollectionNode<T> empty(RddContext ctx) {
        return new ParallelCollectionNode<>(ctx, new List<?>[0], null, "empty");
    }

    /** Returns a dataset with one partition per list; the lists are not copied and must not change. */
    public static <T> ParallelCollectionNode<T> ofPartitions(RddContext ctx, List<? extends List<?>> parts, Partitioner p, String op) {
        return new ParallelCollectionNode<>(ctx, parts.toArray(new List<?>[0]), p, op);
    }

    /** Returns the number of elements, without running a job. */
    public long size() {
        long n = 0;
        for (List<?> p : partitions) {
            n += p.size();
        }
        return n;
    }

    /** Returns every element in partition order. */
    @SuppressWarnings("unchecked")
    public List<T> elements() {
        List<T> out = new ArrayList<>();
        for (List<?> p : partitions) {
            for (Object o : p) {
                out.add((T) o);
            }
        }
        return out;
    }

    /** Returns partition {@code split}'s elements (read-only), for a runner that ships them. */
    @SuppressWarnings("unchecked")
    public List<T> partition(int split) {
        return (List<T>) java.util.Collections.unmodifiableList(partitions[split]);
    }

    @Override
    public int numPartitions() {
        return partitions.length;
    }

    @Override
    public boolean knownEmpty() {
        for (List<?> p : partitions) {
            if (!p.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public Partitioner partitioner() {
        return partitioner;
    }

    @Override
    public boolean isFullyComputed() {
        return true;
    }

    @Override
    public String operation() {
        return operation;
    }

    @Override
    @SuppressWarnings("unchecked")
    protected Iterator<T> compute(int split) {
        return (Iterator<T>) partitions[split].iterator();
    }

    @Override
    @SuppressWarnings("unchecked")
    protected void push(int split, Sink<? super T> sink) throws Exception {
        List<?> part = partitions[split];
        if (part instanceof ValueList<?> values) {
            ((ValueList<T>) values).push(sink);
        } else {
            super.push(split, sink);
        }
    }
}
