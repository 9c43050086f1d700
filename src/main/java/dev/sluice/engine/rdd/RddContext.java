package dev.sluice.engine.rdd;

import dev.sluice.engine.scheduler.TaskPool;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs actions over datasets: materializes the shuffles a dataset depends on, parents first, then
 * runs one task per partition on the task pool, retrying a failed task by recomputing its partition
 * from lineage.
 *
 * <p>Thread-safe; jobs from several threads (the job scheduler, a shell user's ad-hoc query) share
 * the pool.
 */
public final class RddContext {

    private static final Logger LOG = LoggerFactory.getLogger(RddContext.class);

    /**
     * Computes a result from one partition. Serializable, so that a runner can ship a task to where
     * the partitions live (a cluster's executors); a task that captures something that does not
     * serialize runs here.
     */
    @FunctionalInterface
    public interface PartitionTask<T, U> extends java.io.Serializable {
        /** Returns the result for partition {@code split}, whose elements {@code data} yields. */
        U apply(int split, Iterator<T> data) throws Exception;
    }

    /**
     * Runs jobs where a runner's datasets live. A runner installs one with {@link #delegateJobs} on
     * the context it hands out; this context asks it first for every job, and runs the job itself
     * when it declines.
     */
    public interface JobDelegate {
        /**
         * Runs {@code task} over partitions {@code from .. from + count - 1} of {@code rdd} and returns
         * the results in partition order, or returns null, having run nothing, when the job is not
         * one it runs (then this context runs it).
         */
        <T, U> List<U> runJob(RddNode<T> rdd, int from, int count, PartitionTask<T, U> task) throws Exception;
    }

    private final TaskPool pool;
    private volatile JobDelegate delegate;
    private final int defaultParallelism;
    private final int maxTaskAttempts;
    private final AtomicInteger nextRddId = new AtomicInteger();
    /** How many datasets wait for their checkpoint to be written; while none do, jobs skip looking for them. */
    private final AtomicInteger pendingCheckpoints = new AtomicInteger();

    /** Creates a context over {@code pool}. */
    public RddContext(TaskPool pool, int defaultParallelism, int maxTaskAttempts) {
        this.pool = pool;
        this.defaultParallelism = defaultParallelism;
        this.maxTaskAttempts = Math.max(1, maxTaskAttempts);
    }

    /** Returns the task pool. */
    public TaskPool pool() {
        return pool;
    }

    /** Returns the default number of partitions for shuffles and parallelized collections. */
    public int defaultParallelism() {
        return defaultParallelism;
    }

    /** Installs {@code jobs} (null for none): it is asked first to run every job of this context. */
    public void delegateJobs(JobDelegate jobs) {
        this.delegate = jobs;
    }

    int newRddId() {
        return nextRddId.incrementAndGet();
    }

    /** Runs {@code task} over every partition of {@code rdd} and returns the results in partition order. */
    public <T, U> List<U> runJob(RddNode<T> rdd, PartitionTask<T, U> task) throws Exception {
        JobDelegate d = delegate;
        if (d != null) {
            List<U> done = d.runJob(rdd, 0, rdd.numPartitions(), task);
            if (done != null) {
                return done;
            }
        }
        return runJobHere(rdd, task);
    }

    /** Runs {@code task} over every partition of {@code rdd} on this context's pool, never through the delegate. */
    <T, U> List<U> runJobHere(RddNode<T> rdd, PartitionTask<T, U> task) throws Exception {
        prepare(rdd, new HashSet<>());
        int n = rdd.numPartitions();
        List<Callable<U>> tasks = new ArrayList<>(n);
        for (int p = 0; p < n; p++) {
            int split = p;
            tasks.add(() -> attempt(() -> task.apply(split, rdd.iterator(split))));
        }
        List<U> results = pool.runAll(tasks);
        writeCheckpoints(rdd);
        return results;
    }

    /** Runs {@code task} over partitions {@code 0..count-1} only (for take/first). */
    public <T, U> List<U> runJob(RddNode<T> rdd, int fromPartition, int count, PartitionTask<T, U> task) throws Exception {
        JobDelegate d = delegate;
        if (d != null) {
            List<U> done = d.runJob(rdd, fromPartition, count, task);
            if (done != null) {
                return done;
            }
        }
        prepare(rdd, new HashSet<>());
        List<Callable<U>> tasks = new ArrayList<>(count);
        for (int p = fromPartition; p < fromPartition + count; p++) {
            int split = p;
            tasks.add(() -> attempt(() -> task.apply(split, rdd.iterator(split))));
        }
        List<U> results = pool.runAll(tasks);
        writeCheckpoints(rdd);
        return results;
    }

    void checkpointRequested() {
        pendingCheckpoints.incrementAndGet();
    }

    /** Writes the checkpoints asked for in {@code rdd}'s lineage (not past a node already checkpointed). */
    private void writeCheckpoints(RddNode<?> rdd) throws Exception {
        if (pendingCheckpoints.get() == 0) {
            return;
        }
        java.util.ArrayDeque<RddNode<?>> todo = new java.util.ArrayDeque<>(List.of(rdd));
        Set<Integer> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            RddNode<?> n = todo.pop();
            if (!seen.add(n.id()) || n.isCheckpointed()) {
                continue;
            }
            if (n.checkpointPending()) {
                pendingCheckpoints.decrementAndGet();
                n.writeCheckpoint();
                continue;
            }
            todo.addAll(n.narrowParents());
            for (ShuffleDependency<?> d : n.shuffleDependencies()) {
                todo.add(d.parent());
            }
        }
    }

    /** Materializes, parents first, every shuffle that {@code rdd} needs and has not got. */
    private void prepare(RddNode<?> rdd, Set<Integer> seen) throws Exception {
        if (!seen.add(rdd.id()) || rdd.isFullyComputed() || rdd.isCheckpointed()) {
            return;
        }
        for (ShuffleDependency<?> dep : rdd.shuffleDependencies()) {
            if (!dep.isMaterialized()) {
                prepare(dep.parent(), seen);
                dep.materialize(this);
            }
        }
        for (RddNode<?> parent : rdd.narrowParents()) {
            prepare(parent, seen);
        }
    }

    /**
     * Runs {@code body} up to the configured number of attempts; interrupts are never retried, nor is
     * a failure caused by one (a user function that was waiting when its task was cancelled).
     */
    <U> U attempt(Callable<U> body) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return body.call();
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                if (UserFunctionException.unwrap(e) instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                if (attempt >= maxTaskAttempts || Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                LOG.warn("Task failed (attempt {} of {}), recomputing from lineage: {}", attempt, maxTaskAttempts,
                        UserFunctionException.unwrap(e).toString());
            }
        }
    }
}
