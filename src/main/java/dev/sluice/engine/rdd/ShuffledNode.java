package dev.sluice.engine.rdd;

import dev.sluice.streaming.Pair;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** The reduce side of an {@link AggregateShuffle}: partition {@code r} holds each of its keys once, with the merged combiner. */
public final class ShuffledNode<K, V, C> extends RddNode<Pair<K, C>> {

    private final AggregateShuffle<K, V, C> shuffle;
    private final String operation;

    /** Reads the shuffle {@code shuffle}. */
    public ShuffledNode(RddContext ctx, AggregateShuffle<K, V, C> shuffle, String operation) {
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
    protected Iterator<Pair<K, C>> compute(int split) throws Exception {
        Iterator<Map.Entry<K, C>> entries = shuffle.reduce(split).entrySet().iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return entries.hasNext();
            }

            @Override
            public Pair<K, C> next() {
                Map.Entry<K, C> e = entries.next();
                return new Pair<>(e.getKey(), e.getValue());
            }
        };
    }
}
