package dev.sluice.engine.graph;

import dev.sluice.engine.Micros;
import dev.sluice.engine.rdd.LayeredMap;
import dev.sluice.engine.rdd.MapBackedNode;
import dev.sluice.engine.rdd.Partitioner;
import dev.sluice.engine.rdd.RddNode;
import dev.sluice.streaming.FilterFunction;
import dev.sluice.streaming.Pair;
import dev.sluice.streaming.ReduceFunction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A by-key reduction over a sliding window computed incrementally: the window at {@code t} is the
 * window at {@code t - slide}, minus (with the inverse function) the batches that left it, plus the
 * batches that entered it. Keys whose value was inverted back stay unless the filter drops them.
 *
 * <p>The parent is the per-batch reduced stream, partitioned like this node. Each batch the window
 * takes in is kept in a {@link WindowLog} until it leaves: per partition one array of its keys and
 * values, the keys shared across batches. The batches that leave are read from there, so the
 * parent need not keep its datasets for the window's length while an output computes the window
 * every batch. When the previous window is not at hand (the operator was attached to a running
 * context, that batch failed, or after a restart) the window is reduced in full from the log and,
 * for the batches it does not hold, the parent's kept batches (after a restart, the sources restore
 * the whole window's past). A batch whose window failed stays in the log as the parent's dataset.
 */
public final class ReducedWindowedNode<K, V> extends StreamNode<Pair<K, V>> {

    private final StreamNode<Pair<K, V>> reduced;
    private final ReduceFunction<V> reduce;
    private final ReduceFunction<V> inverse;
    private final FilterFunction<Pair<K, V>> filter;
    private final long lengthMicros;
    private final long slideMicros;
    private final Partitioner partitioner;
    /** The batches taken in, kept until they leave the window; guarded by itself. */
    private final WindowLog<K> log;

    /** Creates the operator over the per-batch reduced stream {@code reduced}. */
    public ReducedWindowedNode(StreamGraph graph, StreamNode<Pair<K, V>> reduced, ReduceFunction<V> reduce,
                               ReduceFunction<V> inverse, FilterFunction<Pair<K, V>> filter,
                               long lengthMicros, long slideMicros, Partitioner partitioner) {
        super(graph);
        this.reduced = reduced;
        this.reduce = reduce;
        this.inverse = inverse;
        this.filter = filter;
        this.lengthMicros = lengthMicros;
        this.slideMicros = slideMicros;
        this.partitioner = partitioner;
        this.log = new WindowLog<>(partitioner.numPartitions());
        reduced.persistGenerated();
        graph.register(this);
    }

    /** Returns how the window's pairs are partitioned. */
    public Partitioner partitioner() {
        return partitioner;
    }

    @Override
    public List<StreamNode<?>> parents() {
        return List.of(reduced);
    }

    @Override
    public long slideMicros() {
        return slideMicros;
    }

    @Override
    public long parentRememberExtraMicros() {
        return lengthMicros;
    }

    @Override
    public long parentRememberExtraWhenEagerMicros() {
        // the batches that leave the window are read back from the log, not from the parent
        return 0;
    }

    @Override
    public String operation() {
        return "reduceByKeyAndWindow(" + Micros.formatMillis(lengthMicros) + " ms, " + Micros.formatMillis(slideMicros) + " ms, incremental)";
    }

    /** Returns the number of parent batch times the window's log holds (a diagnostic). */
    public int loggedBatches() {
        synchronized (log) {
            return log.size();
        }
    }

    /** Returns the number of distinct keys the log holds in partition {@code split} (a diagnostic). */
    public int loggedKeys(int split) {
        synchronized (log) {
            return log.keys(split).size();
        }
    }

    /**
     * One parent batch as the window reads it: its compact partitions from the log, or its dataset
     * ({@code input}: an index into the job's inputs), which the job compacts into {@code logged}
     * (an index into the job's new log entries) when the log took it, else -1.
     */
    private record Batch(long time, Object[][] parts, int input, int logged) {
    }

