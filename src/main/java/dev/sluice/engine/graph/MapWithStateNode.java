package dev.sluice.engine.graph;

import dev.sluice.engine.rdd.GroupShuffle;
import dev.sluice.engine.rdd.KeySizing;
import dev.sluice.engine.rdd.LayeredMap;
import dev.sluice.engine.rdd.MapBackedNode;
import dev.sluice.engine.rdd.ParallelCollectionNode;
import dev.sluice.engine.rdd.Partitioner;
import dev.sluice.engine.rdd.RddContext;
import dev.sluice.engine.rdd.RddNode;
import dev.sluice.engine.rdd.ShuffledNode;
import dev.sluice.engine.rdd.ValueList;
import dev.sluice.streaming.MappingFunction;
import dev.sluice.streaming.Pair;
import dev.sluice.streaming.State;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * {@code mapWithState}: the mapping function is called once per record, in arrival order per
 * key, with the key's state; keys idle for longer than the timeout are timed out at the first
 * batch past it (one call with no value, then removal). Each batch's dataset holds the mapped
 * values, one per call, a null return included (as in Spark 4.1.0's Java API); {@link Result#state()}
 * holds the state after the batch.
 */
public final class MapWithStateNode<K, V, S, R> extends StreamNode<R> {

    /** A key's state and the last batch time that had data for it. */
    public static final class Timed<S> {
        private final S state;
        private final long lastSeen;

        /** Creates the value. */
        public Timed(S state, long lastSeen) {
            this.state = state;
            this.lastSeen = lastSeen;
        }

        /** Returns the state. */
        public S state() {
            return state;
        }

        /** Returns the last batch time that had data for the key. */
        public long lastSeen() {
            return lastSeen;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Timed<?> t && lastSeen == t.lastSeen && Objects.equals(state, t.state);
        }

        @Override
        public int hashCode() {
            return Objects.hashCode(state) * 31 + Long.hashCode(lastSeen);
        }

        @Override
        public String toString() {
            return "Timed[state=" + state + ", lastSeen=" + lastSeen + "]";
        }
    }

    /**
     * One batch's output: the mapped values, the state after the batch and, per partition of the
     * state, a time no later than any of its keys' last-seen times.
     */
    public static final class Result<K, S, R> extends RddNode<R> {
        private final ParallelCollectionNode<R> mapped;
        private final MapBackedNode<K, Timed<S>> state;
        /** Per partition, no later than the last-seen time of any key there; null when not known. */
        private final long[] earliest;

        Result(RddContext ctx, ParallelCollectionNode<R> mapped, MapBackedNode<K, Timed<S>> state, long[] earliest) {
            super(ctx);
            this.mapped = mapped;
            this.state = state;
            this.earliest = earliest;
        }

        /** Returns the state after the batch, with last-seen times. */
        public MapBackedNode<K, Timed<S>> state() {
            return state;
        }

        @Override
        public int numPartitions() {
            return mapped.numPartitions();
        }

        @Override
        public boolean isFullyComputed() {
            return true;
        }

        @Override
        public String operation() {
            return "mapWithState";
        }

        @Override
        protected Iterator<R> compute(int split) throws Exception {
            return mapped.iterator(split);
        }
    }

    private final StreamNode<Pair<K, V>> parent;
    private final MappingFunction<K, V, S, R> function;
    private final Partitioner partitioner;
    private final long timeoutMicros;
    private final Supplier<MapBackedNode<K, Timed<S>>> initial;
    /** How many keys the last batch's map tasks met, to size the next batch's key tables. */
    private final KeySizing sizing = new KeySizing();
    private volatile List<List<R>> emptyPartitions;
    private final AtomicLong timeoutScans = new AtomicLong();

    /** Creates the operator; {@code timeoutMicros} of 0 means no timeout. */
    public MapWithStateNode(StreamGraph graph, StreamNode<Pair<K, V>> parent, MappingFunction<K, V, S, R> function,
                            Partitioner partitioner, long timeoutMicros, Supplier<MapBackedNode<K, Timed<S>>> initial) {
        super(graph);
        this.parent = parent;
        this.function = function;
        this.partitioner = partitioner;
        this.timeoutMicros = timeoutMicros;
        this.initial = initial;
        graph.register(this);
    }

    @Override
    public boolean updatedEveryBatch() {
        return true;
    }

    @Override
    public List<StreamNode<?>> parents() {
        return List.of(parent);
    }

    @Override
    public String operation() {
        return "mapWithState";
    }

    /** Returns how the state is partitioned. */
    public Partitioner partitioner() {
        return partitioner;
    }

    /** Records {@code state} as the state after batch {@code time} (recovery), with no mapped values. */
    public void restoreState(long time, MapBackedNode<K, Timed<S>> state) {
        List<List<R>> none = new ArrayList<>();
        for (int i = 0; i < partitioner.numPartitions(); i++) {
            none.add(List.of());
        }
        restoreGenerated(time, new Result<>(graph.rddContext(),
                ParallelCollectionNode.ofPartitions(graph.rddContext(), none, null, "mapWithState"), state, null));
    }

    /** Returns an empty list per partition, made once (the lists are immutable and the outer list is copied by each dataset). */
    private List<List<R>> noValues() {
        List<List<R>> none = emptyPartitions;
        if (none == null) {
            List<List<R>> lists = new ArrayList<>();
            for (int i = 0; i < partitioner.numPartitions(); i++) {
                lists.add(List.of());
            }
            none = List.copyOf(lists);
            emptyPartitions = none;
        }
        return none;
    }

    /** Returns the state before {@code time}. */
    @SuppressWarnings("unchecked")
    public MapBackedNode<K, Timed<S>> stateBefore(long time) {
        Map.Entry<Long, RddNode<R>> prev = generatedBefore(time);
        return prev != null ? ((Result<K, S, R>) prev.getValue()).state() : initial.get();
    }

    /**
     * Per partition, a time no later than the last-seen time of any key of the state before
     * {@code time}; null when not known (no batch yet, or a state restored or given as the initial state).
     */
    @SuppressWarnings("unchecked")
    private long[] earliestBefore(long time) {
        Map.Entry<Long, RddNode<R>> prev = generatedBefore(time);
        return prev != null ? ((Result<K, S, R>) prev.getValue()).earliest : null;
    }

    /** Whether no key can time out at {@code threshold}: every partition's earliest last-seen time is at or past it. */
    private static boolean noneDue(long[] earliest, long threshold) {
        if (earliest == null) {
            return false;
        }
        for (long e : earliest) {
            if (e < threshold) {
                return false;
            }
        }
        return true;
    }

    /**
     * How many times a partition's task has gone through its state looking for keys to time out.
     * A batch does so only in partitions where some key may have timed out.
     */
    public long timeoutScans() {
        return timeoutScans.get();
    }

    @Override
    @SuppressWarnings("unchecked")
    protected RddNode<R> compute(long time) throws Exception {
        MapBackedNode<K, Timed<S>> previous = stateBefore(time);
        long[] before = earliestBefore(time);
        long threshold = time - timeoutMicros;
        RddNode<Pair<K, V>> data = parent.getOrCompute(time);
        boolean noData = data == null || data.knownEmpty();
        if (noData && (timeoutMicros == 0 || previous.size() == 0 || noneDue(before, threshold))) {
            // no record and no key that could time out: the same state and no mapped value, without a job
            return new Result<>(graph.rddContext(), ParallelCollectionNode.ofPartitions(graph.rddContext(), noValues(), null,
                    "mapWithState"), previous.sameMaps("mapWithState"), before);
        }
        List<RddNode<?>> inputs = new ArrayList<>();
        if (!noData) {
            inputs.add(ShuffledNode.grouped(graph.rddContext(), new GroupShuffle<>(data, partitioner, sizing), "mapWithState shuffle"));
        }
        int n = partitioner.numPartitions();
        List<List<R>> mapped = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            mapped.add(null);
        }
        long[] after = new long[n];
        MapBackedNode<K, Timed<S>> state = MapBackedNode.materialize(graph.rddContext(), inputs, partitioner, (split, its) -> {
            LayeredMap.Editor<K, Timed<S>> map = LayeredMap.edit(previous.partition(split));
            List<R> out = new ValueList<>();
            if (!its.isEmpty()) {
                Run run = new Run(map, out, time);
                Iterator<Pair<K, List<V>>> groups = (Iterator<Pair<K, List<V>>>) its.get(0);
                while (groups.hasNext()) {
                    Pair<K, List<V>> group = groups.next();
                    run.key(group.key(), group.value());
                }
            }
            // every key this batch wrote was seen at time, every other key is as it was before
            long earliest = before == null ? Long.MIN_VALUE : before[split];
            if (!its.isEmpty()) {
                earliest = Math.min(earliest, time);
            }
            if (timeoutMicros > 0 && earliest < threshold) {
                // some key may have timed out: go through them all, and find the earliest again
                timeoutScans.incrementAndGet();
                earliest = Long.MAX_VALUE;
                for (Map.Entry<K, Timed<S>> e : map.entries()) {
                    long seen = e.getValue().lastSeen();
                    if (seen < threshold) {
                        addMapped(out, function.call(e.getKey(), Optional.empty(), new KeyState<>(true, e.getValue().state(), true)));
                        map.remove(e.getKey());
                    } else {
                        earliest = Math.min(earliest, seen);
                    }
                }
            }
            synchronized (mapped) {
                mapped.set(split, out);
                after[split] = earliest;
            }
            return map.seal();
        }, "mapWithState");
        ParallelCollectionNode<R> values = ParallelCollectionNode.ofPartitions(graph.rddContext(), mapped, null, "mapWithState");
        return new Result<>(graph.rddContext(), values, state, after);
    }

    /**
     * One partition's pass over its records of a batch, key by key: a key's state is looked up once,
     * carried through the calls for its records, and stored once.
     */
    private final class Run {
        private final LayeredMap.Editor<K, Timed<S>> map;
        private final List<R> out;
        private final long time;
        // Records often repeat a value (counts of 1, flags): one Optional serves a run of them.
        private V lastValue;
        private Optional<V> lastOptional = Optional.empty();

        Run(LayeredMap.Editor<K, Timed<S>> map, List<R> out, long time) {
            this.map = map;
            this.out = out;
            this.time = time;
        }

        void key(K key, List<V> values) throws Exception {
            int slot = map.slot(key);
            Timed<S> before = map.valueAt(slot);
            boolean exists = before != null;
            S state = exists ? before.state() : null;
            for (V value : values) {
                if (value != lastValue) {
                    lastValue = value;
                    lastOptional = Optional.ofNullable(value);
                }
                KeyState<S> st = new KeyState<>(exists, state, false);
                addMapped(out, function.call(key, lastOptional, st));
                exists = st.exists;
                state = st.value;
            }
            if (exists) {
                map.setAt(slot, new Timed<>(state, time));
            } else if (before != null) {
                map.removeAt(slot);
            }
        }
    }

    /** Keeps a mapped value; a null is kept as an element too, as Spark's Java API keeps it. */
    private static <R> void addMapped(List<R> out, R value) {
        out.add(value);
    }

    private static final class KeyState<S> implements State<S> {
        private S value;
        private boolean exists;
        private final boolean timingOut;
        private boolean removed;

        KeyState(boolean exists, S value, boolean timingOut) {
            this.exists = exists;
            this.value = value;
            this.timingOut = timingOut;
        }

        @Override
        public boolean exists() {
            return exists;
        }

        @Override
        public S get() {
            if (!exists) {
                throw new NoSuchElementException("the key has no state");
            }
            return value;
        }

        @Override
        public void update(S newState) {
            if (timingOut) {
                throw new IllegalStateException("cannot update the state of a key that is timing out");
            }
            if (removed) {
                throw new IllegalStateException("cannot update a state that was removed in this call");
            }
            value = newState;
            exists = true;
        }

        @Override
        public void remove() {
            if (timingOut) {
                throw new IllegalStateException("cannot remove the state of a key that is timing out; it is removed after this call");
            }
            value = null;
            exists = false;
            removed = true;
        }

        @Override
        public boolean isTimingOut() {
            return timingOut;
        }
    }
}
