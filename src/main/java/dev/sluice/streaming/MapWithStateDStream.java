package dev.sluice.streaming;

import dev.sluice.engine.plan.StateOp;

/**
 * The stream of values returned by a {@code mapWithState} function, one per record (plus one per
 * key timed out); {@link #stateSnapshots()} gives the state of every key after each batch.
 */
public final class MapWithStateDStream<K, V, S, R> extends DStream<R> {

    private final StateOp.MapWithState mapWithState;

    MapWithStateDStream(StreamingContext ssc, StateOp.MapWithState op) {
        super(ssc, op);
        this.mapWithState = op;
    }

    /** Returns a keyed stream of every key's state after each batch. */
    public PairDStream<K, S> stateSnapshots() {
        return new PairDStream<>(ssc, new StateOp.StateSnapshots(mapWithState));
    }

    /** Returns the number of partitions the state is kept in. */
    public int numStatePartitions() {
        StateSpec<?, ?, ?, ?> spec = mapWithState.spec();
        if (spec.getPartitioner().isPresent()) {
            return spec.getPartitioner().get().numPartitions();
        }
        int n = spec.getNumPartitions();
        return n > 0 ? n : ssc.parallelism();
    }

    @Override
    public MapWithStateDStream<K, V, S, R> name(String name) {
        super.name(name);
        return this;
    }
}
