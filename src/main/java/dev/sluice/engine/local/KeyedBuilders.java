package dev.sluice.engine.local;

import dev.sluice.engine.Micros;
import dev.sluice.engine.graph.PerBatchNode;
import dev.sluice.engine.graph.ReducedWindowedNode;
import dev.sluice.engine.graph.StreamNode;
import dev.sluice.engine.graph.WindowedNode;
import dev.sluice.engine.plan.JoinKind;
import dev.sluice.engine.plan.KeyedOp;
import dev.sluice.engine.rdd.Aggregator;
import dev.sluice.engine.rdd.HashPartitioner;
import dev.sluice.engine.rdd.KeyedOps;
import dev.sluice.engine.rdd.Partitioner;
import dev.sluice.engine.rdd.RddNode;
import dev.sluice.streaming.FilterFunction;
import dev.sluice.streaming.FlatMapFunction;
import dev.sluice.streaming.Function2;
import dev.sluice.streaming.MapFunction;
import dev.sluice.streaming.Pair;
import dev.sluice.streaming.PairRDD;
import dev.sluice.streaming.RDD;
import dev.sluice.streaming.ReduceFunction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The embedded engine's builders of by-key operations, joins and keyed windows. */
final class KeyedBuilders {

    private KeyedBuilders() {
    }

    static void register(LocalBuilders b) {
        b.stream(KeyedOp.ReduceByKey.class, KeyedBuilders::reduceByKey);
        b.stream(KeyedOp.GroupByKey.class, KeyedBuilders::groupByKey);
        b.stream(KeyedOp.MapValues.class, KeyedBuilders::mapValues);
        b.stream(KeyedOp.FlatMapValues.class, KeyedBuilders::flatMapValues);
        b.stream(KeyedOp.Join.class, KeyedBuilders::join);
        b.stream(KeyedOp.CoGroup.class, KeyedBuilders::cogroup);
        b.stream(KeyedOp.CombineByKey.class, KeyedBuilders::combineByKey);
        b.stream(KeyedOp.JoinTable.class, KeyedBuilders::joinTable);
        b.stream(KeyedOp.ReduceByKeyAndWindow.class, KeyedBuilders::reduceByKeyAndWindow);
        b.stream(KeyedOp.GroupByKeyAndWindow.class, KeyedBuilders::groupByKeyAndWindow);
    }

    static StreamNode<?> reduceByKey(KeyedOp.ReduceByKey op, LocalPlanner in) {
        ReduceFunction<Object> f = LocalPlanner.fn(op.f());
        return reduceByKeyNode(in, in.node(op.parent()), f, in.partitioner(op.numPartitions(), op.partitioner()));
    }

    /** The per-batch {@code reduceByKey} node over {@code parent}. */
    static <K, V> StreamNode<Pair<K, V>> reduceByKeyNode(LocalPlanner in, StreamNode<Pair<K, V>> parent, ReduceFunction<V> f,
                                                          Partitioner p) {
        return new PerBatchNode<>(in.graph(), List.of(parent), "reduceByKey",
                (rdds, t) -> KeyedOps.reduceByKey(LocalPlanner.<Pair<K, V>>cast(rdds.get(0)), p, f));
    }

    /** The per-batch {@code reduceByKey} node over {@code parent}, hash-partitioned into {@code numPartitions}. */
    static <K, V> StreamNode<Pair<K, V>> reduceByKeyNode(LocalPlanner in, StreamNode<Pair<K, V>> parent, ReduceFunction<V> f,
                                                          int numPartitions) {
        return reduceByKeyNode(in, parent, f, new HashPartitioner(numPartitions));
    }

    static StreamNode<?> groupByKey(KeyedOp.GroupByKey op, LocalPlanner in) {
        return groupByKeyNode(in, in.node(op.parent()), in.partitioner(op.numPartitions(), op.partitioner()));
    }

    private static <K, V> StreamNode<Pair<K, List<V>>> groupByKeyNode(LocalPlanner in, StreamNode<Pair<K, V>> parent, Partitioner p) {
        return new PerBatchNode<>(in.graph(), List.of(parent), "groupByKey",
                (rdds, t) -> KeyedOps.groupByKey(LocalPlanner.<Pair<K, V>>cast(rdds.get(0)), p));
    }

