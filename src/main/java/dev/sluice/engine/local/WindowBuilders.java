package dev.sluice.engine.local;

import dev.sluice.engine.Micros;
import dev.sluice.engine.graph.StreamNode;
import dev.sluice.engine.graph.WindowedNode;
import dev.sluice.engine.plan.WindowOp;
import dev.sluice.engine.rdd.HashPartitioner;
import dev.sluice.streaming.FilterFunction;
import dev.sluice.streaming.Pair;
import dev.sluice.streaming.ReduceFunction;

/**
 * The embedded engine's builders of windows over unkeyed streams. The counting and reducing
 * windows are composed from smaller nodes (as Spark composes them), the incremental ones over a
 * single key.
 */
final class WindowBuilders {

    private WindowBuilders() {
    }

    static void register(LocalBuilders b) {
        b.stream(WindowOp.Window.class, WindowBuilders::window);
        b.stream(WindowOp.CountByWindow.class, WindowBuilders::countByWindow);
        b.stream(WindowOp.ReduceByWindow.class, WindowBuilders::reduceByWindow);
        b.stream(WindowOp.CountByValueAndWindow.class, WindowBuilders::countByValueAndWindow);
    }

    static StreamNode<?> window(WindowOp.Window op, LocalPlanner in) {
        return new WindowedNode<>(in.graph(), in.node(op.parent()), Micros.of(op.length()), Micros.of(op.slide()));
    }

    static StreamNode<?> countByWindow(WindowOp.CountByWindow op, LocalPlanner in) {
        StreamNode<Long> ones = AggregateBuilders.mapNode(in, in.node(op.parent()), "map", x -> 1L);
        return incremental(in, ones, Long::sum, (a, b) -> a - b, op);
    }

    static StreamNode<?> reduceByWindow(WindowOp.ReduceByWindow op, LocalPlanner in) {
        ReduceFunction<Object> f = LocalPlanner.fn(op.f());
        StreamNode<Object> parent = in.node(op.parent());
        if (op.inverse() != null) {
            return incremental(in, parent, f, LocalPlanner.fn(op.inverse()), op);
        }
        StreamNode<Object> perBatch = AggregateBuilders.reduceNode(in, parent, f);
        StreamNode<Object> windowed = new WindowedNode<>(in.graph(), perBatch, Micros.of(op.length()), Micros.of(op.slide()));
        return AggregateBuilders.reduceNode(in, windowed, f);
    }

    /** An incremental window over one key: the elements keyed by 1, reduced by key and window, then the values. */
    private static <T> StreamNode<T> incremental(LocalPlanner in, StreamNode<T> parent, ReduceFunction<T> f, ReduceFunction<T> inverse,
                                                 WindowOp op) {
        StreamNode<Pair<Integer, T>> keyed = AggregateBuilders.mapNode(in, parent, "mapToPair", x -> new Pair<>(1, x));
        StreamNode<Pair<Integer, T>> windowed = KeyedBuilders.reduceByKeyAndWindowNode(in, keyed, f, inverse, op.length(),
                op.slide(), new HashPartitioner(1), null);
        return AggregateBuilders.mapNode(in, windowed, "map", Pair::value);
    }

    static StreamNode<?> countByValueAndWindow(WindowOp.CountByValueAndWindow op, LocalPlanner in) {
        StreamNode<Pair<Object, Long>> ones = AggregateBuilders.mapNode(in, in.node(op.parent()), "mapToPair", x -> new Pair<>(x, 1L));
        FilterFunction<Pair<Object, Long>> nonZero = p -> p.value() != 0L;
        return KeyedBuilders.reduceByKeyAndWindowNode(in, ones, Long::sum, (a, b) -> a - b, op.length(), op.slide(),
                new HashPartitioner(in.partitions(op.numPartitions())), nonZero);
    }
}
