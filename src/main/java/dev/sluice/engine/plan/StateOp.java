package dev.sluice.engine.plan;

import dev.sluice.streaming.PairRDD;
import dev.sluice.streaming.Partitioner;
import dev.sluice.streaming.StateSpec;
import dev.sluice.streaming.UpdateStateFunction;
import java.util.List;
import java.util.Objects;

/** State kept per key across batches: {@code updateStateByKey}, {@code mapWithState} and its snapshots. */
public sealed interface StateOp extends StreamOp {

    /** Returns the stream this operator reads. */
    StreamOp parent();

    @Override
    default List<StreamOp> parents() {
        return List.of(parent());
    }

    /**
     * {@code .updateStateByKey(update[, numPartitions | partitioner][, initialState])}: every key's state, updated
     * each batch; 0 partitions means the default, a {@code partitioner} (may be null) wins over it,
     * {@code initialState} may be null.
     */
    record UpdateStateByKey(StreamOp parent, UpdateStateFunction<?, ?> update, int numPartitions, PairRDD<?, ?> initialState,
                            Partitioner partitioner) implements StateOp {
        public UpdateStateByKey {
            Objects.requireNonNull(parent, "parent");
            Objects.requireNonNull(update, "update");
            Render.requirePartitions(numPartitions);
        }

        /** Without a partitioner. */
        public UpdateStateByKey(StreamOp parent, UpdateStateFunction<?, ?> update, int numPartitions, PairRDD<?, ?> initialState) {
            this(parent, update, numPartitions, initialState, null);
        }

        @Override
        public String kind() {
            return "updateStateByKey";
        }

        @Override
        public String toNativeString(StreamIds ids) {
            return ".updateStateByKey(update" + Render.partitions(numPartitions, partitioner)
                    + (initialState != null ? ", initialState" : "") + ")";
        }
    }

    /** {@code .mapWithState(spec)}: the mapping function's results, one per record (and per key timed out). */
    record MapWithState(StreamOp parent, StateSpec<?, ?, ?, ?> spec) implements StateOp {
        public MapWithState {
            Objects.requireNonNull(parent, "parent");
            Objects.requireNonNull(spec, "spec");
        }

        @Override
        public String kind() {
            return "mapWithState";
        }

        @Override
        public String toNativeString(StreamIds ids) {
            StringBuilder sb = new StringBuilder(".mapWithState(StateSpec.function(f)");
            spec.getTimeout().ifPresent(t -> sb.append(".timeout(").append(Render.duration(t)).append(')'));
            spec.getInitialState().ifPresent(t -> sb.append(".initialState(initial)"));
            if (spec.getNumPartitions() > 0) {
                sb.append(".numPartitions(").append(spec.getNumPartitions()).append(')');
            }
            spec.getPartitioner().ifPresent(p -> sb.append(".partitioner(partitioner)"));
            return sb.append(')').toString();
        }
    }

    /** {@code .stateSnapshots()} of a {@link MapWithState}: every key's state after each batch. */
    record StateSnapshots(MapWithState parent) implements StateOp {
        public StateSnapshots {
            Objects.requireNonNull(parent, "parent");
        }

        @Override
        public String kind() {
            return "stateSnapshots";
        }

        @Override
        public String toNativeString(StreamIds ids) {
            return ".stateSnapshots()";
        }
    }
}