    static StreamNode<?> mapValues(KeyedOp.MapValues op, LocalPlanner in) {
        MapFunction<Object, Object> f = LocalPlanner.fn(op.f());
        return ElementBuilders.perBatch(in, op.parent(), "mapValues",
                (RDD<Pair<Object, Object>> rdd, long t) -> in.unwrap(PairRDD.of(rdd).mapValues(f)));
    }

    static StreamNode<?> flatMapValues(KeyedOp.FlatMapValues op, LocalPlanner in) {
        FlatMapFunction<Object, Object> f = LocalPlanner.fn(op.f());
        return ElementBuilders.perBatch(in, op.parent(), "flatMapValues",
                (RDD<Pair<Object, Object>> rdd, long t) -> in.unwrap(PairRDD.of(rdd).flatMapValues(f)));
    }

    private static PairRDD<Object, Object> pairs(LocalPlanner in, RddNode<?> rdd) {
        RDD<Pair<Object, Object>> wrapped = in.host().wrap(LocalPlanner.cast(rdd), true);
        return PairRDD.of(wrapped);
    }

    private static RddNode<?> join(LocalPlanner in, PairRDD<Object, Object> left, PairRDD<Object, Object> right, JoinKind kind) {
        return join(in, left, right, kind, 0, null);
    }

