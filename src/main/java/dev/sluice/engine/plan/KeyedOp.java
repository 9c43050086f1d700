package dev.sluice.engine.plan;

import dev.sluice.streaming.FilterFunction;
import dev.sluice.streaming.FlatMapFunction;
import dev.sluice.streaming.Function2;
import dev.sluice.streaming.MapFunction;
import dev.sluice.streaming.PairRDD;
import dev.sluice.streaming.Partitioner;
import dev.sluice.streaming.ReduceFunction;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * An operation of a keyed stream: by key per batch, joins and cogroups (with another stream or a
 * static dataset), and by key over windows. A number of partitions of 0 means the engine's default;
 * a {@code partitioner} (a {@link Partitioner}, null when not given) wins over the number of partitions.
 */
public sealed interface KeyedOp extends StreamOp {

    /** Returns the stream this operator reads (its first parent). */
    StreamOp parent();

    @Override
    default List<StreamOp> parents() {
        return List.of(parent());
    }

    /** {@code .reduceByKey(f[, numPartitions | partitioner])}. */
    record ReduceByKey(StreamOp parent, ReduceFunction<?> f, int numPartitions, Partitioner partitioner) implements KeyedOp {
        public ReduceByKey {
            Objects.requireNonNull(parent, "parent");
            Objects.requireNonNull(f, "f");
            Render.requirePartitions(numPartitions);
        }

        /** Without a partitioner. */
        public ReduceByKey(StreamOp parent, ReduceFunction<?> f, int numPartitions) {
            this(parent, f, numPartitions, null);
        }

        @Override
        public String kind() {
            return "reduceByKey";
        }

        @Override
        public String toNativeString(StreamIds ids) {
            return ".reduceByKey(f" + Render.partitions(numPartitions, partitioner) + ")";
        }
    }

    /** {@code .groupByKey([numPartitions | partitioner])}. */
    record GroupByKey(StreamOp parent, int numPartitions, Partitioner partitioner) implements KeyedOp {
        public GroupByKey {
            Objects.requireNonNull(parent, "parent");
            Render.requirePartitions(numPartitions);
        }

        /** Without a partitioner. */
        public GroupByKey(StreamOp parent, int numPartitions) {
            this(parent, numPartitions, null);
        }

        @Override
        public String kind() {
            return "groupByKey";
        }

        @Override
        public String toNativeString(StreamIds ids) {
            return ".groupByKey(" + Render.partitions(numPartitions, partitioner).replaceFirst("^, ", "") + ")";
        }
    }

    /** {@code .mapValues(f)}. */
    record MapValues(StreamOp parent, MapFunction<?, ?> f) implements KeyedOp {
        public MapValues {
            Objects.requireNonNull(parent, "parent");
            Objects.requireNonNull(f, "f");
        }

        @Override
        public String kind() {
            return "mapValues";
        }

        @Override
        public String toNativeString(StreamIds ids) {
            return ".mapValues(f)";
        }
    }

    /** {@code .flatMapValues(f)}. */
    record FlatMapValues(StreamOp parent, FlatMapFunction<?, ?> f) implements KeyedOp {
        public FlatMapValues {
            Objects.requireNonNull(parent, "parent");
            Objects.requireNonNull(f, "f");
        }

        @Override
        public String kind() {
            return "flatMapValues";
        }

        @Override
        public String toNativeString(StreamIds ids) {
            return ".flatMapValues(f)";
        }
    }

    /**
     * {@code .join(other[, numPartitions | partitioner])}, {@code .leftOuterJoin(other[, numPartitions | partitioner])},
     * ...: two streams joined per batch.
     */
    record Join(StreamOp parent, StreamOp other, JoinKind join, int numPartitions, Partitioner partitioner) implements KeyedOp {
        public Join {
            Objects.requireNonNull(parent, "parent");
            Objects.requireNonNull(other, "other");
            Objects.requireNonNull(join, "join");
            Render.requirePartitions(numPartitions);
        }

        /** Without a partitioner. */
        public Join(StreamOp parent, StreamOp other, JoinKind join, int numPartitions) {
            this(parent, other, join, numPartitions, null);
        }

        @Override
        public List<StreamOp> parents() {
            return List.of(parent, other);
        }

        @Override
        public String kind() {
            return join.method();
        }

        @Override
        public String toNativeString(StreamIds ids) {
            return "." + join.method() + "(" + ids.refer(other) + Render.partitions(numPartitions, partitioner) + ")";
        }
    }

    /**
     * {@code .cogroup(other[, numPartitions | partitioner])}: every key of either stream per batch, with all its
     * values from each side.
     */
    record CoGroup(StreamOp parent, StreamOp other, int numPartitions, Partitioner partitioner) implements KeyedOp {
        public CoGroup {
            Objects.requireNonNull(parent, "parent");
            Objects.requireNonNull(other, "other");
            Render.requirePartitions(numPartitions);
        }