    @Override
    @SuppressWarnings("unchecked")
    protected RddNode<Pair<K, V>> compute(long time) throws Exception {
        long ps = reduced.slideMicros();
        long previousTime = time - slideMicros;
        MapBackedNode<K, V> previous = null;
        List<RddNode<?>> inputs = new ArrayList<>();
        List<Batch> toLog = new ArrayList<>();
        List<Batch> leaving = List.of();
        List<Batch> entering;
        synchronized (log) {
            // the log keeps one slide more than the window, so the window before the latest can be recomputed whole
            log.advance(time, lengthMicros + slideMicros);
            if (hasGenerated(previousTime)) {
                previous = (MapBackedNode<K, V>) getOrCompute(previousTime);
                leaving = batches(previousTime - lengthMicros + ps, time - lengthMicros, inputs, null);
                entering = batches(previousTime + ps, time, inputs, toLog);
            } else {
                entering = batches(time - lengthMicros + ps, time, inputs, toLog);
            }
        }
        if (previous != null && filter == null && inputs.isEmpty() && leaving.isEmpty() && entering.isEmpty()) {
            // no data entered or left the window: the same pairs, without a job (a filter runs every
            // slide, so a window with one still merges)
            return previous.sameMaps("reduceByKeyAndWindow");
        }
        List<Batch> out = leaving;
        List<Batch> in = entering;
        MapBackedNode<K, V> prev = previous;
        Object[][][] logged = new Object[toLog.size()][partitioner.numPartitions()][];
        // If the job fails, the batches stay logged as datasets, for the next window to read in full.
        MapBackedNode<K, V> result = MapBackedNode.materialize(graph.rddContext(), inputs, partitioner, (split, its) -> {
            Map<K, V> before = prev == null ? Map.of() : prev.partition(split);
            Object[] leavingPairs = combine(out, split, its, null);
            Object[] enteringPairs = combine(in, split, its, logged);
            return merge(before, leavingPairs, enteringPairs);
        }, "reduceByKeyAndWindow");
        synchronized (log) {
            for (Batch b : toLog) {
                log.compacted(b.time(), logged[b.logged()]);
            }
        }
        return result;
    }

    /**
     * Returns the parent's batches of the valid times in {@code [from, to]}, oldest first: from the
     * log where it holds them, else from the parent (logged, when {@code toLog} is given and the log
     * takes the time, as a dataset that the job compacts). Adds the datasets to read to {@code inputs}.
     */
    private List<Batch> batches(long from, long to, List<RddNode<?>> inputs, List<Batch> toLog) throws Exception {
        List<Batch> out = new ArrayList<>();
        long ps = reduced.slideMicros();
        long zero = graph.zeroTime();
        long first = from <= zero ? zero + ps : zero + ceilDiv(from - zero, ps) * ps;
        for (long t = first; t <= to; t += ps) {
            Object entry = log.get(t);
            boolean inLog = entry != null;
            if (!inLog) {
                RddNode<Pair<K, V>> rdd = reduced.getOrCompute(t);
                // a batch known to be empty (a receiver's without blocks) is logged as no data, unread
                entry = rdd == null || rdd.knownEmpty() ? WindowLog.EMPTY : rdd;
                inLog = log.append(t, entry);
            }
            if (entry == WindowLog.EMPTY) {
                continue;
            }
            if (entry instanceof Object[][] parts) {
                out.add(new Batch(t, parts, -1, -1));
                continue;
            }
            int input = inputs.size();
            inputs.add((RddNode<?>) entry);
            Batch b = new Batch(t, null, input, inLog && toLog != null ? toLog.size() : -1);
            if (b.logged() >= 0) {
                toLog.add(b);
            }
            out.add(b);
        }
        return out;
    }

