package dev.sluice.spark;

import dev.sluice.engine.plan.StateOp;
import dev.sluice.streaming.MappingFunction;
import dev.sluice.streaming.PairRDD;
import dev.sluice.streaming.StateSpec;
import dev.sluice.streaming.UpdateStateFunction;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.Optional;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.api.java.function.Function3;
import org.apache.spark.streaming.api.java.JavaMapWithStateDStream;
import org.apache.spark.streaming.api.java.JavaPairDStream;

/** Translators of the state operators; Spark keeps their state in its checkpoint directory. */
final class StateTranslators {

    private StateTranslators() {
    }

    static void register(SparkTranslators t) {
        t.stream(StateOp.UpdateStateByKey.class, StateTranslators::updateStateByKey);
        t.stream(StateOp.MapWithState.class, StateTranslators::mapWithState);
        t.stream(StateOp.StateSnapshots.class, (op, in) -> {
            in.of(op.parent());
            JavaMapWithStateDStream<Object, Object, Object, Object> states = Fns.cast(in.extras.get(op.parent()));
            return Dataset.ofPairs(states.stateSnapshots());
        });
    }

    static Dataset updateStateByKey(StateOp.UpdateStateByKey op, Translation in) throws Exception {
        in.needsCheckpoint = true;
        UpdateStateFunction<Object, Object> update = Fns.cast(op.update());
        ReplStatics statics = Fns.statics(update);
        Function2<List<Object>, Optional<Object>, Optional<Object>> f =
                (values, state) -> {
                    statics.install();
                    return Fns.toSpark(update.call(values, Fns.toJava(state)));
                };
        JavaPairDStream<Object, Object> p = in.of(op.parent()).pairs();
        org.apache.spark.Partitioner partitioner = PartitionerAdapter.of(op.partitioner(), op.numPartitions(), in.runner.parallelism());
        if (op.initialState() != null) {
            JavaPairRDD<Object, Object> initial = in.toSpark(op.initialState()).mapToPair(Dataset::toTuple);
            return Dataset.ofPairs(p.updateStateByKey(f, partitioner, initial));
        }
        return Dataset.ofPairs(p.updateStateByKey(f, partitioner));
    }

    static Dataset mapWithState(StateOp.MapWithState op, Translation in) throws Exception {
        in.needsCheckpoint = true;
        StateSpec<Object, Object, Object, Object> spec = Fns.cast(op.spec());
        MappingFunction<Object, Object, Object, Object> mapping = spec.mappingFunction();
        ReplStatics mappingStatics = Fns.statics(mapping);
        Function3<Object, Optional<Object>, org.apache.spark.streaming.State<Object>, Object> f =
                (key, value, state) -> {
                    mappingStatics.install();
                    return mapping.call(key, Fns.toJava(value), new SparkState<>(state));
                };
        org.apache.spark.streaming.StateSpec<Object, Object, Object, Object> s = org.apache.spark.streaming.StateSpec.function(f);
        if (spec.getTimeout().isPresent()) {
            s = s.timeout(Translation.d(spec.getTimeout().get()));
        }
        if (spec.getInitialState().isPresent()) {
            PairRDD<Object, Object> initial = spec.getInitialState().get();
            s = s.initialState(in.toSpark(initial).mapToPair(Dataset::toTuple));
        }
        s = spec.getPartitioner().isPresent()
                ? s.partitioner(new PartitionerAdapter(spec.getPartitioner().get()))
                : s.numPartitions(spec.getNumPartitions() > 0 ? spec.getNumPartitions() : in.runner.parallelism());
        JavaMapWithStateDStream<Object, Object, Object, Object> out = in.of(op.parent()).pairs().mapWithState(s);
        in.extras.put(op, out);
        return Dataset.ofElements(out, false);
    }

    /** The API's state of one key over Spark's. */
    private record SparkState<S>(org.apache.spark.streaming.State<S> state) implements dev.sluice.streaming.State<S> {
        @Override
        public boolean exists() {
            return state.exists();
        }

        @Override
        public S get() {
            return state.get();
        }

        @Override
        public void update(S newState) {
            state.update(newState);
        }

        @Override
        public void remove() {
            state.remove();
        }

        @Override
        public boolean isTimingOut() {
            return state.isTimingOut();
        }
    }
}
