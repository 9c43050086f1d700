package dev.sluice.spark;

import dev.sluice.engine.plan.StateOp;
import dev.sluice.engine.plan.StreamOp;
import dev.sluice.streaming.PairRDD;
import dev.sluice.streaming.StateSpec;
import java.util.Map;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.streaming.api.java.JavaMapWithStateDStream;

/**
 * Carries the state of {@code updateStateByKey} and {@code mapWithState} streams across a restart
 * of Spark's streaming context (when a stream or output is attached to a running context): every
 * batch, a hidden output of the translation keeps each state stream's state (for
 * {@code mapWithState}, its state snapshots); at the restart the last one is copied out of the
 * stopped context's lineage and becomes the state stream's initial state in the new translation.
 * Timeouts of {@code mapWithState} count from the restart again: the snapshot has no idle times.
 */
final class StateCarry {

    private StateCarry() {
    }

    /** Returns true if {@code op} keeps state that a restart carries over. */
    static boolean carries(StreamOp op) {
        return op instanceof StateOp.UpdateStateByKey || op instanceof StateOp.MapWithState;
    }

    /** Registers the hidden output that keeps {@code op}'s state of every batch in {@code in}; {@code op} is translated. */
    static void keep(StreamOp op, Translation in) throws Exception {
        int tid = in.id;
        int key = in.keep(op);       // captured by number: Spark serializes its graph for checkpoints
        if (op instanceof StateOp.MapWithState) {
            JavaMapWithStateDStream<Object, Object, Object, Object> states = Fns.cast(in.extras.get(op));
            states.stateSnapshots().foreachRDD(rdd -> hold(tid, key, rdd));
        } else {
            in.of(op).pairs().foreachRDD(rdd -> hold(tid, key, rdd));
        }
    }

    private static void hold(int tid, int key, JavaPairRDD<Object, Object> rdd) {
        Translation t = Translation.get(tid);
        t.holdState(t.kept(key), rdd);
    }

    /**
     * Returns {@code state} (Spark pairs) as a dataset of Sluice pairs that no longer depends on the
     * stream it came from: computed now, kept in the executors' storage, its lineage cut.
     */
    static JavaRDD<Object> detach(JavaPairRDD<Object, Object> state) {
        JavaRDD<Object> pairs = state.map(Dataset::toPair);
        pairs.persist(StorageLevel.MEMORY_AND_DISK());
        pairs.rdd().localCheckpoint();
        pairs.count();
        return pairs;
    }

    /**
     * Returns {@code op} with {@code state} (a dataset of Sluice pairs) as its initial state, replacing
     * any initial state it had (which the carried state already includes); {@code op} itself when
     * {@code state} is null.
     */
    static StreamOp withInitialState(StreamOp op, JavaRDD<Object> state, Translation in) {
        if (state == null) {
            return op;
        }
        PairRDD<Object, Object> initial = Fns.cast(in.runner.<Object>wrap(
                new SparkBatchNode<>(in.runner.rddContext(), state, "state carried over a restart"), true));
        if (op instanceof StateOp.UpdateStateByKey u) {
            return new StateOp.UpdateStateByKey(u.parent(), u.update(), u.numPartitions(), initial, u.partitioner());
        }
        if (op instanceof StateOp.MapWithState m) {
            StateSpec<Object, Object, Object, Object> old = Fns.cast(m.spec());
            StateSpec<Object, Object, Object, Object> spec = StateSpec.function(old.mappingFunction());
            old.getTimeout().ifPresent(spec::timeout);
            if (old.getPartitioner().isPresent()) {
                spec.partitioner(old.getPartitioner().get());
            } else if (old.getNumPartitions() > 0) {
                spec.numPartitions(old.getNumPartitions());
            }
            spec.initialState(initial);
            return new StateOp.MapWithState(m.parent(), spec);
        }
        return op;
    }

    /** Moves what a translator recorded under the copy {@code translated} to the plan's own {@code op}. */
    static void rekey(Map<StreamOp, Object> extras, StreamOp translated, StreamOp op) {
        if (translated != op && extras.containsKey(translated)) {
            extras.put(op, extras.remove(translated));
        }
    }
}
