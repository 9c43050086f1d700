package dev.sluice.engine.rdd;

import dev.sluice.streaming.Pair;
import dev.sluice.streaming.ReduceFunction;
import java.util.HashMap;
import java.util.Map;

/**
 * The map side of a {@code reduceByKey} with any function: while the values are all of one of the
 * types {@code Long}, {@code Integer} or {@code Double}, each key's running value is held unboxed in
 * a {@link SumTable} (an {@code int} widened, a {@code double} as its bits), and the user's function
 * is applied to it through {@link #applyAsLong}, which boxes both operands right before the call and
 * unboxes the result right after. The table only finds the slot ({@link SumTable#find}); the fold
 * happens here, so the boxing, the call and the unboxing are in one small method whatever the JIT
 * does with the table's lookup. Once the JIT inlines the function there, those boxes are plainly
 * local and are removed, so {@code (a, b) -> a + b}, {@code Long::sum} and a static
 * method of the user's own all run as a plain {@code long} addition per record; nothing depends on
 * which function it is.
 *
 * <p>The first value sets the type. A value of another type or null, or a result of another type
 * or null (possible when the declared value type is a supertype such as {@code Number}), moves
 * everything counted so far into one hash map per reduce partition and continues as the general
 * combine would; the results are the same either way. Each distinct key's value is boxed once, at
 * the end ({@link #result}), and placed in its reduce partition.
 *
 * <p>One instance per map task; not thread-safe.
 */
final class UnboxedReduce<K, V> implements Sink<Pair<K, V>> {

    private static final int NONE = 0;
    private static final int LONG = 1;
    private static final int INT = 2;
    private static final int DOUBLE = 3;

    private final ReduceFunction<V> f;
    private final Aggregator<V, V> aggregator;
    private final Partitioner partitioner;

    /** The values' type while they are held unboxed ({@link #LONG}, {@link #INT}, {@link #DOUBLE}); else {@link #NONE}. */
    private int type = NONE;
    /** The values' class while held unboxed; null before the first value and once they are not. */
    private Class<?> typeClass;
    private SumTable<K> table;
    /** Per reduce partition, once the values are no longer held unboxed; else null. */
    private Map<K, V>[] buckets;

    /** Reduces with {@code f} into {@code partitioner}'s partitions; {@code aggregator} is {@code f}'s. */
    UnboxedReduce(ReduceFunction<V> f, Aggregator<V, V> aggregator, Partitioner partitioner) {
        this.f = f;
        this.aggregator = aggregator;
        this.partitioner = partitioner;
    }

    /**
     * Takes one record. Kept small, with everything but the common case in other methods, so that
     * the JIT inlines it into the loop that makes the records: the {@link Pair} then never leaves
     * that loop and is not allocated at all.
     */
    @Override
    public void accept(Pair<K, V> record) throws Exception {
        V v = record.value();
        if (v != null && v.getClass() == typeClass) {
            fold(record.key(), v);
        } else {
            other(record.key(), v);
        }
    }

    /** Folds a value of the unboxed type into its key's total. */
    private void fold(K key, V v) {
        long x = unbox(v);
        int at = table.find(key, x);
        if (at >= 0) {
            try {
                table.setTotal(at, applyAsLong(table.total(at), x));
            } catch (OtherResult e) {
                generalize();
                buckets[bucket(key)].put(key, e.value());
            }
        }
    }

    /** Takes the first value, or one that cannot be held unboxed, or any value once nothing is. */
    private void other(K key, V v) throws Exception {
        if (buckets == null) {
            if (typeClass == null && v != null && start(v)) {
                table = new SumTable<>();
                table.find(key, unbox(v));
                return;
            }
            generalize();
        }
        int b = bucket(key);
        Map<K, V> bucket = buckets[b];
        if (bucket == null) {
            bucket = new HashMap<>();
            buckets[b] = bucket;
        }
        AggregateShuffle.combineInto(bucket, key, v, aggregator);
    }

