package dev.sluice.engine.plan;

import dev.sluice.streaming.FilterFunction;
import dev.sluice.streaming.FlatMapFunction;
import dev.sluice.streaming.MapFunction;
import dev.sluice.streaming.PairFunction;
import dev.sluice.streaming.PartitionFunction;
import dev.sluice.streaming.TransformFunction;
import dev.sluice.streaming.TransformWithTimeFunction;
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

    /** {@code .cache()}: the same stream, each batch kept in memory once computed. */
    record Cache(StreamOp parent) implements ElementOp {
        public Cache {
            Objects.requireNonNull(parent, "parent");
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
}
