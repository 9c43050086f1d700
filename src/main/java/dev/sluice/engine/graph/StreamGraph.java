package dev.sluice.engine.graph;

import dev.sluice.engine.BatchTimes;
import dev.sluice.engine.rdd.RddContext;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live graph of streams, sources and outputs of one context.
 *
 * <p>Before the context starts, changes apply at once. After it starts, every change (a new
 * source, a new output, a stopped output, a new remember duration) is queued and applied by
 * {@link #generate} at the next batch boundary, on the job generator thread, so a batch's set of
 * jobs never changes while it runs. Remember durations are recomputed after every change: each
 * stream keeps its datasets for one slide, windows ask their parents for their length more (whether
 * or not an output reads the window, so that an ad-hoc query of it sees whole windows), and sources
 * keep at least the context's remember duration. A window's parent is cached, so once an output
 * computes it every batch, the streams above it keep only what it has yet to compute (see
 * {@link #updateRemember}); an incremental window, which logs the batches it took in, then asks its
 * parent for no more than that either. Streams whose every batch depends on the one before
 * (state) are updated at every batch from the boundary after they were created, output or not.
 *
 * <p>A stream that nothing can reach any more is released at a batch boundary: no active output
 * reads it or a stream below it, no public handle of it or of a stream below it is still
 * referenced (handles are held weakly, see {@link #addHandle}), and neither it nor a stream below
 * it has a name (a named stream can be found by its name). It leaves the graph with its
 * remembered datasets, and a source among them is stopped. A graph that checkpoints keeps every
 * stream ({@link #keepAllStreams}), since checkpointed ids count streams in creation order.
 */
public final class StreamGraph {

    private static final Logger LOG = LoggerFactory.getLogger(StreamGraph.class);

    /** The zero time of a graph that has not started. */
    public static final long NOT_STARTED = Long.MIN_VALUE;

    /**
     * A batch's jobs and what its sources took in.
     *
     * @param updates streams to compute at this batch even if no output reads them (state)
     */
    public record BatchPlan(long time, List<StreamNode<?>> updates, List<OutputOperation<?>> outputs,
                            Map<String, Long> inputRecords) {
    }

    private final long batchIntervalMicros;
    private final RddContext rddContext;
    private final AtomicInteger streamIds = new AtomicInteger();
    private final AtomicInteger outputIds = new AtomicInteger();
    private final List<StreamNode<?>> nodes = new CopyOnWriteArrayList<>();
    private final List<InputNode<?>> inputs = new CopyOnWriteArrayList<>();
    /** {@link #inputs()}'s snapshot, made again where the sources change (under changeLock). */
    private volatile List<InputNode<?>> inputsView = List.of();
    private final List<OutputOperation<?>> outputs = new CopyOnWriteArrayList<>();
    private final List<StreamNode<?>> updatedEveryBatch = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Runnable> pending = new ConcurrentLinkedQueue<>();
    private volatile long zeroTime = NOT_STARTED;
    private volatile long rememberMicros;
    private volatile long recoveringUntil = NOT_STARTED;
    private final Object changeLock = new Object();
    /** The public handles of each node, held weakly; guarded by changeLock. */
    private final Map<StreamNode<?>, Handles> handles = new IdentityHashMap<>();
    private final ReferenceQueue<Object> droppedHandles = new ReferenceQueue<>();
    private long releaseRounds;
    private volatile boolean keepAll;
    private final List<java.util.function.Consumer<List<StreamNode<?>>>> releaseListeners = new CopyOnWriteArrayList<>();
    /** Counts changes of the sources, outputs and state streams; written under changeLock. */
    private volatile long structure;
    /** What {@link #generate} reuses while the structure stays {@link #planned}: job generator thread only. */
    private long planned = -1;
    private List<OutputOperation<?>> allOutputs = List.of();
    private List<StreamNode<?>> unreadUpdates = List.of();
    private long[] counts = new long[0];
    private String[] zeroNames = new String[0];
    private Map<String, Long> zeroRecords = Map.of();

    /** The weak references to one node's handles, and the release round the node was added in. */
    private static final class Handles {
        final List<WeakReference<Object>> refs = new ArrayList<>(1);
        final long bornInRound;

        Handles(long bornInRound) {
            this.bornInRound = bornInRound;
        }

        boolean anyAlive() {
            for (WeakReference<Object> r : refs) {
                if (r.get() != null) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Creates an empty graph. */
    public StreamGraph(long batchIntervalMicros, RddContext rddContext, long rememberMicros) {
        this.batchIntervalMicros = batchIntervalMicros;
        this.rddContext = rddContext;
        this.rememberMicros = rememberMicros;
    }

    /** Returns the batch interval in microseconds. */
    public long batchIntervalMicros() {
        return batchIntervalMicros;
    }

    /** Returns the context that runs the graph's datasets. */
    public RddContext rddContext() {
        return rddContext;
    }

    /** Returns the time before the first batch, or {@link #NOT_STARTED}. */
    public long zeroTime() {
        return zeroTime;
    }

    /** Returns true once the graph has started. */
    public boolean isStarted() {
        return zeroTime != NOT_STARTED;
    }

    int nextStreamId() {
        return streamIds.incrementAndGet();
    }

    /** Returns a new output id. */
    public int nextOutputId() {
        return outputIds.incrementAndGet();
    }

    /** Adds a node to the graph (sources start taking input at the next boundary). */
    public void register(StreamNode<?> node) {
        synchronized (changeLock) {
            handles.put(node, new Handles(releaseRounds));
        }
        nodes.add(node);
        change(() -> {
            if (node instanceof InputNode<?> input) {
                inputs.add(input);
                inputsView = List.copyOf(inputs);
                if (isStarted()) {
                    input.start();
                }
            }
            if (node.updatedEveryBatch()) {
                updatedEveryBatch.add(node);
            }
        });
    }

    /**
     * Records {@code handle} (a public stream object) as a handle of {@code node}, held weakly: once
     * no handle of a node or of any node below it is referenced and no active output reads them,
     * they are released at a batch boundary.
     */
    public void addHandle(StreamNode<?> node, Object handle) {
        synchronized (changeLock) {
            Handles h = handles.get(node);
            if (h != null) {
                h.refs.add(new WeakReference<>(handle, droppedHandles));
            }
        }
    }

    /** Calls {@code listener} with the nodes of each release, on the job generator thread. */
    public void onRelease(java.util.function.Consumer<List<StreamNode<?>>> listener) {
        releaseListeners.add(listener);
    }

    /** Keeps every stream for the graph's life, reachable or not (a checkpointing graph needs it). */
    public void keepAllStreams() {
        keepAll = true;
    }

    /** Returns true while {@code node} is part of the graph (it was not released). */
    public boolean contains(StreamNode<?> node) {
        synchronized (changeLock) {
            return handles.containsKey(node);
        }
    }

    /** Adds an output; it runs from the next batch boundary on. */
    public void addOutput(OutputOperation<?> output) {
        change(() -> {
            if (output.status() == OutputOperation.Status.PENDING) {
                outputs.add(output);
                output.setStatus(OutputOperation.Status.ACTIVE);
            }
        });
    }

    /** Stops an output; its last job is the one of the current batch, if any. */
    public void stopOutput(OutputOperation<?> output) {
        output.requestStop();
        if (output.status() == OutputOperation.Status.PENDING && !isStarted()) {
            output.setStatus(OutputOperation.Status.STOPPED);
            return;
        }
        change(() -> {
            outputs.remove(output);
            output.setStatus(OutputOperation.Status.STOPPED);
        });
    }

    /** Sets how long sources keep past batches at the least. */
    public void setRemember(long micros) {
        change(() -> rememberMicros = micros);
    }

    /** Returns the context-wide remember duration in microseconds. */
    public long rememberMicros() {
        return rememberMicros;
    }

    private void change(Runnable c) {
        synchronized (changeLock) {
            if (!isStarted()) {
                c.run();
                updateRemember(NOT_STARTED);
            } else {
                pending.add(c);
            }
        }
    }

    /** Starts the graph with the given zero time and starts its sources. */
    public void start(long zero) {
        synchronized (changeLock) {
            zeroTime = zero;
            applyPending(NOT_STARTED);
            for (InputNode<?> in : inputs) {
                in.start();
            }
        }
    }

    /** Stops the graph's sources. */
    public void stop() {
        for (InputNode<?> in : inputs) {
            try {
                in.stop();
            } catch (RuntimeException e) {
                LOG.warn("Source {} failed to stop cleanly", in.sourceName(), e);
            }
        }
    }

    private void applyPending(long time) {
        boolean changed = false;
        Runnable c;
        while ((c = pending.poll()) != null) {
            c.run();
            changed = true;
        }
        if (changed) {
            structure++;
            updateRemember(time);
        }
    }

    /**
     * At the boundary of batch {@code time}: applies queued changes, lets every source take in its
     * data, and returns the outputs to run. Called only on the job generator thread.
     */
    public BatchPlan generate(long time, ErrorHandler errors) {
        long version;
        synchronized (changeLock) {
            applyPending(time);
            releaseUnreachable(time);
            version = structure;
        }
        if (version != planned) {
            replan();
            planned = version;
        }
        // inputs, outputs and updatedEveryBatch change only under changeLock on this thread
        int numInputs = inputs.size();
        boolean none = true;
        for (int i = 0; i < numInputs; i++) {
            InputNode<?> in = inputs.get(i);
            long n;
            try {
                n = in.generate(time);
            } catch (Exception e) {
                n = 0;
                errors.report("Source " + in.sourceName() + " failed to take in batch " + BatchTimes.describeMicros(time), e);
            }
            counts[i] = n;
            none &= n == 0;
        }
        Map<String, Long> records = none && sameNames() ? zeroRecords : records();
        List<OutputOperation<?>> jobs = allOutputs;
        List<StreamNode<?>> updates = unreadUpdates;
        if (!allValid(jobs, time) || !allValid(updates, time)) {
            jobs = new ArrayList<>();
            for (OutputOperation<?> out : outputs) {
                if (out.stream().isTimeValid(time)) {
                    jobs.add(out);
                }
            }
            updates = updatesNotReadBy(jobs, time);
        }
        return new BatchPlan(time, updates, jobs, records);
    }

    /** Remakes what {@link #generate} reuses after the sources, outputs or state streams changed. */
    private void replan() {
        allOutputs = List.copyOf(outputs);
        unreadUpdates = List.copyOf(updatesNotReadBy(allOutputs, NOT_STARTED));
        int n = inputs.size();
        counts = new long[n];
        zeroNames = new String[n];
        Map<String, Long> zeros = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            zeroNames[i] = inputs.get(i).sourceName();
            zeros.put(zeroNames[i], 0L);
        }
        zeroRecords = Collections.unmodifiableMap(zeros);
    }

    /** Tells whether the sources still have the names {@link #zeroRecords} was made with (a name may be set at any time). */
    private boolean sameNames() {
        if (zeroNames.length != inputs.size()) {
            return false;
        }
        for (int i = 0; i < zeroNames.length; i++) {
            if (!zeroNames[i].equals(inputs.get(i).sourceName())) {
                zeroNames = new String[0];   // remade at the next change; until then built per batch
                return false;
            }
        }
        return true;
    }

    private Map<String, Long> records() {
        Map<String, Long> records = new LinkedHashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            records.put(inputs.get(i).sourceName(), counts[i]);
        }
        return records;
    }

    private static boolean allValid(List<? extends Object> items, long time) {
        for (int i = 0; i < items.size(); i++) {
            Object item = items.get(i);
            StreamNode<?> node = item instanceof OutputOperation<?> out ? out.stream() : (StreamNode<?>) item;
            if (!node.isTimeValid(time)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns the state streams valid at {@code time} (any, if {@link #NOT_STARTED}) that none of
     * {@code jobs} reads: a stream that an output of the batch reads is computed by that output's job.
     */
    private List<StreamNode<?>> updatesNotReadBy(List<OutputOperation<?>> jobs, long time) {
        if (updatedEveryBatch.isEmpty()) {
            return List.of();
        }
        Set<StreamNode<?>> read = new HashSet<>();
        List<StreamNode<?>> todo = new ArrayList<>();
        for (OutputOperation<?> out : jobs) {
            todo.add(out.stream());
        }
        while (!todo.isEmpty()) {
            StreamNode<?> n = todo.remove(todo.size() - 1);
            if (read.add(n)) {
                todo.addAll(n.parents());
            }
        }
        List<StreamNode<?>> updates = new ArrayList<>();
        for (StreamNode<?> n : updatedEveryBatch) {
            if ((time == NOT_STARTED || n.isTimeValid(time)) && !read.contains(n)) {
                updates.add(n);
            }
        }
        return updates;
    }

    /**
     * Releases the nodes nothing reaches any more (see the class comment), when a handle was
     * collected since the last look. A node that never got a handle is kept for one round, as its
     * handle is made just after it. Called under changeLock at a batch boundary.
     */
    private void releaseUnreachable(long time) {
        if (droppedHandles.poll() == null) {
            return;
        }
        while (droppedHandles.poll() != null) {
            // drain: one look covers them all
        }
        releaseRounds++;
        if (keepAll) {
            return;
        }
        Set<StreamNode<?>> live = Collections.newSetFromMap(new IdentityHashMap<>());
        List<StreamNode<?>> todo = new ArrayList<>();
        for (OutputOperation<?> out : outputs) {
            todo.add(out.stream());
        }
        for (Map.Entry<StreamNode<?>, Handles> e : handles.entrySet()) {
            Handles h = e.getValue();
            if (h.anyAlive() || e.getKey().name() != null || (h.refs.isEmpty() && h.bornInRound >= releaseRounds - 1)) {
                todo.add(e.getKey());
            }
        }
        while (!todo.isEmpty()) {
            StreamNode<?> n = todo.remove(todo.size() - 1);
            if (live.add(n)) {
                todo.addAll(n.parents());
            }
        }
        List<StreamNode<?>> released = new ArrayList<>();
        for (StreamNode<?> n : nodes) {
            if (!live.contains(n)) {
                released.add(n);
            }
        }
        if (released.isEmpty()) {
            return;
        }
        nodes.removeAll(released);
        updatedEveryBatch.removeAll(released);
        structure++;
        for (StreamNode<?> n : released) {
            handles.remove(n);
            n.forgetAll();
            if (n instanceof InputNode<?> in && inputs.remove(in)) {
                inputsView = List.copyOf(inputs);
                try {
                    in.release();
                } catch (RuntimeException e) {
                    LOG.warn("Source {} failed to stop cleanly", in.sourceName(), e);
                }
            }
        }
        for (java.util.function.Consumer<List<StreamNode<?>>> l : releaseListeners) {
            try {
                l.accept(released);
            } catch (RuntimeException e) {
                LOG.warn("A release listener failed", e);
            }
        }
        LOG.debug("Released {} streams nothing reaches any more at {}", released.size(), BatchTimes.describeMicros(time));
        updateRemember(time);
    }

    /** Forgets datasets that no stream needs after batch {@code time}. */
    public void clearOld(long time) {
        boolean recovering = time <= recoveringUntil;
        for (StreamNode<?> n : nodes) {
            n.clearOld(time, recovering);
        }
    }

    /**
     * Called once sources have restored their past up to batch {@code time} after a restart. The
     * cached datasets of window parents were lost with the process, so until every restored batch
     * has left every window, streams keep their recovery durations: a window recomputes a lost
     * batch, when it first needs it, from what the sources restored.
     */
    public void recovered(long time) {
        long longest = 0;
        for (StreamNode<?> n : nodes) {
            longest = Math.max(longest, n.recoveryRememberMicros());
        }
        recoveringUntil = time + longest + batchIntervalMicros;
    }

    /** Receives errors that must not stop the graph. */
    @FunctionalInterface
    public interface ErrorHandler {
        /** Reports {@code error}. */
        void report(String message, Throwable error);
    }

    /**
     * Sets every node's remember durations.
     *
     * <p>A node's datasets are read back after their batch only by children that compute a dataset
     * for the first time: a window reads its parent's last {@code length}, and a child computed
     * later than its own time (below a window that slides slower) reads its parents late. Once a
     * child holds its dataset, that dataset refers to its parents' datasets itself. So a child that
     * an output or a state update computes at each of its batch times (eager) asks its parents
     * for its lag, its slide and its window length (an incremental window, which reads the batches
     * that leave it from its own log, not the length); a child that nothing computes yet (lazy: a
     * window without an output, which an ad-hoc query may read whole) asks for everything it
     * keeps plus its window length, as all its lazy descendants do through it. Under a cached
     * window parent that an output computes every batch, the source thus keeps one batch instead
     * of the window's length.
     *
     * <p>Changes at batch {@code time}; a shorter duration waits for that batch to complete. The
     * recovery duration always adds every window length along every path: after a restart
     * nothing is cached, and recovered windows recompute from what sources restore.
     */
    private void updateRemember(long time) {
        // one snapshot: a cell may register a node meanwhile (it is counted at the next change)
        List<StreamNode<?>> snapshot = List.copyOf(nodes);
        Map<StreamNode<?>, Long> full = new HashMap<>();
        for (StreamNode<?> n : snapshot) {
            raise(n, n.slideMicros(), full, (child, parent) -> child.parentRememberExtraMicros());
        }
        Map<StreamNode<?>, Long> lag = new HashMap<>();
        // a parent that slides faster than its eager child is computed up to the difference late
        Step late = (child, parent) -> Math.max(0, child.slideMicros() - parent.slideMicros());
        for (OutputOperation<?> out : outputs) {
            raise(out.stream(), 0, lag, late);
        }
        for (StreamNode<?> n : updatedEveryBatch) {
            raise(n, 0, lag, late);
        }
        Map<StreamNode<?>, Long> need = new HashMap<>();
        for (StreamNode<?> child : snapshot) {
            Long childLag = lag.get(child);
            long ask = childLag != null ? childLag + child.slideMicros() + child.parentRememberExtraWhenEagerMicros()
                    : full.get(child) + child.parentRememberExtraMicros();
            for (StreamNode<?> p : child.parents()) {
                need.merge(p, ask, Math::max);
            }
        }
        for (StreamNode<?> n : snapshot) {
            long micros = Math.max(need.getOrDefault(n, 0L), n.slideMicros());
            long recovery = Math.max(full.get(n), micros);
            if (n instanceof InputNode<?>) {
                micros = Math.max(micros, rememberMicros);
                recovery = Math.max(recovery, rememberMicros);
            }
            n.setRememberMicros(micros, time);
            n.setRecoveryRememberMicros(recovery);
        }
    }

    /** How much more a parent gets than its child in {@link #raise}. */
    @FunctionalInterface
    private interface Step {
        long more(StreamNode<?> child, StreamNode<?> parent);
    }

    /**
     * Raises {@code values} of {@code node} to at least {@code micros}, and of each ancestor to what its
     * child got plus {@code step}: {@code full} with window lengths, {@code lag} with slide
     * differences (a node in {@code lag} is computed at most that long after its time).
     */
    private static void raise(StreamNode<?> node, long micros, Map<StreamNode<?>, Long> values, Step step) {
        Long current = values.get(node);
        if (current != null && current >= micros) {
            return;
        }
        values.put(node, micros);
        for (StreamNode<?> p : node.parents()) {
            raise(p, micros + step.more(node, p), values, step);
        }
    }

    /**
     * Returns a number that changes whenever sources, outputs or state streams were added, stopped
     * or released at a batch boundary, so per-batch code can keep what it derived from them.
     */
    public long structureVersion() {
        return structure;
    }

    /** Returns the nodes, in creation order. */
    public List<StreamNode<?>> nodes() {
        return List.copyOf(nodes);
    }

    /** Returns the sources (an unmodifiable snapshot, made again only when they change: asked after every batch). */
    public List<InputNode<?>> inputs() {
        return inputsView;
    }

    /** Returns the streams computed at every batch whether or not an output reads them (state). */
    public List<StreamNode<?>> updatedEveryBatch() {
        return List.copyOf(updatedEveryBatch);
    }

    /** Returns the active outputs, in the order they run. */
    public List<OutputOperation<?>> outputs() {
        return List.copyOf(outputs);
    }
}
