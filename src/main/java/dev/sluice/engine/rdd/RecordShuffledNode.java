package dev.sluice.engine.rdd;

import java.util.Iterator;
import java.util.List;

/** The reduce side of a {@link RecordShuffle}. */
public final class RecordShuffledNode<T> extends RddNode<T> {

    private final RecordShuffle<T> shuffle;
    private final String operation;

    /** Reads {@code shuffle}. */
    public RecordShuffledNode(RddContext ctx, RecordShuffle<T> shuffle, String operation) {
        super(ctx);
        this.shuffle = shuffle;
        this.operation = operation;
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
    public Partitioner partitioner() {
        return shuffle.partitioner();
    }

    @Override
    public String operation() {
        return operation;
    }

    @Override
    protected Iterator<T> compute(int split) {
        return shuffle.read(split);
    }
}
