package dev.sluice.engine.graph;

import dev.sluice.engine.rdd.RddContext;
import java.util.ArrayList;
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
 * keep at least the context's remember duration. Streams whose every batch depends on the one before
 * (state) are updated at every batch from the boundary after they were created, output or not.
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

    private final long batchIntervalMs;
    private final RddContext rddContext;
    private final AtomicInteger streamIds = new AtomicInteger();
    private final AtomicInteger outputIds = new AtomicInteger();
    private final List<StreamNode<?>> nodes = new CopyOnWriteArrayList<>();
    private final List<InputNode<?>> inputs = new CopyOnWriteArrayList<>();
    private final List<OutputOperation<?>> outputs = new CopyOnWriteArrayList<>();
    private final List<StreamNode<?>> updatedEveryBatch = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Runnable> pending = new ConcurrentLinkedQueue<>();
    private volatile long zeroTime = NOT_STARTED;
    private volatile long rememberMs;
    private final Object changeLock = new Object();

    /** Creates an empty graph. */
    public StreamGraph(long batchIntervalMs, RddContext rddContext, long rememberMs) {
        this.batchIntervalMs = batchIntervalMs;
        this.rddContext = rddContext;
        this.rememberMs = rememberMs;
    }

    /** Returns the batch interval in ms. */
    public long batchIntervalMs() {
        return batchIntervalMs;
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
        nodes.add(node);
        change(() -> {
            if (node instanceof InputNode<?> input) {
                inputs.add(input);
                if (isStarted()) {
                    input.start();
                }
            }
            if (node.updatedEveryBatch()) {
                updatedEveryBatch.add(node);
            }
        });
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
    public void setRemember(long ms) {
        change(() -> rememberMs = ms);
    }

    /** Returns the context-wide remember duration in ms. */
    public long rememberMs() {
        return rememberMs;
    }

    private void change(Runnable c) {
        synchronized (changeLock) {
            if (!isStarted()) {
                c.run();
                updateRemember();
            } else {
                pending.add(c);
            }
        }
    }

    /** Starts the graph with the given zero time and starts its sources. */
    public void start(long zero) {
        synchronized (changeLock) {
            zeroTime = zero;
            applyPending();
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

    private void applyPending() {
        boolean changed = false;
        Runnable c;
        while ((c = pending.poll()) != null) {
            c.run();
            changed = true;
        }
        if (changed) {
            updateRemember();
        }
    }

    /**
     * At the boundary of batch {@code time}: applies queued changes, lets every source take in its
     * data, and returns the outputs to run. Called only on the job generator thread.
     */
    public BatchPlan generate(long time, ErrorHandler errors) {
        synchronized (changeLock) {
            applyPending();
        }
        Map<String, Long> records = new LinkedHashMap<>();
        for (InputNode<?> in : inputs) {
            try {
                records.put(in.sourceName(), in.generate(time));
            } catch (Exception e) {
                records.put(in.sourceName(), 0L);
                errors.report("Source " + in.sourceName() + " failed to take in batch " + time + " ms", e);
            }
        }
        List<OutputOperation<?>> jobs = new ArrayList<>();
        for (OutputOperation<?> out : outputs) {
            if (out.stream().isTimeValid(time)) {
                jobs.add(out);
            }
        }
        List<StreamNode<?>> updates = new ArrayList<>();
        if (!updatedEveryBatch.isEmpty()) {
            // a stream that an output of this batch reads is computed by that output's job
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
            for (StreamNode<?> n : updatedEveryBatch) {
                if (n.isTimeValid(time) && !read.contains(n)) {
                    updates.add(n);
                }
            }
        }
        return new BatchPlan(time, updates, jobs, records);
    }

    /** Forgets datasets that no stream needs after batch {@code time}. */
    public void clearOld(long time) {
        for (StreamNode<?> n : nodes) {
            n.clearOld(time);
        }
    }

    /** Receives errors that must not stop the graph. */
    @FunctionalInterface
    public interface ErrorHandler {
        /** Reports {@code error}. */
        void report(String message, Throwable error);
    }

    private void updateRemember() {
        Map<StreamNode<?>, Long> need = new HashMap<>();
        for (StreamNode<?> n : nodes) {
            propagate(n, n.slideMs(), need);
        }
        for (StreamNode<?> n : nodes) {
            long ms = Math.max(need.getOrDefault(n, 0L), n.slideMs());
            if (n instanceof InputNode<?>) {
                ms = Math.max(ms, rememberMs);
            }
            n.setRememberMs(ms);
        }
    }

    private static void propagate(StreamNode<?> node, long ms, Map<StreamNode<?>, Long> need) {
        Long current = need.get(node);
        if (current != null && current >= ms) {
            return;
        }
        need.put(node, ms);
        for (StreamNode<?> p : node.parents()) {
            propagate(p, ms + node.parentRememberExtraMs(), need);
        }
    }

    /** Returns the nodes, in creation order. */
    public List<StreamNode<?>> nodes() {
        return List.copyOf(nodes);
    }

    /** Returns the sources. */
    public List<InputNode<?>> inputs() {
        return List.copyOf(inputs);
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
