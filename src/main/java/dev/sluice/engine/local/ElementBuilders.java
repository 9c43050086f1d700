package dev.sluice.engine.local;

import dev.sluice.engine.Micros;
import dev.sluice.engine.graph.PerBatchNode;
import dev.sluice.engine.graph.StreamNode;
import dev.sluice.engine.plan.ElementOp;
import dev.sluice.engine.plan.StreamOp;
import dev.sluice.engine.rdd.ElementStep;
import dev.sluice.engine.rdd.MapPartitionsNode;
import dev.sluice.engine.rdd.RddNode;
import dev.sluice.engine.rdd.UnionNode;
import dev.sluice.streaming.FilterFunction;
import dev.sluice.streaming.FlatMapFunction;
import dev.sluice.streaming.MapFunction;
import dev.sluice.streaming.PairFunction;
import dev.sluice.streaming.PartitionFunction;
import dev.sluice.streaming.RDD;
import dev.sluice.streaming.Time;
import dev.sluice.streaming.TransformFunction;
import dev.sluice.streaming.TransformManyFunction;
import dev.sluice.streaming.TransformWithFunction;
import dev.sluice.streaming.TransformWithTimeFunction;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The embedded engine's builders of per-batch element operations, transform, union and cache. */
final class ElementBuilders {

    private ElementBuilders() {
    }

    /** Builds one batch's dataset from the parent's dataset of that batch, as the API's {@code RDD}. */
    @FunctionalInterface
    interface BatchFunction<T, R> {
        RddNode<R> apply(RDD<T> rdd, long time) throws Exception;
    }

    static void register(LocalBuilders b) {
        b.stream(ElementOp.Map.class, ElementBuilders::map);
        b.stream(ElementOp.FlatMap.class, ElementBuilders::flatMap);
        b.stream(ElementOp.Filter.class, ElementBuilders::filter);
        b.stream(ElementOp.MapPartitions.class, ElementBuilders::mapPartitions);
        b.stream(ElementOp.MapToPair.class, ElementBuilders::mapToPair);
        b.stream(ElementOp.Union.class, ElementBuilders::union);
        b.stream(ElementOp.Repartition.class, ElementBuilders::repartition);
        b.stream(ElementOp.Transform.class, ElementBuilders::transform);
        b.stream(ElementOp.TransformWithTime.class, ElementBuilders::transformWithTime);
        b.stream(ElementOp.Cache.class, ElementBuilders::cache);
        b.stream(ElementOp.Checkpoint.class, ElementBuilders::checkpoint);
        b.stream(ElementOp.FlatMapToPair.class, ElementBuilders::flatMapToPair);
        b.stream(ElementOp.MapPartitionsToPair.class, ElementBuilders::mapPartitionsToPair);
        b.stream(ElementOp.Glom.class, ElementBuilders::glom);
        b.stream(ElementOp.TransformWith.class, ElementBuilders::transformWith);
        b.stream(ElementOp.TransformMany.class, ElementBuilders::transformMany);
    }

    /** A node applying {@code f} to each batch of {@code parent}'s stream, named {@code operation}. */
    static <T, R> StreamNode<R> perBatch(LocalPlanner in, StreamOp parent, String operation, BatchFunction<T, R> f) {
        return new PerBatchNode<>(in.graph(), List.of(in.node(parent)), operation,
                (rdds, t) -> f.apply(in.wrap(parent, LocalPlanner.cast(rdds.get(0))), t));
    }

    static StreamNode<?> map(ElementOp.Map op, LocalPlanner in) {
        MapFunction<Object, Object> f = LocalPlanner.fn(op.f());
        return perBatch(in, op.parent(), "map", (RDD<Object> rdd, long t) -> in.unwrap(rdd.map(f)));
    }

    static StreamNode<?> flatMap(ElementOp.FlatMap op, LocalPlanner in) {
        FlatMapFunction<Object, Object> f = LocalPlanner.fn(op.f());
        return perBatch(in, op.parent(), "flatMap", (RDD<Object> rdd, long t) -> in.unwrap(rdd.flatMap(f)));
    }

    static StreamNode<?> filter(ElementOp.Filter op, LocalPlanner in) {
        FilterFunction<Object> f = LocalPlanner.fn(op.f());
        return perBatch(in, op.parent(), "filter", (RDD<Object> rdd, long t) -> in.unwrap(rdd.filter(f)));
    }

    static StreamNode<?> mapPartitions(ElementOp.MapPartitions op, LocalPlanner in) {
        PartitionFunction<Object, Object> f = LocalPlanner.fn(op.f());
        return perBatch(in, op.parent(), "mapPartitions", (RDD<Object> rdd, long t) -> in.unwrap(rdd.mapPartitions(f)));
    }

    static StreamNode<?> mapToPair(ElementOp.MapToPair op, LocalPlanner in) {
        PairFunction<Object, Object, Object> f = LocalPlanner.fn(op.f());
        return perBatch(in, op.parent(), "mapToPair", (RDD<Object> rdd, long t) -> in.unwrap(rdd.mapToPair(f)));
    }

