package dev.sluice.engine.scheduler;

import dev.sluice.streaming.Console;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the short tasks of a job on a fixed pool of worker threads, {@code parallelism} at a time.
 *
 * <p>Thread-safe. A job submitted from one of this pool's own workers (a task that itself runs an
 * action) runs its tasks inline on that worker, so nested jobs cannot deadlock the pool.
 */
public final class TaskPool {

    private final ThreadPoolExecutor executor;
    private final int parallelism;
    private final ThreadGroup group;

    /** Creates a pool of {@code parallelism} daemon workers named after {@code name}. */
    public TaskPool(String name, int parallelism) {
        this.parallelism = parallelism;
        this.group = EngineThreads.newGroup(name);
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(parallelism, parallelism, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> EngineThreads.newThread(group, r, name + "-" + n.incrementAndGet()));
        executor.allowCoreThreadTimeOut(true);
    }

    /** Returns the number of tasks that run at once. */
    public int parallelism() {
        return parallelism;
    }

    /** Returns true if the calling thread is one of this pool's workers. */
    public boolean isWorkerThread() {
        return Thread.currentThread().getThreadGroup() == group;
    }

    /**
     * Runs the tasks and returns their results in order. The first failure cancels the rest and is
     * rethrown as an {@link ExecutionException}'s cause.
     *
     * @throws InterruptedException if the calling thread is interrupted while waiting (the tasks are cancelled)
     */
    public <U> List<U> runAll(List<Callable<U>> tasks) throws Exception {
        List<U> results = new ArrayList<>(tasks.size());
        if (tasks.size() == 1 || isWorkerThread()) {
            for (Callable<U> task : tasks) {
                results.add(task.call());
            }
            return results;
        }
        Console console = OutputScope.current();
        List<Future<U>> futures = new ArrayList<>(tasks.size());
        try {
            for (Callable<U> task : tasks) {
                futures.add(executor.submit(() -> {
                    Console previous = OutputScope.enter(console);
                    try {
                        return task.call();
                    } finally {
                        OutputScope.restore(previous);
                    }
                }));
            }
            for (Future<U> f : futures) {
                try {
                    results.add(f.get());
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof Exception ex) {
                        throw ex;
                    }
                    if (cause instanceof Error err) {
                        throw err;
                    }
                    throw e;
                } catch (CancellationException e) {
                    throw new InterruptedException("task cancelled");
                }
            }
            return results;
        } finally {
            if (results.size() < futures.size()) {
                for (Future<U> f : futures) {
                    f.cancel(true);
                }
            }
        }
    }

    /** Stops the workers, interrupting running tasks. */
    public void shutdown() {
        executor.shutdownNow();
    }

    /** Waits up to {@code millis} for the workers to end; returns true if they did. */
    public boolean awaitTermination(long millis) throws InterruptedException {
        return executor.awaitTermination(millis, TimeUnit.MILLISECONDS);
    }
}
