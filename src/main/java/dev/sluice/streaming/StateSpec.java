package dev.sluice.streaming;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The specification of a {@code mapWithState} operation: the mapping function and, optionally, an
 * idle timeout, an initial state and a number of partitions or a partitioner.
 *
 * <pre>{@code
 * pairs.mapWithState(StateSpec.function((String k, Optional<Integer> v, State<Integer> s) -> ...)
 *                              .timeout(Duration.ofSeconds(30)));
 * }</pre>
 *
 * <p>A key times out at the first batch whose time is more than the timeout after the last batch
 * that had data for it; the function is then called once with an empty value and
 * {@link State#isTimingOut()} true, and the key's state is removed. (Spark checks timeouts only on
 * batches where the state is checkpointed, so it may time a key out later.)
 */
public final class StateSpec<K, V, S, R> {

    private final MappingFunction<K, V, S, R> function;
    private Duration timeout;
    private PairRDD<K, S> initialState;
    private int numPartitions;
    private Partitioner partitioner;

    private StateSpec(MappingFunction<K, V, S, R> function) {
        this.function = Objects.requireNonNull(function, "function");
    }

    /** Returns a spec with the given mapping function. */
    public static <K, V, S, R> StateSpec<K, V, S, R> function(MappingFunction<K, V, S, R> function) {
        return new StateSpec<>(function);
    }

    /** Removes keys that received no data for longer than {@code idle} (must be positive). */
    public StateSpec<K, V, S, R> timeout(Duration idle) {
        if (idle == null || idle.isNegative() || idle.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + idle);
        }
        this.timeout = idle;
        return this;
    }

    /** Starts from the given state instead of an empty one. */
    public StateSpec<K, V, S, R> initialState(PairRDD<K, S> initial) {
        this.initialState = Objects.requireNonNull(initial, "initial");
        return this;
    }

    /**
     * Hash-partitions the state into {@code n} partitions (default: the context's parallelism);
     * replaces a partitioner set before, as in Spark.
     */
    public StateSpec<K, V, S, R> numPartitions(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("numPartitions must be at least 1, got " + n);
        }
        this.numPartitions = n;
        this.partitioner = null;
        return this;
    }

    /** Partitions the state by {@code partitioner}; replaces a number of partitions set before, as in Spark. */
    public StateSpec<K, V, S, R> partitioner(Partitioner partitioner) {
        this.partitioner = Objects.requireNonNull(partitioner, "partitioner");
        this.numPartitions = 0;
        return this;
    }

    /** Returns the mapping function. */
    public MappingFunction<K, V, S, R> mappingFunction() {
        return function;
    }

    /** Returns the idle timeout, if any. */
    public Optional<Duration> getTimeout() {
        return Optional.ofNullable(timeout);
    }

    /** Returns the initial state, if any. */
    public Optional<PairRDD<K, S>> getInitialState() {
        return Optional.ofNullable(initialState);
    }

    /** Returns the number of partitions, or 0 for the context's default (or when a partitioner is set). */
    public int getNumPartitions() {
        return numPartitions;
    }

    /** Returns the partitioner, if one was set. */
    public Optional<Partitioner> getPartitioner() {
        return Optional.ofNullable(partitioner);
    }
}
