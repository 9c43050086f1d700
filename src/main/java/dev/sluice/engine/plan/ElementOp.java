package dev.sluice.engine.plan;

import dev.sluice.streaming.FilterFunction;
import dev.sluice.streaming.FlatMapFunction;
import dev.sluice.streaming.MapFunction;
import dev.sluice.streaming.PairFunction;
import dev.sluice.streaming.PartitionFunction;
import dev.sluice.streaming.TransformFunction;
import dev.sluice.streaming.TransformManyFunction;
import dev.sluice.streaming.TransformWithFunction;
import dev.sluice.streaming.TransformWithTimeFunction;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** A per-batch operation on elements or partitions, a batch-level {@code transform}, a union, or {@code cache}. */
public sealed interface ElementOp extends StreamOp {

    /** Returns the stream this operator reads (its first parent). */
    StreamOp parent();

    @Override
    default List<StreamOp> parents() {
        return List.of(parent());
    }

    /** {@code .map(f)}. */
    record Map(StreamOp parent, MapFunction<?, ?> f) implements ElementOp {
        public Map {
            Objects.requireNonNull(parent, "parent");
            Objects.requireNonNull(f, "f");
        }

        @Override
        public String kind() {
            return "map";
        }

        @Override
        public String toNativeString(StreamIds ids) {
            return ".map(f)";
        }
    }

    /** {@code .flatMap(f)}. */
    record FlatMap(StreamOp parent, FlatMapFunction<?, ?> f) implements ElementOp {
        public FlatMap {
            Objects.requireNonNull(parent, "parent");
            Objects.requireNonNull(f, "f");
        }

        @Override
        public String kind() {
            return "flatMap";
        }

        @Override
        public String toNativeString(StreamIds ids) {
            return ".flatMap(f)";
        }
    }

    /** {@code .filter(f)}. */
    record Filter(StreamOp parent, FilterFunction<?> f) implements ElementOp {
        public Filter {
            Objects.requireNonNull(parent, "parent");
            Objects.requireNonNull(f, "f");
        }

        @Override
        public String kind() {
            return "filter";
        }

        @Override
        public String toNativeString(StreamIds ids) {
            return ".filter(f)";
        }
    }

    /** {@code .mapPartitions(f)}. */
    record MapPartitions(StreamOp parent, PartitionFunction<?, ?> f) implements ElementOp {
        public MapPartitions {
            Objects.requireNonNull(parent, "parent");
            Objects.requireNonNull(f, "f");
        }

        @Override
        public String kind() {
            return "mapPartitions";
        }

        @Override
        public String toNativeString(StreamIds ids) {
            return ".mapPartitions(f)";
        }
    }

    /** {@code .mapToPair(f)}: a keyed stream. */
    record MapToPair(StreamOp parent, PairFunction<?, ?, ?> f) implements ElementOp {
        public MapToPair {
            Objects.requireNonNull(parent, "parent");
            Objects.requireNonNull(f, "f");
        }

        @Override
        public String kind() {
            return "mapToPair";
        }

        @Override
        public String toNativeString(StreamIds ids) {
            return ".mapToPair(f)";
        }
    }

    /** {@code .flatMapToPair(f)}: a keyed stream of the pairs of {@code f}'s results. */
    record FlatMapToPair(StreamOp parent, FlatMapFunction<?, ?> f) implements ElementOp {
        public FlatMapToPair {
            Objects.requireNonNull(parent, "parent");
            Objects.requireNonNull(f, "f");
        }

        @Override
        public String kind() {
            return "flatMapToPair";
        }

        @Override
        public String toNativeString(StreamIds ids) {
            return ".flatMapToPair(f)";
        }
    }

    /** {@code .mapPartitionsToPair(f)}: a keyed stream of {@code f} applied to each partition. */
    record MapPartitionsToPair(StreamOp parent, PartitionFunction<?, ?> f) implements ElementOp {
        public MapPartitionsToPair {
            Objects.requireNonNull(parent, "parent");
            Objects.requireNonNull(f, "f");
        }

        @Override
        public String kind() {
            return "mapPartitionsToPair";
        }

        @Override
        public String toNativeString(StreamIds ids) {
            return ".mapPartitionsToPair(f)";
        }
    }

    /** {@code .glom()}: each partition of each batch as one list. */
    record Glom(StreamOp parent) implements ElementOp {
        public Glom {
            Objects.requireNonNull(parent, "parent");
        }

        @Override
        public String kind() {
            return "glom";
        }

        @Override
        public String toNativeString(StreamIds ids) {
            return ".glom()";
        }
    }

    /** {@code .union(other)}: both streams' elements per batch (same slide). */
    record Union(StreamOp parent, StreamOp other) implements ElementOp {
        public Union {
            Objects.requireNonNull(parent, "parent");
            Objects.requireNonNull(other, "other");
        }

        @Override
        public List<StreamOp> parents() {
            return List.of(parent, other);
        }

        @Override
        public String kind() {
            return "union";
        }

