package dev.sluice.engine.rdd;

import java.io.BufferedOutputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * An immutable, partitioned dataset described by its lineage: how to compute each partition from
 * its parents. The engine's counterpart of the public {@code RDD}.
 *
 * <p>Thread-safe: partitions may be computed concurrently by several tasks. A persisted node keeps
 * each partition once computed and serves later reads (window slides, several outputs) from memory;
 * a partition is computed once even when several tasks ask for it at the same time (see
 * {@link #iterator}).
 */
public abstract class RddNode<T> {

    protected final RddContext ctx;
    private final int id;
    /**
     * Per partition of a persisted node: its elements once computed (an {@code Object[]}), a
     * {@link Computing} while a task computes them, or null. Null when not persisted.
     */
    private volatile AtomicReferenceArray<Object> cache;
    private boolean released;
    private volatile String name;
    /** Where to write this node's partitions after the next job that computes it, or null. */
    private volatile Path checkpointRequest;
    /** The files holding this node's partitions once checkpointed, or null; from then on partitions are read from them. */
    private volatile List<Path> checkpointFiles;
    private volatile ClassLoader checkpointLoader;
    /** What a runner keeps for this dataset (its cluster's dataset computing it), or null. */
    private volatile Object runnerState;

    protected RddNode(RddContext ctx) {
        this.ctx = ctx;
        this.id = ctx.newRddId();
    }

    /** Returns the context that runs this dataset's jobs. */
    public final RddContext context() {
        return ctx;
    }

    /** Returns this dataset's id, unique within its context. */
    public final int id() {
        return id;
    }

    /**
     * Returns what a runner keeps for this dataset with {@link #setRunnerState}, or null. It lives as
     * long as this dataset, so a runner's dataset made for it is reused by every job over it.
     */
    public final Object runnerState() {
        return runnerState;
    }

    /**
     * A runner's state for a dataset that holds a copy of its kept partitions (a runner's cache):
     * told when the dataset is unpersisted, so that the copy goes too.
     */
    public interface RunnerCache {
        /** The dataset was unpersisted: drop what is kept of its partitions. */
        void unpersisted();
    }

    /** Keeps {@code state} for a runner (see {@link #runnerState}). */
    public final void setRunnerState(Object state) {
        this.runnerState = state;
    }

    /** Returns the number of partitions. */
    public abstract int numPartitions();

    /**
     * Returns true if this dataset is known to hold no element without computing anything (by
     * default: it has no partitions, as a receiver's batch without blocks). False says nothing;
     * operators use it to skip the work of an empty batch.
     */
    public boolean knownEmpty() {
        return numPartitions() == 0;
    }

    /** Returns the parents this dataset reads partition by partition (narrow dependencies). */
    public List<RddNode<?>> narrowParents() {
        return List.of();
    }

    /** Returns the shuffles this dataset reads (wide dependencies). */
    public List<ShuffleDependency<?>> shuffleDependencies() {
        return List.of();
    }

    /** Returns how keys are partitioned, or null if unknown. */
    public Partitioner partitioner() {
        return null;
    }

    /** Returns a short name of the operation that made this dataset, for lineage descriptions. */
    public abstract String operation();

    /**
     * Counts this dataset's elements where they live, without computing its partitions on this
     * engine, when it can (a runner's dataset over a cluster's); otherwise returns -1 and
     * {@code count()} computes the partitions here.
     */
    public long countWhereItLives() throws Exception {
        return -1;
    }

    /** Computes partition {@code split}; called on a worker thread. */
    protected abstract Iterator<T> compute(int split) throws Exception;

    /**
     * Returns partition {@code split}, from the cache when this node is persisted and the partition
     * was computed. A task that asks for a partition another task is computing waits for it and
     * reads the elements that task keeps, rather than computing them a second time (a self-join or
     * a union of a cached dataset with itself, a query from the shell on a window a batch is
     * computing); if that task fails, the next to ask computes the partition itself.
     */
    @SuppressWarnings("unchecked")
    public final Iterator<T> iterator(int split) throws Exception {
        AtomicReferenceArray<Object> c = cache;
        if (c == null) {
            return computeOrRead(split);
        }
        Object slot = c.get(split);
        Object[] data = slot instanceof Object[] kept ? kept : keep(c, split);
        return (Iterator<T>) Arrays.asList(data).iterator();
    }

    /** A partition of a persisted node that a task is computing; completed with its elements. */
    private static final class Computing extends CompletableFuture<Object[]> {
    }

    /** Computes partition {@code split} into {@code c}, or waits for the task computing it; returns its elements. */
    private Object[] keep(AtomicReferenceArray<Object> c, int split) throws Exception {
        while (true) {
            Object slot = c.get(split);
            if (slot instanceof Object[] kept) {
                return kept;
            }
            if (slot instanceof Computing other) {
                try {
                    return other.get();
                } catch (ExecutionException failed) {
                    c.compareAndSet(split, other, null); // that task failed: this one computes it
                    continue;
                }
            }
            Computing mine = new Computing();
            Object[] data;
            try {
                // claimed inside the try, so that whatever ends this thread past the claim (even a
                // stopped snippet's) frees the partition for the tasks waiting on it
                if (!c.compareAndSet(split, null, mine)) {
                    continue;
                }
                ArrayList<T> buffer = new ArrayList<>();
                computeOrRead(split).forEachRemaining(buffer::add);
                data = buffer.toArray();
            } catch (Throwable e) {
                c.compareAndSet(split, mine, null);
                mine.completeExceptionally(e);
                throw e;
            }
            c.compareAndSet(split, mine, data);
            mine.complete(data);
            if (allCached(c)) {
                releaseOnce(c);
            }
            return data;
        }
    }

    /**
     * Passes the elements of partition {@code split} to {@code sink}, in order: the same elements as
     * {@link #iterator}, from the cache when this node holds the partition. A node that is not
     * persisted {@link #push}es them, so a chain of element-wise steps runs as nested calls.
     */
    public final void forEach(int split, Sink<? super T> sink) throws Exception {
        if (cache != null || checkpointFiles != null) {
            drain(iterator(split), sink);
        } else {
            push(split, sink);
        }
    }

    private Iterator<T> computeOrRead(int split) throws Exception {
        List<Path> files = checkpointFiles;
        return files != null ? ObjectFileNode.read(files.get(split), checkpointLoader) : compute(split);
    }

    /**
     * Asks that the partitions be written under {@code dir} after the next job that computes this
     * node, and read from there afterwards instead of from the parents; {@code loader} resolves
     * the classes of the elements when they are read back.
     */
    public final void requestCheckpoint(Path dir, ClassLoader loader) {
        if (checkpointFiles == null && checkpointRequest == null) {
            checkpointLoader = loader;
            checkpointRequest = dir;
            ctx.checkpointRequested();
        }
    }

    /** Returns true once the partitions have been written by a checkpoint and are read from its files. */
    public final boolean isCheckpointed() {
        return checkpointFiles != null;
    }

    /** Returns true if a checkpoint was asked for and is not written yet. */
    public final boolean checkpointPending() {
        return checkpointRequest != null;
    }

    /** Returns the directory of the checkpoint's files, once written. */
    public final Optional<Path> checkpointDirectory() {
        List<Path> files = checkpointFiles;
        return files == null ? Optional.empty() : Optional.of(checkpointRequestDir);
    }

    private volatile Path checkpointRequestDir;

    /** Writes the requested checkpoint with a job of its own; called once, by the context, after a job. */
    final void writeCheckpoint() throws Exception {
        Path dir = checkpointRequest;
        if (dir == null) {
            return;
        }
        checkpointRequest = null;
        Path target = dir.resolve("rdd-" + id);
        Files.createDirectories(target);
        // here, where the files are read back, even when a runner ran the job that computed this node
        List<Path> files = ctx.runJobHere(this, (split, it) -> {
            Path part = target.resolve(String.format("part-%05d", split));
            try (ObjectOutputStream out = new ObjectOutputStream(new BufferedOutputStream(Files.newOutputStream(part)))) {
                ObjectFileNode.write(it, out);
            }
            return part;
        });
        checkpointRequestDir = target;
        checkpointFiles = List.copyOf(files);
    }

    /** Computes partition {@code split} into {@code sink}; by default by iterating {@link #compute}. */
    protected void push(int split, Sink<? super T> sink) throws Exception {
        drain(compute(split), sink);
    }

    private static <T> void drain(Iterator<T> it, Sink<? super T> sink) throws Exception {
        while (it.hasNext()) {
            sink.accept(it.next());
        }
    }

    /** Returns cached partition {@code split}; only for a persisted node that holds it. */
    @SuppressWarnings("unchecked")
    protected final Iterator<T> cached(int split) {
        AtomicReferenceArray<Object> c = cache;
        if (c == null || !(c.get(split) instanceof Object[] data)) {
            throw new IllegalStateException("partition " + split + " of " + this + " is not cached");
        }
        return (Iterator<T>) Arrays.asList(data).iterator();
    }

    private void releaseOnce(AtomicReferenceArray<Object> full) {
        synchronized (this) {
            if (released || cache != full) {
                return;
            }
            released = true;
        }
        releaseLineage();
    }

    /**
     * Called once, when this persisted node first holds every partition. The cache is never
     * evicted, so from then on nothing reads this node's inputs through it: a node may let go of
     * what only computing its partitions needed (a shuffle's map outputs, and through them the
     * batch it read), which a window would otherwise keep alive for its whole length. The lineage
     * description must stay the same.
     */
    protected void releaseLineage() {
    }

    /** Keeps partitions in memory once computed; returns this. */
    public final RddNode<T> persist() {
        if (cache == null) {
            synchronized (this) {
                if (cache == null) {
                    cache = new AtomicReferenceArray<>(numPartitions());
                }
            }
        }
        return this;
    }

    /**
     * Drops the kept partitions, so later reads compute them again from lineage; returns false
     * (and keeps them) when this node already let go of its inputs, its partitions being the
     * only copy (see {@link #releaseLineage}).
     */
    public final synchronized boolean unpersist() {
        if (released && releasesLineage()) {
            return false;
        }
        cache = null;
        released = false;
        if (runnerState instanceof RunnerCache c) {
            c.unpersisted();
        }
        return true;
    }

    /** Returns true if this node's class overrides {@link #releaseLineage}, so that it may let go of its inputs. */
    private boolean releasesLineage() {
        for (Class<?> c = getClass(); c != RddNode.class; c = c.getSuperclass()) {
            try {
                c.getDeclaredMethod("releaseLineage");
                return true;
            } catch (NoSuchMethodException e) {
                // not declared here; look at the superclass
            }
        }
        return false;
    }

    /** Returns the name a user gave this dataset, or null. */
    public final String name() {
        return name;
    }

    /** Sets the name shown in lineage descriptions (null for none). */
    public final void setName(String name) {
        this.name = name;
    }

    /** Returns true if this node keeps its partitions. */
    public final boolean isPersisted() {
        return cache != null;
    }

    /** Returns true if every partition is in memory, so nothing upstream needs computing. */
    public boolean isFullyComputed() {
        AtomicReferenceArray<Object> c = cache;
        return c != null && allCached(c);
    }

    private static boolean allCached(AtomicReferenceArray<Object> c) {
        for (int i = 0; i < c.length(); i++) {
            if (!(c.get(i) instanceof Object[])) {
                return false;
            }
        }
        return true;
    }

    /** Returns the lineage as indented lines, this dataset first. */
    public final String lineage() {
        StringBuilder sb = new StringBuilder();
        appendLineage(sb, 0);
        return sb.toString();
    }

    void appendLineage(StringBuilder sb, int depth) {
        sb.append("  ".repeat(depth)).append(name == null ? "" : name + " ").append('[').append(id).append("] ").append(operation())
                .append(" (").append(numPartitions()).append(" partitions")
                .append(isPersisted() ? ", cached" : "").append(isCheckpointed() ? ", checkpointed" : "").append(")\n");
        if (isCheckpointed()) {
            return;
        }
        for (RddNode<?> p : narrowParents()) {
            p.appendLineage(sb, depth + 1);
        }
        for (ShuffleDependency<?> d : shuffleDependencies()) {
            sb.append("  ".repeat(depth + 1)).append("+- shuffle\n");
            d.appendInputLineage(sb, depth + 2);
        }
    }

    @Override
    public String toString() {
        return operation() + "[" + id + "]";
    }
}
