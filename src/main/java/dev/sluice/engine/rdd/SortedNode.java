package dev.sluice.engine.rdd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

/**
 * A dataset sorted by a key across partitions: map tasks sort their partitions; the split points
 * of the reduce partitions are chosen from all keys once the map stage is done, so partition
 * {@code i} holds keys no greater than those of partition {@code i + 1}.
 */
public final class SortedNode<T> extends RddNode<T> {

    /** Extracts the sort key of a record. */
    @FunctionalInterface
    public interface KeyFunction<T> extends java.io.Serializable {
        /** Returns the sort key of {@code record}. */
        Object key(T record) throws Exception;
    }

    private final SortShuffle<T> shuffle;

    /** Sorts {@code parent} by {@code keyFunction} into {@code numPartitions} partitions. */
    public SortedNode(RddNode<T> parent, KeyFunction<T> keyFunction, Comparator<Object> order, int numPartitions) {
        super(parent.context());
        this.shuffle = new SortShuffle<>(parent, numPartitions, keyFunction, order);
    }

    /** Returns the dataset that is sorted. */
    public RddNode<T> parent() {
        return shuffle.parent();
    }

    /** Returns the function that gives a record's sort key. */
    public KeyFunction<T> keyFunction() {
        return shuffle.keyFunction;
    }

    /** Returns the order of the keys. */
    public Comparator<Object> order() {
        return shuffle.order;
    }

    @Override
    public int numPartitions() {
        return shuffle.numReducers();
    }

    @Override
    public List<ShuffleDependency<?>> shuffleDependencies() {
        return List.of(shuffle);
    }

    @Override
    public String operation() {
        return "sortBy";
    }

    @Override
    protected Iterator<T> compute(int split) {
        return shuffle.read(split);
    }

    private static final class SortShuffle<T> extends ShuffleDependency<T> {
        private final KeyFunction<T> keyFunction;
        private final Comparator<Object> order;

        SortShuffle(RddNode<T> parent, int n, KeyFunction<T> keyFunction, Comparator<Object> order) {
            super(parent, n);
            this.keyFunction = keyFunction;
            this.order = order;
        }

        @Override
        protected Object mapTask(Iterator<T> data) throws Exception {
            List<Object[]> keyed = new ArrayList<>();
            while (data.hasNext()) {
                T record = data.next();
                keyed.add(new Object[] {keyFunction.key(record), record});
            }
            keyed.sort((a, b) -> order.compare(a[0], b[0]));
            return keyed;
        }

        @Override
        @SuppressWarnings("unchecked")
        protected Object[] afterMaps(Object[] outputs) {
            List<Object[]> all = new ArrayList<>();
            for (Object o : outputs) {
                all.addAll((List<Object[]>) o);
            }
            all.sort((a, b) -> order.compare(a[0], b[0]));
            int n = numReducers();
            Object[] ranges = new Object[n];
            for (int r = 0; r < n; r++) {
                int from = (int) ((long) r * all.size() / n);
                int to = (int) ((long) (r + 1) * all.size() / n);
                Object[] records = new Object[to - from];
                for (int i = from; i < to; i++) {
                    records[i - from] = all.get(i)[1];
                }
                ranges[r] = records;
            }
            return ranges;
        }

        @SuppressWarnings("unchecked")
        Iterator<T> read(int r) {
            return (Iterator<T>) Arrays.asList((Object[]) mapOutputs()[r]).iterator();
        }
    }
}