        @Override
        public String toNativeString(StreamIds ids) {
            return ".union(" + ids.refer(other) + ")";
        }
    }

    /** {@code .repartition(numPartitions)}. */
    record Repartition(StreamOp parent, int numPartitions) implements ElementOp {
        public Repartition {
            Objects.requireNonNull(parent, "parent");
            if (numPartitions < 1) {
                throw new IllegalArgumentException("number of partitions must be at least 1, got " + numPartitions);
            }
        }

        @Override
        public String kind() {
            return "repartition";
        }

        @Override
        public String toNativeString(StreamIds ids) {
            return ".repartition(" + numPartitions + ")";
        }
    }

    /** {@code .transform(f)} or, when {@code toPair}, {@code .transformToPair(f)}: a function of each batch's RDD. */
    record Transform(StreamOp parent, TransformFunction<?, ?> f, boolean toPair) implements ElementOp {
        public Transform {
            Objects.requireNonNull(parent, "parent");
            Objects.requireNonNull(f, "f");
        }

        @Override
        public String kind() {
            return toPair ? "transformToPair" : "transform";
        }

        @Override
        public String toNativeString(StreamIds ids) {
            return "." + kind() + "(f)";
        }
    }

    /** {@code .transform((rdd, time) -> ...)} or {@code .transformToPair(...)}: a function of each batch's RDD and time. */
    record TransformWithTime(StreamOp parent, TransformWithTimeFunction<?, ?> f, boolean toPair) implements ElementOp {
        public TransformWithTime {
            Objects.requireNonNull(parent, "parent");
            Objects.requireNonNull(f, "f");
        }

        @Override
        public String kind() {
            return toPair ? "transformToPair" : "transform";
        }

        @Override
        public String toNativeString(StreamIds ids) {
            return "." + kind() + "((rdd, time) -> ...)";
        }
    }

    /**
     * {@code .transformWith(other, f)} or, when {@code toPair}, {@code .transformWithToPair(other, f)}:
     * a function of both streams' RDDs of each batch and its time.
     */
    record TransformWith(StreamOp parent, StreamOp other, TransformWithFunction<?, ?, ?> f, boolean toPair) implements ElementOp {
        public TransformWith {
            Objects.requireNonNull(parent, "parent");
            Objects.requireNonNull(other, "other");
            Objects.requireNonNull(f, "f");
        }

        @Override
        public List<StreamOp> parents() {
            return List.of(parent, other);
        }

        @Override
        public String kind() {
            return toPair ? "transformWithToPair" : "transformWith";
        }

        @Override
        public String toNativeString(StreamIds ids) {
            return "." + kind() + "(" + ids.refer(other) + ", f)";
        }
    }

    /**
     * {@code ssc.transform(streams, f)} or, when {@code toPair}, {@code ssc.transformToPair(streams, f)}:
     * a function of every stream's RDD of each batch (in the order given) and its time.
     */
    record TransformMany(List<StreamOp> streams, TransformManyFunction<?> f, boolean toPair) implements ElementOp {
        public TransformMany {
            streams = List.copyOf(streams);
            if (streams.isEmpty()) {
                throw new IllegalArgumentException("transform needs at least one stream");
            }
            Objects.requireNonNull(f, "f");
        }

        @Override
        public StreamOp parent() {
            return streams.get(0);
        }

        @Override
        public List<StreamOp> parents() {
            return streams;
        }

        @Override
        public boolean continuesFirstParent() {
            return false;
        }

        @Override
        public String kind() {
            return toPair ? "transformToPair" : "transform";
        }

        @Override
        public String toNativeString(StreamIds ids) {
            StringBuilder sb = new StringBuilder("ssc.").append(kind()).append("(List.of(");
            for (int i = 0; i < streams.size(); i++) {
                sb.append(i > 0 ? ", " : "").append(ids.refer(streams.get(i)));
            }
            return sb.append("), f)").toString();
        }
    }

    /** {@code .cache()}: the same stream, each batch kept in memory once computed. */
    record Cache(StreamOp parent) implements ElementOp {
        public Cache {
            Objects.requireNonNull(parent, "parent");
        }

        @Override
        public boolean modifiesParent() {
            return true;
        }

        @Override
        public String kind() {
            return "cache";
        }

        @Override
        public String toNativeString(StreamIds ids) {
            return ".cache()";
        }
    }

    /**
     * {@code .checkpoint(interval)}: the same stream, kept in memory, with a checkpoint of the
     * context (the state of every stateful stream, the sources' positions) at every batch time that
     * is a multiple of {@code interval}.
     */
    record Checkpoint(StreamOp parent, Duration interval) implements ElementOp {
        public Checkpoint {
            Objects.requireNonNull(parent, "parent");
            Objects.requireNonNull(interval, "interval");
        }

        @Override
        public boolean modifiesParent() {
            return true;
        }

        @Override
        public String kind() {
            return "checkpoint";
        }

        @Override
        public String toNativeString(StreamIds ids) {
            return ".checkpoint(" + Render.duration(interval) + ")";
        }
    }
}
