package dev.sluice.engine.plan;

import dev.sluice.streaming.ForeachRDDFunction;
import dev.sluice.streaming.VoidFunction;
import java.util.Objects;

/** An output operation: what makes the context compute a stream every batch. */
public sealed interface OutputOp {

    /** Returns the stream the output reads. */
    StreamOp parent();

    /** Returns the output's kind, as the public API names it ({@code "print"}). */
    String kind();

    /** Returns this output in the API's (and Spark's) own terms, e.g. {@code .print(10)}. */
    String toNativeString();

    /** {@code .print(n)}: the first {@code n} elements of every batch, under a header with the batch time. */
    record Print(StreamOp parent, int n) implements OutputOp {
        public Print {
            Objects.requireNonNull(parent, "parent");
            if (n < 0) {
                throw new IllegalArgumentException("n must not be negative, got " + n);
            }
        }

        @Override
        public String kind() {
            return "print";
        }

        @Override
        public String toNativeString() {
            return ".print(" + (n == 10 ? "" : n) + ")";
        }
    }

    /** {@code .foreachRDD(rdd -> ...)}. */
    record ForeachRDD(StreamOp parent, VoidFunction<?> f) implements OutputOp {
        public ForeachRDD {
            Objects.requireNonNull(parent, "parent");
            Objects.requireNonNull(f, "f");
        }

        @Override
        public String kind() {
            return "foreachRDD";
        }

        @Override
        public String toNativeString() {
            return ".foreachRDD(f)";
        }
    }

    /** {@code .foreachRDD((rdd, time) -> ...)}. */
    record ForeachRDDWithTime(StreamOp parent, ForeachRDDFunction<?> f) implements OutputOp {
        public ForeachRDDWithTime {
            Objects.requireNonNull(parent, "parent");
            Objects.requireNonNull(f, "f");
        }

        @Override
        public String kind() {
            return "foreachRDD";
        }

        @Override
        public String toNativeString() {
            return ".foreachRDD((rdd, time) -> ...)";
        }
    }

    /** {@code .saveAsTextFiles(prefix, suffix)}: a directory {@code prefix-<time ms>[.suffix]} per batch; suffix may be null. */
    record SaveAsTextFiles(StreamOp parent, String prefix, String suffix) implements OutputOp {
        public SaveAsTextFiles {
            Objects.requireNonNull(parent, "parent");
            Objects.requireNonNull(prefix, "prefix");
        }

        @Override
        public String kind() {
            return "saveAsTextFiles";
        }

        @Override
        public String toNativeString() {
            return ".saveAsTextFiles(" + Render.quote(prefix) + ", " + (suffix == null ? "null" : Render.quote(suffix)) + ")";
        }
    }
}
