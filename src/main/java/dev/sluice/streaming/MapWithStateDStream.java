package dev.sluice.streaming;

import dev.sluice.engine.graph.MapWithStateNode;
import dev.sluice.engine.graph.PerBatchNode;
import dev.sluice.engine.rdd.ElementStep;
import dev.sluice.engine.rdd.MapPartitionsNode;
import dev.sluice.engine.rdd.Partitioner;
import java.util.List;

/**
 * The stream of values returned by a {@code mapWithState} function, one per record (plus one per
 * key timed out); {@link #stateSnapshots()} gives the state of every key after each batch.
 */
public final class MapWithStateDStream<K, V, S, R> extends DStream<R> {

    private final Partitioner partitioner;

    MapWithStateDStream(StreamingContext ssc, MapWithStateNode<K, V, S, R> node, Partitioner partitioner) {
        super(ssc, node);
        this.partitioner = partitioner;
    }

    /** Returns a keyed stream of every key's state after each batch. */
    @SuppressWarnings("unchecked")
    public PairDStream<K, S> stateSnapshots() {
        return new PairDStream<>(ssc, new PerBatchNode<>(graph(), List.of(node), "stateSnapshots", (rdds, t) -> {
            MapWithStateNode.Result<K, S, R> result = (MapWithStateNode.Result<K, S, R>) rdds.get(0);
            return new MapPartitionsNode<Pair<K, MapWithStateNode.Timed<S>>, Pair<K, S>>(result.state(),
                    ElementStep.map(p -> new Pair<>(p.key(), p.value().state())), true, "stateSnapshots");
        }));
    }

    /** Returns the number of partitions the state is kept in. */
    public int numStatePartitions() {
        return partitioner.numPartitions();
    }

    @Override
    public MapWithStateDStream<K, V, S, R> name(String name) {
        super.name(name);
        return this;
    }
}