    /** Chooses the unboxed type from the first value; false if it is none of them. */
    private boolean start(V v) {
        if (v instanceof Long) {
            type = LONG;
        } else if (v instanceof Integer) {
            type = INT;
        } else if (v instanceof Double) {
            type = DOUBLE;
        } else {
            return false;
        }
        typeClass = v.getClass();
        return true;
    }

    private long unbox(Object v) {
        if (type == LONG) {
            return (Long) v;
        }
        if (type == INT) {
            return (Integer) v;
        }
        return Double.doubleToRawLongBits((Double) v);
    }

    @SuppressWarnings("unchecked")
    private V box(long x) {
        if (type == LONG) {
            return (V) Long.valueOf(x);
        }
        if (type == INT) {
            return (V) Integer.valueOf((int) x);
        }
        return (V) Double.valueOf(Double.longBitsToDouble(x));
    }

    /**
     * Applies the user's function to two unboxed values: boxes them, calls it, unboxes the result.
     * A result that is not of the values' type is carried out by {@link OtherResult}. Each type has
     * its own straight-line branch (no shared helper), so that once the function is inlined the
     * boxes it receives and returns are plainly local and the JIT removes them.
     *
     * <p>The operands are boxed with the wrappers' constructors, deprecated as they are, not with
     * {@code valueOf}: {@code valueOf} returns a shared object for small values, and a box that may
     * be either a shared object or a new one is one the JIT's escape analysis keeps. Measured on
     * W1 with {@code (a, b) -> a + b} (bench/RESULTS.md, "The operands of a reduce, boxed with
     * {@code new}"): with {@code valueOf} each call allocated its two {@code Long}s, 23% of all
     * bytes allocated, although the function was inlined; with {@code new} none. A function that
     * compares its operands by reference ({@code a == b}) finds them distinct here.
     */
    @SuppressWarnings({"unchecked", "removal"})
    long applyAsLong(long left, long right) {
        Object result;
        try {
            if (type == LONG) {
                result = f.call((V) new Long(left), (V) new Long(right));
                if (result instanceof Long r) {
                    return r;
                }
            } else if (type == INT) {
                result = f.call((V) new Integer((int) left), (V) new Integer((int) right));
                if (result instanceof Integer r) {
                    return r;
                }
            } else {
                result = f.call((V) new Double(Double.longBitsToDouble(left)),
                        (V) new Double(Double.longBitsToDouble(right)));
                if (result instanceof Double r) {
                    return Double.doubleToRawLongBits(r);
                }
            }
        } catch (Exception e) {
            throw UserFunctionException.wrap(e);
        }
        throw new OtherResult(result);
    }

    private int bucket(K key) {
        int n = partitioner.numPartitions();
        return n == 1 ? 0 : partitioner.partition(key);
    }

    /** Moves the unboxed values, boxed, into one hash map per reduce partition, for the general combine. */
    @SuppressWarnings("unchecked")
    private void generalize() {
        buckets = table == null ? new Map[partitioner.numPartitions()] : table.toMaps(partitioner, this::box);
        table = null;
        typeClass = null;
        for (int b = 0; b < buckets.length; b++) {
            if (buckets[b] == null) {
                buckets[b] = new HashMap<>();
            }
        }
    }

    /** Whether the values are still held unboxed. */
    boolean unboxed() {
        return buckets == null;
    }

    /** Returns one map per reduce partition from each key placed there to its value; null for a partition with none. */
    @SuppressWarnings("unchecked")
    Map<K, V>[] result() {
        if (buckets != null) {
            return buckets;
        }
        return table == null ? new Map[partitioner.numPartitions()] : table.toMaps(partitioner, this::box);
    }

    /** A result of the user's function that cannot be held unboxed with the others. */
    private static final class OtherResult extends RuntimeException {
        private final transient Object value;

        OtherResult(Object value) {
            super(null, null, false, false);
            this.value = value;
        }

        @SuppressWarnings("unchecked")
        <V> V value() {
            return (V) value;
        }
    }
}
