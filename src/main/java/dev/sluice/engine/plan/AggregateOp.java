package dev.sluice.engine.plan;

import dev.sluice.streaming.ReduceFunction;
import java.util.List;
import java.util.Objects;

/** A per-batch aggregation of an unkeyed stream: one count or reduction per batch. */
public sealed interface AggregateOp extends StreamOp {

    /** Returns the stream this operator reads. */
    StreamOp parent();

    @Override
    default List<StreamOp> parents() {
        return List.of(parent());
    }

    /** {@code .count()}: one element per batch, 0 for an empty batch. */
    record Count(StreamOp parent) implements AggregateOp {
        public Count {
            Objects.requireNonNull(parent, "parent");
        }

        @Override
        public String kind() {
            return "count";
        }

        @Override
        public String toNativeString(StreamIds ids) {
            return ".count()";
        }
    }

    /** {@code .countByValue([numPartitions])}: a keyed stream counting each distinct element per batch; 0 partitions means the default. */
    record CountByValue(StreamOp parent, int numPartitions) implements AggregateOp {
        public CountByValue {
            Objects.requireNonNull(parent, "parent");
            Render.requirePartitions(numPartitions);
        }

        @Override
        public String kind() {
            return "countByValue";
        }

        @Override
        public String toNativeString(StreamIds ids) {
            return ".countByValue(" + (numPartitions > 0 ? numPartitions : "") + ")";
        }
    }

    /** {@code .reduce(f)}: one element per non-empty batch. */
    record Reduce(StreamOp parent, ReduceFunction<?> f) implements AggregateOp {
        public Reduce {
            Objects.requireNonNull(parent, "parent");
            Objects.requireNonNull(f, "f");
        }

        @Override
        public String kind() {
            return "reduce";
        }

        @Override
        public String toNativeString(StreamIds ids) {
            return ".reduce(f)";
        }
    }
}