    /**
     * Returns the pairs of {@code batches} in partition {@code split} reduced by key, as keys and
     * values side by side, each key once. A batch read from the parent is reduced on its own first
     * and, if it is to be logged, its keys are replaced by the instances the log holds and its array
     * stored in {@code logged} (counted into the log once the job has succeeded).
     */
    @SuppressWarnings("unchecked")
    private Object[] combine(List<Batch> batches, int split, List<Iterator<?>> its, Object[][][] logged) throws Exception {
        Object[] single = null;
        Map<K, V> acc = null;
        for (Batch b : batches) {
            Object[] pairs;
            if (b.parts() != null) {
                pairs = b.parts()[split];
            } else {
                boolean log = logged != null && b.logged() >= 0;
                pairs = reduceBatch(its.get(b.input()), log ? this.log.keys(split) : null);
                if (log) {
                    logged[b.logged()][split] = pairs;
                }
            }
            if (pairs.length == 0) {
                continue;
            }
            if (single == null && acc == null) {
                single = pairs;
                continue;
            }
            if (acc == null) {
                acc = new HashMap<>();
                addAll(acc, single);
            }
            addAll(acc, pairs);
        }
        if (acc == null) {
            return single == null ? WindowLog.none() : single;
        }
        Object[] out = new Object[acc.size() * 2];
        int i = 0;
        for (Map.Entry<K, V> e : acc.entrySet()) {
            out[i++] = e.getKey();
            out[i++] = e.getValue();
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private void addAll(Map<K, V> acc, Object[] pairs) throws Exception {
        for (int i = 0; i < pairs.length; i += 2) {
            add(acc, (K) pairs[i], (V) pairs[i + 1]);
        }
    }

    /** Reduces {@code value} into {@code key}'s value in {@code acc}. */
    private void add(Map<K, V> acc, K key, V value) throws Exception {
        if (acc.containsKey(key)) {
            acc.put(key, reduce.call(acc.get(key), value));
        } else {
            acc.put(key, value);
        }
    }

    /** Reduces one batch's partition by key into keys and values side by side, keys looked up in {@code keys} if given. */
    @SuppressWarnings("unchecked")
    private Object[] reduceBatch(Iterator<?> it, WindowLog.KeyCounts<K> keys) throws Exception {
        Map<K, V> acc = new HashMap<>();
        while (it.hasNext()) {
            Pair<K, V> p = (Pair<K, V>) it.next();
            add(acc, p.key(), p.value());
        }
        if (acc.isEmpty()) {
            return WindowLog.none();
        }
        Object[] out = new Object[acc.size() * 2];
        int i = 0;
        for (Map.Entry<K, V> e : acc.entrySet()) {
            out[i++] = keys == null ? e.getKey() : keys.shared(e.getKey());
            out[i++] = e.getValue();
        }
        return out;
    }

    /**
     * The next window's partition: {@code before} less the leaving pairs (by the inverse function,
     * for keys it holds) plus the entering ones, then filtered.
     */
    @SuppressWarnings("unchecked")
    private Map<K, V> merge(Map<K, V> before, Object[] out, Object[] in) throws Exception {
        if (filter == null) {
            Map<K, V> layered = layered(before, out, in);
            if (layered != null) {
                return layered;
            }
        }
        Map<K, V> result = new HashMap<>(before);
        for (int i = 0; i < out.length; i += 2) {
            K key = (K) out[i];
            if (result.containsKey(key)) {
                result.put(key, inverse.call(result.get(key), (V) out[i + 1]));
            }
        }
        addAll(result, in);
        if (filter != null) {
            Iterator<Map.Entry<K, V>> it = result.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<K, V> e = it.next();
                if (!filter.call(new Pair<>(e.getKey(), e.getValue()))) {
                    it.remove();
                }
            }
        }
        return result;
    }

    /**
     * The next window as a layer of the keys that changed over the last one, so a slide costs the
     * keys of the batches that entered and left it, not every key of the window. Null when a value
     * is null (a layered map holds none): the caller then copies the window as a whole.
     */
    @SuppressWarnings("unchecked")
    private Map<K, V> layered(Map<K, V> before, Object[] out, Object[] in) throws Exception {
        if (!before.isEmpty() && !(before instanceof LayeredMap<K, V>) && before.containsValue(null)) {
            return null;
        }
        LayeredMap.Editor<K, V> next = LayeredMap.edit(before);
        for (int i = 0; i < out.length; i += 2) {
            int slot = next.slot((K) out[i]);
            V current = next.valueAt(slot);
            if (current != null) {
                V value = inverse.call(current, (V) out[i + 1]);
                if (value == null) {
                    return null;
                }
                next.setAt(slot, value);
            }
        }
        for (int i = 0; i < in.length; i += 2) {
            int slot = next.slot((K) in[i]);
            V current = next.valueAt(slot);
            V value = current == null ? (V) in[i + 1] : reduce.call(current, (V) in[i + 1]);
            if (value == null) {
                return null;
            }
            next.setAt(slot, value);
        }
        return next.seal();
    }
}
