package dev.sluice.engine.local;

import dev.sluice.engine.graph.MapWithStateNode;
import dev.sluice.engine.graph.PerBatchNode;
import dev.sluice.engine.graph.StateNode;
import dev.sluice.engine.graph.StreamNode;
import dev.sluice.engine.plan.StateOp;
import dev.sluice.engine.rdd.ElementStep;
import dev.sluice.engine.rdd.HashPartitioner;
import dev.sluice.engine.rdd.MapBackedNode;
import dev.sluice.engine.rdd.MapPartitionsNode;
import dev.sluice.engine.rdd.Partitioner;
import dev.sluice.streaming.MappingFunction;
import dev.sluice.streaming.Pair;
import dev.sluice.streaming.PairRDD;
import dev.sluice.streaming.StateSpec;
import dev.sluice.streaming.UpdateStateFunction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** The embedded engine's builders of state across batches. */
final class StateBuilders {

    private StateBuilders() {
    }

    static void register(LocalBuilders b) {
        b.stream(StateOp.UpdateStateByKey.class, StateBuilders::updateStateByKey);
        b.stream(StateOp.MapWithState.class, StateBuilders::mapWithState);
        b.stream(StateOp.StateSnapshots.class, StateBuilders::stateSnapshots);
    }

    static StreamNode<?> updateStateByKey(StateOp.UpdateStateByKey op, LocalPlanner in) {
        UpdateStateFunction<Object, Object> update = LocalPlanner.fn(op.update());
        Partitioner p = in.partitioner(op.numPartitions(), op.partitioner());
        Supplier<MapBackedNode<Object, Object>> initial;
        if (op.initialState() == null) {
            initial = () -> MapBackedNode.empty(in.graph().rddContext(), p, "initial state");
        } else {
            PairRDD<Object, Object> state = LocalPlanner.fn(op.initialState());
            initial = memoize(() -> MapBackedNode.fromPairs(in.graph().rddContext(), state.collect(), p, "initial state"));
        }
        StreamNode<Pair<Object, Object>> parent = in.node(op.parent());
        return new StateNode<>(in.graph(), parent, update, p, initial);
    }

    /** Returns the number of partitions {@code spec} keeps its state in. */
    static int statePartitions(StateSpec<?, ?, ?, ?> spec, int parallelism) {
        return spec.getNumPartitions() > 0 ? spec.getNumPartitions() : parallelism;
    }

    static StreamNode<?> mapWithState(StateOp.MapWithState op, LocalPlanner in) {
        StateSpec<Object, Object, Object, Object> spec = LocalPlanner.fn(op.spec());
        Partitioner p = spec.getPartitioner().isPresent() ? in.host().toEngine(spec.getPartitioner().get())
                : new HashPartitioner(statePartitions(spec, in.host().parallelism()));
        long timeout = spec.getTimeout().map(dev.sluice.engine.Micros::of).orElse(0L);
        Supplier<MapBackedNode<Object, MapWithStateNode.Timed<Object>>> initial = memoize(() -> {
            List<Pair<Object, MapWithStateNode.Timed<Object>>> pairs = new ArrayList<>();
            if (spec.getInitialState().isPresent()) {
                long zero = in.graph().zeroTime();
                for (Pair<Object, Object> kv : spec.getInitialState().get().collect()) {
                    pairs.add(new Pair<>(kv.key(), new MapWithStateNode.Timed<>(kv.value(), zero)));
                }
            }
            return MapBackedNode.fromPairs(in.graph().rddContext(), pairs, p, "initial state");
        });
        StreamNode<Pair<Object, Object>> parent = in.node(op.parent());
        MappingFunction<Object, Object, Object, Object> f = spec.mappingFunction();
        return new MapWithStateNode<>(in.graph(), parent, f, p, timeout, initial);
    }

    @SuppressWarnings("unchecked")
    static StreamNode<?> stateSnapshots(StateOp.StateSnapshots op, LocalPlanner in) {
        return new PerBatchNode<>(in.graph(), List.of(in.node(op.parent())), "stateSnapshots", (rdds, t) -> {
            MapWithStateNode.Result<Object, Object, Object> result = (MapWithStateNode.Result<Object, Object, Object>) rdds.get(0);
            return new MapPartitionsNode<Pair<Object, MapWithStateNode.Timed<Object>>, Pair<Object, Object>>(result.state(),
                    ElementStep.map(p -> new Pair<>(p.key(), p.value().state())), true, "stateSnapshots");
        });
    }

    private static <X> Supplier<X> memoize(Supplier<X> s) {
        return new Supplier<>() {
            private X value;

            @Override
            public synchronized X get() {
                if (value == null) {
                    value = s.get();
                }
                return value;
            }
        };
    }
}
