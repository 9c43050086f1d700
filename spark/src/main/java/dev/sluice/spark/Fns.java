package dev.sluice.spark;

import dev.sluice.streaming.FilterFunction;
import dev.sluice.streaming.FlatMapFunction;
import dev.sluice.streaming.MapFunction;
import dev.sluice.streaming.Pair;
import dev.sluice.streaming.PairFunction;
import dev.sluice.streaming.PartitionFunction;
import dev.sluice.streaming.ReduceFunction;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.api.java.function.Function2;
import scala.Tuple2;

/**
 * Spark functions over the user's Sluice functions. Each adapter captures only the user's function
 * (serializable, as every Sluice function interface is) and, for a snippet's function that reads
 * top-level snippet variables, their values ({@link ReplStatics}), so it ships to executors with them.
 */
final class Fns {

    private Fns() {
    }

    @SuppressWarnings("unchecked")
    static <T> T cast(Object o) {
        return (T) o;
    }

    static Function<Object, Object> map(MapFunction<?, ?> f) {
        MapFunction<Object, Object> g = cast(f);
        ReplStatics s = ReplStatics.of(f);
        if (s.isEmpty()) {
            return g::call;
        }
        return x -> {
            s.install();
            return g.call(x);
        };
    }

    static Function<Object, Boolean> filter(FilterFunction<?> f) {
        FilterFunction<Object> g = cast(f);
        ReplStatics s = ReplStatics.of(f);
        if (s.isEmpty()) {
            return g::call;
        }
        return x -> {
            s.install();
            return g.call(x);
        };
    }

    static org.apache.spark.api.java.function.FlatMapFunction<Object, Object> flatMap(FlatMapFunction<?, ?> f) {
        FlatMapFunction<Object, Object> g = cast(f);
        ReplStatics s = ReplStatics.of(f);
        return x -> {
            s.install();
            return iterator(g.call(x));
        };
    }

    static org.apache.spark.api.java.function.FlatMapFunction<Iterator<Object>, Object> partitions(PartitionFunction<?, ?> f) {
        PartitionFunction<Object, Object> g = cast(f);
        ReplStatics s = ReplStatics.of(f);
        return it -> {
            s.install();
            Iterator<Object> out = g.call(it);
            return out == null ? java.util.Collections.emptyIterator() : out;
        };
    }

    static org.apache.spark.api.java.function.PairFunction<Object, Object, Object> pair(PairFunction<?, ?, ?> f) {
        PairFunction<Object, Object, Object> g = cast(f);
        ReplStatics s = ReplStatics.of(f);
        return x -> {
            s.install();
            return Dataset.toTuple(g.call(x));
        };
    }

    static Function2<Object, Object, Object> reduce(ReduceFunction<?> f) {
        ReduceFunction<Object> g = cast(f);
        ReplStatics s = ReplStatics.of(f);
        if (s.isEmpty()) {
            return g::call;
        }
        return (a, b) -> {
            s.install();
            return g.call(a, b);
        };
    }

    static Function2<Object, Object, Object> fn2(dev.sluice.streaming.Function2<?, ?, ?> f) {
        dev.sluice.streaming.Function2<Object, Object, Object> g = cast(f);
        ReplStatics s = ReplStatics.of(f);
        if (s.isEmpty()) {
            return g::call;
        }
        return (a, b) -> {
            s.install();
            return g.call(a, b);
        };
    }

    /** A filter over Spark pairs that asks the user's filter of Sluice pairs. */
    static Function<Tuple2<Object, Object>, Boolean> pairFilter(FilterFunction<?> f) {
        FilterFunction<Object> g = cast(f);
        ReplStatics s = ReplStatics.of(f);
        return t -> {
            s.install();
            return g.call(new Pair<>(t._1(), t._2()));
        };
    }

    /**
     * The snapshot of the top-level snippet variables {@code f} reads, for adapters written in a
     * translator: call {@link ReplStatics#install()} on it before {@code f} on an executor. Checks
     * now, before any job, that {@code f} and what it reads can be shipped.
     */
    static ReplStatics statics(Object f) {
        return ReplStatics.of(f);
    }

    static Iterator<Object> iterator(Iterable<?> values) {
        if (values == null) {
            return java.util.Collections.emptyIterator();
        }
        return cast(values.iterator());
    }

    /** Returns {@code values} as a list, as the embedded engine gives grouped values. */
    static List<Object> list(Iterable<?> values) {
        List<Object> out = new ArrayList<>();
        for (Object v : values) {
            out.add(v);
        }
        return out;
    }

    static <T> java.util.Optional<T> toJava(org.apache.spark.api.java.Optional<T> o) {
        return o.isPresent() ? java.util.Optional.ofNullable(o.get()) : java.util.Optional.empty();
    }

    static <T> org.apache.spark.api.java.Optional<T> toSpark(java.util.Optional<T> o) {
        return o != null && o.isPresent() ? org.apache.spark.api.java.Optional.of(o.get()) : org.apache.spark.api.java.Optional.empty();
    }
}