    static StreamNode<?> union(ElementOp.Union op, LocalPlanner in) {
        return new PerBatchNode<>(in.graph(), List.of(in.node(op.parent()), in.node(op.other())), "union",
                (rdds, t) -> new UnionNode<Object>(in.graph().rddContext(),
                        List.of(LocalPlanner.cast(rdds.get(0)), LocalPlanner.cast(rdds.get(1)))));
    }

    static StreamNode<?> repartition(ElementOp.Repartition op, LocalPlanner in) {
        int n = op.numPartitions();
        return perBatch(in, op.parent(), "repartition", (RDD<Object> rdd, long t) -> in.unwrap(rdd.repartition(n)));
    }

    static StreamNode<?> transform(ElementOp.Transform op, LocalPlanner in) {
        TransformFunction<Object, Object> f = LocalPlanner.fn(op.f());
        return perBatch(in, op.parent(), op.kind(), (RDD<Object> rdd, long t) -> checkResult(in, f.call(rdd)));
    }

    static StreamNode<?> transformWithTime(ElementOp.TransformWithTime op, LocalPlanner in) {
        TransformWithTimeFunction<Object, Object> f = LocalPlanner.fn(op.f());
        return perBatch(in, op.parent(), op.kind(), (RDD<Object> rdd, long t) -> checkResult(in, f.call(rdd, Time.ofMicros(t))));
    }

    private static <R> RddNode<R> checkResult(LocalPlanner in, RDD<R> result) {
        if (result == null) {
            throw new IllegalStateException("the transform function returned null; return an RDD (e.g. ssc.emptyRDD())");
        }
        RddNode<R> node = in.unwrap(result);
        if (node.context() != in.graph().rddContext()) {
            throw new IllegalStateException("the transform function returned an RDD of another context");
        }
        return node;
    }

    static StreamNode<?> flatMapToPair(ElementOp.FlatMapToPair op, LocalPlanner in) {
        FlatMapFunction<Object, Object> f = LocalPlanner.fn(op.f());
        return new PerBatchNode<>(in.graph(), List.of(in.node(op.parent())), "flatMapToPair",
                (rdds, t) -> new MapPartitionsNode<Object, Object>(LocalPlanner.cast(rdds.get(0)), ElementStep.flatMap(f), false,
                        "flatMapToPair"));
    }

    static StreamNode<?> mapPartitionsToPair(ElementOp.MapPartitionsToPair op, LocalPlanner in) {
        PartitionFunction<Object, Object> f = LocalPlanner.fn(op.f());
        return new PerBatchNode<>(in.graph(), List.of(in.node(op.parent())), "mapPartitionsToPair",
                (rdds, t) -> new MapPartitionsNode<Object, Object>(LocalPlanner.cast(rdds.get(0)), (s, it) -> f.call(it), false,
                        "mapPartitionsToPair"));
    }

    static StreamNode<?> glom(ElementOp.Glom op, LocalPlanner in) {
        return new PerBatchNode<>(in.graph(), List.of(in.node(op.parent())), "glom",
                (rdds, t) -> new MapPartitionsNode<Object, List<Object>>(LocalPlanner.cast(rdds.get(0)), (s, it) -> {
                    List<Object> all = new ArrayList<>();
                    it.forEachRemaining(all::add);
                    return List.<List<Object>>of(all).iterator();
                }, false, "glom"));
    }

    static StreamNode<?> transformWith(ElementOp.TransformWith op, LocalPlanner in) {
        TransformWithFunction<Object, Object, Object> f = LocalPlanner.fn(op.f());
        return new PerBatchNode<>(in.graph(), List.of(in.node(op.parent()), in.node(op.other())), op.kind(),
                (rdds, t) -> checkResult(in, f.call(in.wrap(op.parent(), LocalPlanner.cast(rdds.get(0))),
                        in.wrap(op.other(), LocalPlanner.cast(rdds.get(1))), Time.ofMicros(t))));
    }

    static StreamNode<?> transformMany(ElementOp.TransformMany op, LocalPlanner in) {
        TransformManyFunction<Object> f = LocalPlanner.fn(op.f());
        List<StreamNode<?>> parents = new ArrayList<>();
        for (StreamOp p : op.streams()) {
            parents.add(in.node(p));
        }
        return new PerBatchNode<>(in.graph(), parents, op.kind(), (rdds, t) -> {
            List<RDD<?>> wrapped = new ArrayList<>(rdds.size());
            for (int i = 0; i < rdds.size(); i++) {
                wrapped.add(in.wrap(op.streams().get(i), rdds.get(i)));
            }
            return checkResult(in, f.call(Collections.unmodifiableList(wrapped), Time.ofMicros(t)));
        });
    }

    static StreamNode<?> cache(ElementOp.Cache op, LocalPlanner in) {
        StreamNode<?> node = in.node(op.parent());
        node.persistGenerated();
        return node;
    }

    /** The parent's node, kept in memory (as Spark's checkpoint persists the stream) and asking for checkpoints. */
    static StreamNode<?> checkpoint(ElementOp.Checkpoint op, LocalPlanner in) {
        StreamNode<?> node = in.node(op.parent());
        node.persistGenerated();
        node.setCheckpointMicros(Micros.of(op.interval()));
        return node;
    }
}
