package dev.sluice.engine.plan;

import dev.sluice.streaming.FilterFunction;
import dev.sluice.streaming.FlatMapFunction;
import dev.sluice.streaming.Function2;
import dev.sluice.streaming.MapFunction;
import dev.sluice.streaming.PairRDD;
import dev.sluice.streaming.ReduceFunction;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * An operation of a keyed stream: by key per batch, joins and cogroups (with another stream or a
 * static dataset), and by key over windows. A number of partitions of 0 means the engine's default.
 */
public sealed interface KeyedOp extends StreamOp {

    /** Returns the stream this operator reads (its first parent). */
    StreamOp parent();

    @Override
    default List<StreamOp> parents() {
        return List.of(parent());
    }

    /** {@code .reduceByKey(f[, numPartitions])}. */
    record ReduceByKey(StreamOp parent, ReduceFunction<?> f, int numPartitions) implements KeyedOp {
        public ReduceByKey {
            Objects.requireNonNull(parent, "parent");
            Objects.requireNonNull(f, "f");
            Render.requirePartitions(numPartitions);
        }

        @Override
        public String kind() {
            return "reduceByKey";
        }

        @Override
        public String toNativeString(StreamIds ids) {
            return ".reduceByKey(f" + Render.partitions(numPartitions) + ")";
        }
    }

    /** {@code .groupByKey([numPartitions])}. */
    record GroupByKey(StreamOp parent, int numPartitions) implements KeyedOp {
        public GroupByKey {
            Objects.requireNonNull(parent, "parent");
            Render.requirePartitions(numPartitions);
        }

        @Override
        public String kind() {
            return "groupByKey";
        }

        @Override
        public String toNativeString(StreamIds ids) {
            return ".groupByKey(" + (numPartitions > 0 ? numPartitions : "") + ")";
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

    /** {@code .join(other[, numPartitions])}, {@code .leftOuterJoin(other[, numPartitions])}, ...: two streams joined per batch. */
    record Join(StreamOp parent, StreamOp other, JoinKind join, int numPartitions) implements KeyedOp {
        public Join {
            Objects.requireNonNull(parent, "parent");
            Objects.requireNonNull(other, "other");
            Objects.requireNonNull(join, "join");
            Render.requirePartitions(numPartitions);
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
            return "." + join.method() + "(" + ids.refer(other) + Render.partitions(numPartitions) + ")";
        }
    }

    /** {@code .cogroup(other[, numPartitions])}: every key of either stream per batch, with all its values from each side. */
    record CoGroup(StreamOp parent, StreamOp other, int numPartitions) implements KeyedOp {
        public CoGroup {
            Objects.requireNonNull(parent, "parent");
            Objects.requireNonNull(other, "other");
            Render.requirePartitions(numPartitions);
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
            return ".cogroup(" + ids.refer(other) + Render.partitions(numPartitions) + ")";
        }
    }

    /**
     * {@code .combineByKey(createCombiner, mergeValue, mergeCombiners[, numPartitions | partitioner])}: the values
     * of each key per batch combined into one {@code C}. {@code partitioner} (a {@code dev.sluice.streaming.Partitioner})
     * wins over {@code numPartitions} when not null.
     */
    record CombineByKey(StreamOp parent, MapFunction<?, ?> createCombiner, Function2<?, ?, ?> mergeValue,
                        Function2<?, ?, ?> mergeCombiners, int numPartitions, Object partitioner) implements KeyedOp {
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
            return ".combineByKey(createCombiner, mergeValue, mergeCombiners"
                    + (partitioner != null ? ", partitioner" : Render.partitions(numPartitions)) + ")";
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
     * {@code .reduceByKeyAndWindow(f, [inverse,] length, slide[, numPartitions][, filter])}: the values
     * of each key over each window; incremental when {@code inverse} is not null, and then
     * {@code filter} (may be null) drops pairs after each window.
     */
    record ReduceByKeyAndWindow(StreamOp parent, ReduceFunction<?> f, ReduceFunction<?> inverse, Duration length,
                                Duration slide, int numPartitions, FilterFunction<?> filter) implements KeyedOp {
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

        @Override
        public String kind() {
            return "reduceByKeyAndWindow";
        }

        @Override
        public String toNativeString(StreamIds ids) {
            return ".reduceByKeyAndWindow(f, " + (inverse != null ? "inverse, " : "") + Render.duration(length) + ", "
                    + Render.duration(slide) + Render.partitions(numPartitions) + (filter != null ? ", filter" : "") + ")";
        }
    }

    /** {@code .groupByKeyAndWindow(length, slide[, numPartitions])}: the values of each key over each window. */
    record GroupByKeyAndWindow(StreamOp parent, Duration length, Duration slide, int numPartitions) implements KeyedOp {
        public GroupByKeyAndWindow {
            Objects.requireNonNull(parent, "parent");
            Objects.requireNonNull(length, "length");
            Objects.requireNonNull(slide, "slide");
            Render.requirePartitions(numPartitions);
        }

        @Override
        public String kind() {
            return "groupByKeyAndWindow";
        }

        @Override
        public String toNativeString(StreamIds ids) {
            return ".groupByKeyAndWindow(" + Render.duration(length) + ", " + Render.duration(slide)
                    + Render.partitions(numPartitions) + ")";
        }
    }
}