        /** Without a partitioner. */
        public CoGroup(StreamOp parent, StreamOp other, int numPartitions) {
            this(parent, other, numPartitions, null);
        }

        @Override
        public List<StreamOp> parents() {
            return List.of(parent, other);
        }

        @Override
        public String kind() {
            return "cogroup";
        }

        @Override
        public String toNativeString(StreamIds ids) {
            return ".cogroup(" + ids.refer(other) + Render.partitions(numPartitions, partitioner) + ")";
        }
    }

    /**
     * {@code .combineByKey(createCombiner, mergeValue, mergeCombiners[, numPartitions | partitioner])}: the values
     * of each key per batch combined into one {@code C}.
     */
    record CombineByKey(StreamOp parent, MapFunction<?, ?> createCombiner, Function2<?, ?, ?> mergeValue,
                        Function2<?, ?, ?> mergeCombiners, int numPartitions, Partitioner partitioner) implements KeyedOp {
        public CombineByKey {
            Objects.requireNonNull(parent, "parent");
            Objects.requireNonNull(createCombiner, "createCombiner");
            Objects.requireNonNull(mergeValue, "mergeValue");
            Objects.requireNonNull(mergeCombiners, "mergeCombiners");
            Render.requirePartitions(numPartitions);
        }

        @Override
        public String kind() {
            return "combineByKey";
        }

        @Override
        public String toNativeString(StreamIds ids) {
            return ".combineByKey(createCombiner, mergeValue, mergeCombiners" + Render.partitions(numPartitions, partitioner) + ")";
        }
    }

    /**
     * {@code .join(table)} or {@code .leftOuterJoin(table)} with a static dataset: the stream-static
     * join (in Spark terms, {@code .transformToPair(rdd -> rdd.join(table))}).
     */
    record JoinTable(StreamOp parent, PairRDD<?, ?> table, JoinKind join) implements KeyedOp {
        public JoinTable {
            Objects.requireNonNull(parent, "parent");
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(join, "join");
        }

        @Override
        public String kind() {
            return join.method() + "(static)";
        }

        @Override
        public String toNativeString(StreamIds ids) {
            return ".transformToPair(rdd -> rdd." + join.method() + "(table))";
        }
    }

    /**
     * {@code .reduceByKeyAndWindow(f, [inverse,] length, slide[, numPartitions | partitioner][, filter])}: the values
     * of each key over each window; incremental when {@code inverse} is not null, and then
     * {@code filter} (may be null) drops pairs after each window.
     */
    record ReduceByKeyAndWindow(StreamOp parent, ReduceFunction<?> f, ReduceFunction<?> inverse, Duration length,
                                Duration slide, int numPartitions, FilterFunction<?> filter, Partitioner partitioner)
            implements KeyedOp {
        public ReduceByKeyAndWindow {
            Objects.requireNonNull(parent, "parent");
            Objects.requireNonNull(f, "f");
            Objects.requireNonNull(length, "length");
            Objects.requireNonNull(slide, "slide");
            Render.requirePartitions(numPartitions);
            if (filter != null && inverse == null) {
                throw new IllegalArgumentException("a filter needs an inverse function");
            }
        }

        /** Without a partitioner. */
        public ReduceByKeyAndWindow(StreamOp parent, ReduceFunction<?> f, ReduceFunction<?> inverse, Duration length,
                                    Duration slide, int numPartitions, FilterFunction<?> filter) {
            this(parent, f, inverse, length, slide, numPartitions, filter, null);
        }

        @Override
        public String kind() {
            return "reduceByKeyAndWindow";
        }

        @Override
        public String toNativeString(StreamIds ids) {
            return ".reduceByKeyAndWindow(f, " + (inverse != null ? "inverse, " : "") + Render.duration(length) + ", "
                    + Render.duration(slide) + Render.partitions(numPartitions, partitioner) + (filter != null ? ", filter" : "") + ")";
        }
    }

    /** {@code .groupByKeyAndWindow(length, slide[, numPartitions | partitioner])}: the values of each key over each window. */
    record GroupByKeyAndWindow(StreamOp parent, Duration length, Duration slide, int numPartitions, Partitioner partitioner)
            implements KeyedOp {
        public GroupByKeyAndWindow {
            Objects.requireNonNull(parent, "parent");
            Objects.requireNonNull(length, "length");
            Objects.requireNonNull(slide, "slide");
            Render.requirePartitions(numPartitions);
        }

        /** Without a partitioner. */
        public GroupByKeyAndWindow(StreamOp parent, Duration length, Duration slide, int numPartitions) {
            this(parent, length, slide, numPartitions, null);
        }

        @Override
        public String kind() {
            return "groupByKeyAndWindow";
        }

        @Override
        public String toNativeString(StreamIds ids) {
            return ".groupByKeyAndWindow(" + Render.duration(length) + ", " + Render.duration(slide)
                    + Render.partitions(numPartitions, partitioner) + ")";
        }
    }
}
