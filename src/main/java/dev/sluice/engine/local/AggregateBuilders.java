package dev.sluice.engine.local;

import dev.sluice.engine.graph.PerBatchNode;
import dev.sluice.engine.graph.StreamNode;
import dev.sluice.engine.plan.AggregateOp;
import dev.sluice.engine.rdd.ElementStep;
import dev.sluice.engine.rdd.HashPartitioner;
import dev.sluice.engine.rdd.KeyedOps;
import dev.sluice.engine.rdd.MapPartitionsNode;
import dev.sluice.engine.rdd.ParallelCollectionNode;
import dev.sluice.engine.rdd.RddNode;
import dev.sluice.engine.rdd.UnionNode;
import dev.sluice.streaming.MapFunction;
import dev.sluice.streaming.Pair;
import dev.sluice.streaming.ReduceFunction;
import java.util.List;

/** The embedded engine's builders of per-batch counts and reductions of unkeyed streams. */
final class AggregateBuilders {

    private AggregateBuilders() {
    }

    static void register(LocalBuilders b) {
        b.stream(AggregateOp.Count.class, AggregateBuilders::count);
        b.stream(AggregateOp.CountByValue.class, AggregateBuilders::countByValue);
        b.stream(AggregateOp.Reduce.class, AggregateBuilders::reduce);
    }

    static StreamNode<?> count(AggregateOp.Count op, LocalPlanner in) {
        return new PerBatchNode<>(in.graph(), List.of(in.node(op.parent())), "count", (rdds, t) -> {
            RddNode<Object> rdd = LocalPlanner.cast(rdds.get(0));
            RddNode<Pair<Object, Long>> ones = new MapPartitionsNode<Object, Pair<Object, Long>>(rdd,
                    ElementStep.map(x -> new Pair<>(null, 1L)), false, "count");
            RddNode<Pair<Object, Long>> zero = ParallelCollectionNode.slice(in.graph().rddContext(), List.of(new Pair<>(null, 0L)), 1, "zero");
            RddNode<Pair<Object, Long>> summed = KeyedOps.reduceByKey(new UnionNode<>(in.graph().rddContext(), List.of(ones, zero)),
                    new HashPartitioner(1), Long::sum);
            return new MapPartitionsNode<Pair<Object, Long>, Long>(summed, ElementStep.map(Pair::value), false, "count");
        });
    }

    static StreamNode<?> countByValue(AggregateOp.CountByValue op, LocalPlanner in) {
        StreamNode<Pair<Object, Long>> ones = mapNode(in, in.node(op.parent()), "mapToPair", x -> new Pair<>(x, 1L));
        return KeyedBuilders.reduceByKeyNode(in, ones, Long::sum, in.partitions(op.numPartitions()));
    }

    static StreamNode<?> reduce(AggregateOp.Reduce op, LocalPlanner in) {
        ReduceFunction<Object> f = LocalPlanner.fn(op.f());
        return reduceNode(in, in.node(op.parent()), f);
    }

    /** A per-batch node mapping each element with {@code f}, named {@code operation}. */
    static <T, R> StreamNode<R> mapNode(LocalPlanner in, StreamNode<T> parent, String operation, MapFunction<T, R> f) {
        return new PerBatchNode<>(in.graph(), List.of(parent), operation,
                (rdds, t) -> new MapPartitionsNode<T, R>(LocalPlanner.cast(rdds.get(0)), ElementStep.map(f), false, operation));
    }

    /** The per-batch {@code reduce} node: one element per non-empty batch. */
    static <T> StreamNode<T> reduceNode(LocalPlanner in, StreamNode<T> parent, ReduceFunction<T> f) {
        return new PerBatchNode<>(in.graph(), List.of(parent), "reduce", (rdds, t) -> {
            RddNode<Pair<Object, T>> keyed = new MapPartitionsNode<T, Pair<Object, T>>(LocalPlanner.cast(rdds.get(0)),
                    ElementStep.map(x -> new Pair<>(null, x)), false, "reduce");
            RddNode<Pair<Object, T>> reduced = KeyedOps.reduceByKey(keyed, new HashPartitioner(1), f);
            return new MapPartitionsNode<Pair<Object, T>, T>(reduced, ElementStep.map(Pair::value), false, "reduce");
        });
    }
}