    /**
     * Joins per batch: by {@code partitioner} when given, else into {@code numPartitions}; with
     * neither (0, null), by the datasets' default partitioner, as Spark's join without one.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static RddNode<?> join(LocalPlanner in, PairRDD<Object, Object> left, PairRDD<Object, Object> right, JoinKind kind,
                                   int numPartitions, dev.sluice.streaming.Partitioner partitioner) {
        dev.sluice.streaming.Partitioner p = partitioner != null ? partitioner
                : numPartitions > 0 ? new dev.sluice.streaming.HashPartitioner(numPartitions) : null;
        PairRDD joined = switch (kind) {
            case INNER -> p != null ? left.join(right, p) : left.join(right);
            case LEFT_OUTER -> p != null ? left.leftOuterJoin(right, p) : left.leftOuterJoin(right);
            case RIGHT_OUTER -> p != null ? left.rightOuterJoin(right, p) : left.rightOuterJoin(right);
            case FULL_OUTER -> p != null ? left.fullOuterJoin(right, p) : left.fullOuterJoin(right);
        };
        return in.unwrap(joined);
    }

    static StreamNode<?> join(KeyedOp.Join op, LocalPlanner in) {
        return new PerBatchNode<>(in.graph(), List.of(in.node(op.parent()), in.node(op.other())), op.kind(),
                (rdds, t) -> LocalPlanner.cast(join(in, pairs(in, rdds.get(0)), pairs(in, rdds.get(1)), op.join(),
                        op.numPartitions(), op.partitioner())));
    }

    static StreamNode<?> cogroup(KeyedOp.CoGroup op, LocalPlanner in) {
        int n = op.numPartitions();
        dev.sluice.streaming.Partitioner p = op.partitioner() != null ? op.partitioner()
                : n > 0 ? new dev.sluice.streaming.HashPartitioner(n) : null;
        return new PerBatchNode<>(in.graph(), List.of(in.node(op.parent()), in.node(op.other())), "cogroup",
                (rdds, t) -> LocalPlanner.cast(in.unwrap(p != null ? pairs(in, rdds.get(0)).cogroup(pairs(in, rdds.get(1)), p)
                        : pairs(in, rdds.get(0)).cogroup(pairs(in, rdds.get(1))))));
    }

    static StreamNode<?> combineByKey(KeyedOp.CombineByKey op, LocalPlanner in) {
        MapFunction<Object, Object> create = LocalPlanner.fn(op.createCombiner());
        Function2<Object, Object, Object> mergeValue = LocalPlanner.fn(op.mergeValue());
        Function2<Object, Object, Object> mergeCombiners = LocalPlanner.fn(op.mergeCombiners());
        dev.sluice.streaming.Partitioner partitioner = op.partitioner();
        int n = in.partitions(op.numPartitions());
        return ElementBuilders.perBatch(in, op.parent(), "combineByKey",
                (RDD<Pair<Object, Object>> rdd, long t) -> in.unwrap(partitioner != null
                        ? PairRDD.of(rdd).combineByKey(create, mergeValue, mergeCombiners, partitioner)
                        : PairRDD.of(rdd).combineByKey(create, mergeValue, mergeCombiners, n)));
    }

    static StreamNode<?> joinTable(KeyedOp.JoinTable op, LocalPlanner in) {
        if (op.join() != JoinKind.INNER && op.join() != JoinKind.LEFT_OUTER) {
            throw new IllegalArgumentException("a stream-static join is inner or left outer, not " + op.join().method());
        }
        PairRDD<Object, Object> table = LocalPlanner.fn(op.table());
        return new PerBatchNode<>(in.graph(), List.of(in.node(op.parent())), op.kind(),
                (rdds, t) -> LocalPlanner.cast(join(in, pairs(in, rdds.get(0)), table, op.join())));
    }

    static StreamNode<?> reduceByKeyAndWindow(KeyedOp.ReduceByKeyAndWindow op, LocalPlanner in) {
        ReduceFunction<Object> f = LocalPlanner.fn(op.f());
        ReduceFunction<Object> inverse = LocalPlanner.fn(op.inverse());
        FilterFunction<Pair<Object, Object>> filter = LocalPlanner.fn(op.filter());
        return reduceByKeyAndWindowNode(in, in.node(op.parent()), f, inverse, op.length(), op.slide(),
                in.partitioner(op.numPartitions(), op.partitioner()), filter);
    }

    /**
     * The nodes of a keyed window: per-batch {@code reduceByKey}, then either a window reduced again
     * by key, or (with {@code inverse}) the incremental window.
     */
    static <K, V> StreamNode<Pair<K, V>> reduceByKeyAndWindowNode(LocalPlanner in, StreamNode<Pair<K, V>> parent, ReduceFunction<V> f,
                                                                   ReduceFunction<V> inverse, Duration length, Duration slide,
                                                                   Partitioner p, FilterFunction<Pair<K, V>> filter) {
        StreamNode<Pair<K, V>> perBatch = reduceByKeyNode(in, parent, f, p);
        if (inverse != null) {
            return new ReducedWindowedNode<>(in.graph(), perBatch, f, inverse, filter, Micros.of(length), Micros.of(slide), p);
        }
        StreamNode<Pair<K, V>> windowed = new WindowedNode<>(in.graph(), perBatch, Micros.of(length), Micros.of(slide));
        return new PerBatchNode<>(in.graph(), List.of(windowed), "reduceByKeyAndWindow",
                (rdds, t) -> KeyedOps.reduceByKey(LocalPlanner.<Pair<K, V>>cast(rdds.get(0)), p, f));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static StreamNode<?> groupByKeyAndWindow(KeyedOp.GroupByKeyAndWindow op, LocalPlanner in) {
        Partitioner p = in.partitioner(op.numPartitions(), op.partitioner());
        StreamNode<Pair<Object, List<Object>>> grouped = groupByKeyNode(in, in.node(op.parent()), p);
        StreamNode<Pair<Object, List<Object>>> windowed = new WindowedNode<>(in.graph(), grouped, Micros.of(op.length()),
                Micros.of(op.slide()));
        Aggregator<List<Object>, List<Object>> concat = new Aggregator<>() {
            @Override
            public List<Object> create(List<Object> value) {
                return new ArrayList<>(value);
            }

            @Override
            public List<Object> add(List<Object> combiner, List<Object> value) {
                combiner.addAll(value);
                return combiner;
            }

            @Override
            public List<Object> merge(List<Object> left, List<Object> right) {
                left.addAll(right);
                return left;
            }

            @Override
            public List<Object> copy(List<Object> combiner) {
                return new ArrayList<>(combiner);
            }
        };
        return new PerBatchNode<>(in.graph(), List.of(windowed), "groupByKeyAndWindow",
                (rdds, t) -> (RddNode) KeyedOps.combineByKey(LocalPlanner.cast(rdds.get(0)), p, concat, "groupByKeyAndWindow"));
    }
}
