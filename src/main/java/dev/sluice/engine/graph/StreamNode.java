package dev.sluice.engine.graph;

import dev.sluice.engine.Micros;
import dev.sluice.engine.rdd.RddNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One operator of the live stream graph: a sequence of datasets, one per valid batch time,
 * computed from its parents' datasets of the same or earlier times. The engine's counterpart of
 * the public {@code DStream}.
 *
 * <p>Subclasses only declare their parents, their slide and {@link #compute}. The node keeps the
 * datasets it generated for its remember duration, so windows and late-attached queries read past
 * batches without recomputing or re-reading sources. {@link #getOrCompute} is thread-safe and
 * computes each time at most once.
 */
public abstract class StreamNode<T> {

    protected final StreamGraph graph;
    private final int id;
    private volatile String name;
    private final ConcurrentSkipListMap<Long, RddNode<T>> generated = new ConcurrentSkipListMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private volatile long rememberMicros;
    private volatile long recoveryRememberMicros;
    /** Guards the remember duration's changes: set on the job generator thread, applied by clearOld on the job thread. */
    private final Object rememberLock = new Object();
    /** A shorter remember duration waiting for the batch it was set at to complete, or -1. */
    private long shorterRememberMicros = -1;
    private long shorterFrom;
    private volatile boolean persistGenerated;
    private volatile long checkpointMicros;

    protected StreamNode(StreamGraph graph) {
        this.graph = graph;
        this.id = graph.nextStreamId();
    }

    /** Returns the graph this node belongs to. */
    public final StreamGraph graph() {
        return graph;
    }

    /** Returns the node's id, unique within its context. */
    public final int id() {
        return id;
    }

    /** Returns the user-given name, or null. */
    public final String name() {
        return name;
    }

    /** Sets the user-given name. */
    public final void setName(String name) {
        this.name = name;
    }

    /** Returns the nodes this one reads. */
    public abstract List<StreamNode<?>> parents();

    /** Returns the interval between this node's batch times, in microseconds; by default its first parent's. */
    public long slideMicros() {
        return parents().get(0).slideMicros();
    }

    /** Returns a short name of the operation, for descriptions. */
    public abstract String operation();

    /**
     * Computes the dataset of batch {@code time}, or returns null if there is none. Called at most
     * once per time, under this node's lock, on the thread that first asks.
     */
    protected abstract RddNode<T> compute(long time) throws Exception;

    /** Returns how much further back than this node's own remember duration its parents must keep data, in microseconds. */
    public long parentRememberExtraMicros() {
        return 0;
    }

    /**
     * Returns how much further back than its own lag and slide this node's parents must keep data
     * while an output or a state update computes it at every batch time, in microseconds; by default
     * {@link #parentRememberExtraMicros()}. A node that keeps what it read itself (an incremental window's
     * log of the batches it took in) asks for less. Recovery and a node that nothing computes yet
     * still ask for {@link #parentRememberExtraMicros()}.
     */
    public long parentRememberExtraWhenEagerMicros() {
        return parentRememberExtraMicros();
    }

    /**
     * Returns true if each of this node's datasets depends on its previous one (state), so that the
     * graph computes it at every batch from its creation on, whether or not an output reads it.
     */
    public boolean updatedEveryBatch() {
        return false;
    }

    /** Returns true if time {@code t} is one of this node's batch times. */
    public final boolean isTimeValid(long t) {
        long zero = graph.zeroTime();
        return zero != StreamGraph.NOT_STARTED && t > zero && (t - zero) % slideMicros() == 0;
    }

    /** Returns the dataset of batch {@code time}, computing it if needed; null if the time is not valid or there is no data. */
    public final RddNode<T> getOrCompute(long time) throws Exception {
        if (!isTimeValid(time)) {
            return null;
        }
        Long key = time;   // boxed once for the look-ups and the put
        RddNode<T> rdd = generated.get(key);
        if (rdd != null) {
            return rdd;
        }
        lock.lockInterruptibly();
        try {
            rdd = generated.get(key);
            if (rdd == null) {
                rdd = compute(time);
                if (rdd != null) {
                    if (persistGenerated) {
                        rdd.persist();
                    }
                    generated.put(key, rdd);
                }
            }
            return rdd;
        } finally {
            lock.unlock();
        }
    }

    /** Records {@code rdd} as the dataset of {@code time} (for sources, at the batch boundary). */
    protected final void put(long time, RddNode<T> rdd) {
        if (persistGenerated) {
            rdd.persist();
        }
        generated.put(time, rdd);
    }

    /** Records {@code rdd} as the dataset of {@code time}, as recovered from a checkpoint or log. */
    public final void restoreGenerated(long time, RddNode<T> rdd) {
        generated.put(time, rdd);
    }

    /** Returns the datasets of the valid times in {@code [from, to]}, oldest first, skipping times without data. */
    public final List<RddNode<T>> slice(long from, long to) throws Exception {
        List<RddNode<T>> out = new ArrayList<>();
        long slide = slideMicros();
        long zero = graph.zeroTime();
        long first = from <= zero ? zero + slide : zero + ceilDiv(from - zero, slide) * slide;
        for (long t = first; t <= to; t += slide) {
            RddNode<T> rdd = getOrCompute(t);
            if (rdd != null) {
                out.add(rdd);
            }
        }
        return out;
    }

    /** Returns the already generated dataset of the latest time before {@code time}, or null. */
    public final Map.Entry<Long, RddNode<T>> generatedBefore(long time) {
        return generated.lowerEntry(time);
    }

    /** Forgets every kept dataset (the node left the graph). */
    final void forgetAll() {
        generated.clear();
    }

    /** Returns true if the dataset of {@code time} was generated and is still kept. */
    public final boolean hasGenerated(long time) {
        return generated.containsKey(time);
    }

    /** Returns the latest valid time at or before {@code time}, or {@link StreamGraph#NOT_STARTED}. */
    public final long latestValidTime(long time) {
        long zero = graph.zeroTime();
        if (zero == StreamGraph.NOT_STARTED || time <= zero) {
            return StreamGraph.NOT_STARTED;
        }
        long slide = slideMicros();
        long t = zero + ((time - zero) / slide) * slide;
        return t > zero ? t : StreamGraph.NOT_STARTED;
    }

    /**
     * Sets how often this node asks for a checkpoint, in microseconds of batch time (0: only at the context's
     * checkpoint interval): the context then writes one at every batch time that is a multiple of it
     * from the zero time.
     */
    public final void setCheckpointMicros(long micros) {
        if (micros < 0) {
            throw new IllegalArgumentException("checkpoint interval must not be negative, got " + Micros.formatMillis(micros) + " ms");
        }
        checkpointMicros = micros;
    }

    /** Returns how often this node asks for a checkpoint, in microseconds, or 0. */
    public final long checkpointMicros() {
        return checkpointMicros;
    }

    /** Keeps generated datasets in memory once computed (windows read each several times). */
    public final void persistGenerated() {
        persistGenerated = true;
    }

    /** Returns how long this node keeps generated datasets, in microseconds. */
    public final long rememberMicros() {
        return rememberMicros;
    }

    /**
     * Sets the remember duration as of batch {@code from}. A longer one applies at once; a shorter
     * one only once batch {@code from} has completed, since that batch may still read, for the
     * first time, datasets that the earlier duration kept (a window that an output began to read).
     */
    final void setRememberMicros(long micros, long from) {
        synchronized (rememberLock) {
            if (micros >= rememberMicros || from == StreamGraph.NOT_STARTED) {
                rememberMicros = micros;
                shorterRememberMicros = -1;
            } else {
                shorterFrom = from;
                shorterRememberMicros = micros;
            }
        }
    }

    /**
     * Returns how far back a recovered source must restore its past batches, in microseconds: what every
     * stream downstream reads when nothing is cached yet, so that windows recomputed after a
     * restart are whole. At least {@link #rememberMicros()}.
     */
    public final long recoveryRememberMicros() {
        return recoveryRememberMicros;
    }

    final void setRecoveryRememberMicros(long micros) {
        this.recoveryRememberMicros = micros;
    }

    /**
     * Forgets datasets of times at or before {@code time - rememberMicros}; while {@code recovering},
     * at or before {@code time - recoveryRememberMicros}.
     */
    void clearOld(long time, boolean recovering) {
        synchronized (rememberLock) {
            if (shorterRememberMicros >= 0 && time >= shorterFrom) {
                rememberMicros = shorterRememberMicros;
                shorterRememberMicros = -1;
            }
        }
        long keep = Math.max(recovering ? recoveryRememberMicros : rememberMicros, slideMicros());
        long cutoff = time - keep;
        // oldest first, without a view of the map: a batch usually forgets one dataset or none
        try {
            while (!generated.isEmpty()) {
                Long oldest = generated.firstKey();
                if (oldest > cutoff) {
                    return;
                }
                generated.remove(oldest);
            }
        } catch (java.util.NoSuchElementException emptiedMeanwhile) {
            // forgetAll on the generator thread emptied the map: nothing left to forget
        }
    }

    /** Returns the number of datasets kept. */
    public final int generatedCount() {
        return generated.size();
    }

    /** Returns {@code operation <- parent operation <- ...} along first parents. */
    public final String lineage() {
        StringBuilder sb = new StringBuilder(operation());
        StreamNode<?> n = this;
        while (!n.parents().isEmpty()) {
            n = n.parents().get(0);
            sb.append(" <- ").append(n.operation());
        }
        return sb.toString();
    }

    static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    @Override
    public String toString() {
        return operation() + "[" + id + "]";
    }
}
