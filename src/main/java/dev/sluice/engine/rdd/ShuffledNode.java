package dev.sluice.engine.rdd;

import dev.sluice.streaming.Pair;
import java.util.Iterator;
import java.util.List;

/**
 * The reduce side of a shuffle: partition {@code r} is what the shuffle's reduce partition
 * {@code r} reads, once every map task has run.
 */
public final class ShuffledNode<T> extends RddNode<T> {

    /** Reads one reduce partition of the shuffle. */
    @FunctionalInterface
    private interface Reader<T> {
        Iterator<T> read(int split) throws Exception;
    }

    private volatile ShuffleDependency<?> shuffle;
    private final Partitioner partitioner;
    private volatile Reader<T> reader;
    private final String operation;

    private ShuffledNode(RddContext ctx, ShuffleDependency<?> shuffle, Partitioner partitioner, Reader<T> reader,
                         String operation) {
        super(ctx);
        this.shuffle = shuffle;
        this.partitioner = partitioner;
        this.reader = reader;
        this.operation = operation;
    }

    /** Reads an {@link AggregateShuffle}: each key of a partition once, with its merged combiner. */
    public static <K, V, C> ShuffledNode<Pair<K, C>> combined(RddContext ctx, AggregateShuffle<K, V, C> shuffle,
                                                               String operation) {
        return new ShuffledNode<>(ctx, shuffle, shuffle.partitioner(), split -> KeyedOps.entries(shuffle.reduce(split)),
                operation);
    }

    /** Reads a {@link RecordShuffle}: the records of a partition, map partition by map partition. */
    public static <T> ShuffledNode<T> records(RddContext ctx, RecordShuffle<T> shuffle, String operation) {
        return new ShuffledNode<>(ctx, shuffle, shuffle.partitioner(), shuffle::read, operation);
    }

    /** Reads a {@link GroupShuffle}: each key of a partition once, with its values. */
    public static <K, V> ShuffledNode<Pair<K, List<V>>> grouped(RddContext ctx, GroupShuffle<K, V> shuffle,
                                                                String operation) {
        return new ShuffledNode<>(ctx, shuffle, shuffle.partitioner(), shuffle::group, operation);
    }

    /** Returns the shuffle this dataset reads (a stand-in that runs nothing once a persisted reader let it go). */
    public ShuffleDependency<?> shuffle() {
        return shuffle;
    }

    @Override
    public int numPartitions() {
        return shuffle.numReducers();
    }

    /** A shuffle of no records reads none. */
    @Override
    public boolean knownEmpty() {
        return shuffle.inputKnownEmpty();
    }

    @Override
    public List<ShuffleDependency<?>> shuffleDependencies() {
        return List.of(shuffle);
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
        Reader<T> r = reader;
        return r != null ? r.read(split) : cached(split);
    }

    /**
     * Once persisted and fully cached, drops the shuffle (its map outputs and the input they were
     * made from) for a stand-in that only describes it. A read that had already started keeps the
     * shuffle it started with.
     */
    @Override
    protected void releaseLineage() {
        shuffle = shuffle.released();
        reader = null;
    }
}
