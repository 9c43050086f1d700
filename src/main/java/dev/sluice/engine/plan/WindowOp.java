package dev.sluice.engine.plan;

import dev.sluice.streaming.ReduceFunction;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** A window over an unkeyed stream: its batches in {@code (t - length, t]}, every {@code slide}. */
public sealed interface WindowOp extends StreamOp {

    /** Returns the stream this operator reads. */
    StreamOp parent();

    /** Returns the window's length. */
    Duration length();

    /** Returns the window's slide. */
    Duration slide();

    @Override
    default List<StreamOp> parents() {
        return List.of(parent());
    }

    private static void check(StreamOp parent, Duration length, Duration slide) {
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(length, "length");
        Objects.requireNonNull(slide, "slide");
    }

    /** {@code .window(length, slide)}. */
    record Window(StreamOp parent, Duration length, Duration slide) implements WindowOp {
        public Window {
            check(parent, length, slide);
        }

        @Override
        public String kind() {
            return "window";
        }

        @Override
        public String toNativeString(StreamIds ids) {
            return ".window(" + Render.duration(length) + ", " + Render.duration(slide) + ")";
        }
    }

    /** {@code .countByWindow(length, slide)}: the number of elements in each window. */
    record CountByWindow(StreamOp parent, Duration length, Duration slide) implements WindowOp {
        public CountByWindow {
            check(parent, length, slide);
        }

        @Override
        public String kind() {
            return "countByWindow";
        }

        @Override
        public String toNativeString(StreamIds ids) {
            return ".countByWindow(" + Render.duration(length) + ", " + Render.duration(slide) + ")";
        }
    }

    /** {@code .reduceByWindow(f, [inverse,] length, slide)}: each window's elements combined; incremental when {@code inverse} is not null. */
    record ReduceByWindow(StreamOp parent, ReduceFunction<?> f, ReduceFunction<?> inverse, Duration length, Duration slide)
            implements WindowOp {
        public ReduceByWindow {
            check(parent, length, slide);
            Objects.requireNonNull(f, "f");
        }

        @Override
        public String kind() {
            return "reduceByWindow";
        }

        @Override
        public String toNativeString(StreamIds ids) {
            return ".reduceByWindow(f, " + (inverse != null ? "inverse, " : "") + Render.duration(length) + ", "
                    + Render.duration(slide) + ")";
        }
    }

    /**
     * {@code .countByValueAndWindow(length, slide[, numPartitions])}: a keyed stream counting each
     * distinct element per window, dropping elements whose count fell to 0; 0 partitions means the default.
     */
    record CountByValueAndWindow(StreamOp parent, Duration length, Duration slide, int numPartitions) implements WindowOp {
        public CountByValueAndWindow {
            check(parent, length, slide);
            Render.requirePartitions(numPartitions);
        }

        @Override
        public String kind() {
            return "countByValueAndWindow";
        }

        @Override
        public String toNativeString(StreamIds ids) {
            return ".countByValueAndWindow(" + Render.duration(length) + ", " + Render.duration(slide)
                    + Render.partitions(numPartitions) + ")";
        }
    }
}
