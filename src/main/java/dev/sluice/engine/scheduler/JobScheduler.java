package dev.sluice.engine.scheduler;

import dev.sluice.engine.BatchTimes;
import dev.sluice.engine.graph.OutputOperation;
import dev.sluice.engine.graph.StreamGraph;
import dev.sluice.engine.graph.StreamNode;
import dev.sluice.engine.rdd.UserFunctionException;
import dev.sluice.streaming.BatchInfo;
import dev.sluice.streaming.Clock;
import dev.sluice.streaming.Console;
import dev.sluice.streaming.JobFailedException;
import dev.sluice.streaming.OutputOperationInfo;
import dev.sluice.streaming.StreamingError;
import dev.sluice.streaming.Time;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each batch's jobs, one batch at a time in batch order and, within a batch, one output after
 * another in the order the outputs were added; reports each batch and output to the listener bus.
 *
 * <p>A job that throws fails only that output for that batch: the failure is logged, reported to
 * the listeners and to the output's console, and the remaining outputs and later batches run. An
 * output that keeps failing the same way is shown on its console at most once a minute, with a
 * count (see {@link FailureRepeats}); listeners and the log get every failure.
 */
public final class JobScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(JobScheduler.class);
    private static final int KEPT_BATCHES = 1000;

    private final StreamGraph graph;
    private final ListenerBus bus;
    private final Consumer<StreamingError> failures;
    private final Clock clock;
    private final SerialRunner executor;
    private final AtomicInteger queued = new AtomicInteger();
    private final Deque<BatchInfo> completed = new ArrayDeque<>();
    private final Object progress = new Object();
    private volatile long lastCompleted = Long.MIN_VALUE;
    private long lastDelivered = Long.MIN_VALUE;
    private final List<java.util.function.LongConsumer> batchHooks = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final FailureRepeats repeats = new FailureRepeats();
    private volatile java.util.function.Function<Throwable, String> traces =
            e -> StackFrames.folded(e, StackTraceElement::toString);

    /** Creates the scheduler and its job thread; each failed output's error also goes to
     * {@code failures} (the engine's error sink: recent errors and listeners' {@code onError}). */
    public JobScheduler(String name, StreamGraph graph, ListenerBus bus, Clock clock, Consumer<StreamingError> failures) {
        this.graph = graph;
        this.failures = failures;
        this.bus = bus;
        this.clock = clock;
        this.executor = new SerialRunner(name);
    }

    /** Sets how the stack trace under an output's first report of a failure is written. */
    public void traces(java.util.function.Function<Throwable, String> traces) {
        this.traces = traces;
    }

    /** Queues a batch; called on the job generator thread. */
    public void submit(StreamGraph.BatchPlan plan) {
        BatchInfo submitted = BatchInfo.ofMicros(Time.ofMicros(plan.time()), plan.inputRecords(), clock.micros(),
                Long.MIN_VALUE, Long.MIN_VALUE, List.of());
        bus.post(l -> l.onBatchSubmitted(submitted));
        queued.incrementAndGet();
        executor.execute(() -> run(plan, submitted));
    }

    /**
     * Adds a hook called on the job thread after each batch's outputs ran (not after a batch
     * interrupted by an immediate stop), before the next batch starts; used for checkpoints and to
     * release received blocks. A hook that throws is logged.
     */
    public void addBatchHook(java.util.function.LongConsumer hook) {
        batchHooks.add(hook);
    }

    /** Returns the number of batches queued or running. */
    public int pendingBatches() {
        return queued.get();
    }

    private void run(StreamGraph.BatchPlan plan, BatchInfo submitted) {
        long time = plan.time();
        BatchInfo started = submitted.started(clock.micros());
        bus.post(l -> l.onBatchStarted(started));
        List<OutputOperationInfo> outcomes = new ArrayList<>();
        try {
            List<StreamNode<?>> updates = plan.updates();
            for (int i = 0; i < updates.size(); i++) {
                if (Thread.currentThread().isInterrupted()) {
                    break;
                }
                update(updates.get(i), time);
            }
            List<OutputOperation<?>> outputs = plan.outputs();
            for (int i = 0; i < outputs.size(); i++) {
                if (Thread.currentThread().isInterrupted()) {
                    break;
                }
                outcomes.add(runOutput(outputs.get(i), time));
            }
        } finally {
            BatchInfo done = started.completed(clock.micros(), List.copyOf(outcomes));
            if (!Thread.currentThread().isInterrupted()) {
                for (int i = 0; i < batchHooks.size(); i++) {   // hooks are only ever added
                    java.util.function.LongConsumer hook = batchHooks.get(i);
                    try {
                        hook.accept(time);
                    } catch (RuntimeException e) {
                        LOG.warn("A batch hook failed after batch {}", BatchTimes.describeMicros(time), e);
                    }
                }
            }
            try {
                graph.clearOld(time);
            } catch (RuntimeException e) {
                LOG.warn("Clearing old batches after {} failed", BatchTimes.describeMicros(time), e);
            }
            queued.decrementAndGet();
            if (LOG.isDebugEnabled()) {
                LOG.debug("Batch {}: {} records, {} outputs, {} ms", BatchTimes.describeMicros(time), done.numRecords(), outcomes.size(),
                        done.processingDelay().map(Duration::toMillis).orElse(0L));
            }
            recordCompleted(done);
        }
    }

    /**
     * Records a completed batch: kept among the recent batches, counted as the last completed one,
     * and sent to listeners. The embedded engine calls it at the end of each batch; a runner calls
     * it for each batch its engine completed.
     */
    public void recordCompleted(BatchInfo done) {
        long time = done.batchTime().microseconds();
        synchronized (progress) {
            completed.addLast(done);
            if (completed.size() > KEPT_BATCHES) {
                completed.removeFirst();
            }
            lastCompleted = Math.max(lastCompleted, time);
            progress.notifyAll();
        }
        bus.post(l -> l.onBatchCompleted(done));
        bus.afterPrevious(() -> {
            synchronized (progress) {
                lastDelivered = Math.max(lastDelivered, time);
                progress.notifyAll();
            }
        });
    }

    /** Computes a state stream that no output reads at this batch, so that its next batch can build on it. */
    private void update(StreamNode<?> node, long time) {
        try {
            node.getOrCompute(time);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            if (stoppedBy(e)) {
                LOG.debug("Stream {} stopped during batch {}", node.id(), BatchTimes.describeMicros(time), e);
                return;
            }
            Throwable cause = UserFunctionException.unwrap(e);
            String message = "Stream " + node.id() + (node.name() != null ? " '" + node.name() + "'" : "")
                    + " (" + node.operation() + ", kept up to date without an output) failed at batch " + BatchTimes.describeMicros(time) + ": " + cause;
            LOG.warn(message, cause);
            failures.accept(new StreamingError(Time.ofMicros(time), Optional.empty(), Optional.of(streamName(node)), message,
                    Optional.of(cause), 1));
        }
    }

    private OutputOperationInfo runOutput(OutputOperation<?> out, long time) {
        return runOutput(out, time, () -> out.runBatch(time));
    }

    /** What an output does for one batch. */
    public interface OutputJob {
        void run() throws Exception;
    }

    /**
     * Runs {@code job} as output {@code out}'s job for batch {@code time}: with the output's console
     * current, a failure logged, kept, shown once on that console and returned in the outcome (not
     * thrown), and listeners told. The embedded engine runs its own outputs this way; a runner runs
     * the body its engine calls for each batch.
     */
    public OutputOperationInfo runOutput(OutputOperation<?> out, long time, OutputJob job) {
        long begin = System.nanoTime();
        Optional<String> failure = Optional.empty();
        Console previous = OutputScope.enter(out.console());
        try {
            job.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = Optional.of("interrupted");
        } catch (Throwable e) {
            if (stoppedBy(e)) {
                // an immediate stop interrupted an action inside the output (a count in foreachRDD):
                // the batch was cut short on purpose, which is not the output's failure
                LOG.debug("Output {} stopped during batch {}", out.id(), BatchTimes.describeMicros(time), e);
                failure = Optional.of("interrupted");
            } else {
                failure = Optional.of(reportFailure(out, time, e));
            }
        } finally {
            OutputScope.restore(previous);
        }
        OutputOperationInfo info = new OutputOperationInfo(Time.ofMicros(time), out.id(), out.name(), out.description(),
                failure, Duration.ofNanos(System.nanoTime() - begin));
        bus.post(l -> l.onOutputOperationCompleted(info));
        return info;
    }

    /**
     * Logs and keeps the failure of an output, shows it on the output's console (the first time in
     * full, repeats counted; see {@link FailureRepeats}), and returns it in one line.
     */
    private String reportFailure(OutputOperation<?> out, long time, Throwable e) {
        Throwable cause = UserFunctionException.unwrap(e);
        if (cause instanceof JobFailedException && cause.getCause() != null) {
            // an action inside the output (print's take, a collect in foreachRDD): name what the user's code threw
            cause = UserFunctionException.unwrap(cause.getCause());
        }
        if (cause instanceof Error err && !(cause instanceof StackOverflowError) && !(cause instanceof AssertionError)) {
            LOG.error("Fatal error in {} at batch {}", out, BatchTimes.describeMicros(time), cause);
        }
        String message = "Output " + out.id() + " (" + out.description() + ") failed at batch " + BatchTimes.describeMicros(time) + ": " + cause;
        LOG.warn(message, cause);
        failures.accept(new StreamingError(Time.ofMicros(time), Optional.of(out.toString()),
                Optional.of(streamName(out.stream())), message, Optional.of(cause), 1, !out.isStopRequested()));
        if (out.isStopRequested()) {
            // stopped by the user: a batch still queued may run it once more, which is not news
            return message;
        }
        try {
            FailureRepeats.Shown shown = repeats.shown(out.id(), message, cause, clock.millis());
            if (shown != null) {
                out.console().err().println(shown.full()
                        ? shown.text() + "\n" + traces.apply(cause) + "\n" + FailureRepeats.HINT : shown.text());
            }
        } catch (RuntimeException ignored) {
            LOG.debug("Console of {} failed", out, ignored);
        }
        return message;
    }

    /**
     * Shows a failure outside output jobs on the console of the part it belongs to ({@code what}: a
     * receiver, created in a cell or at the shell) as an output's failure is shown: the first time
     * with its stack trace (the user's frames, the engine's folded), the same failure of that owner
     * again counted and shown as one line at most once a minute. {@code cause} may be null.
     */
    public void showOnConsole(Object owner, String what, Console console, String line, Throwable cause) {
        FailureRepeats.Shown shown = repeats.shown(owner, line, cause, clock.millis());
        if (shown == null) {
            return;
        }
        String text = "warning: " + shown.text();
        if (shown.full() && cause != null) {
            String trace = traces.apply(cause);
            if (trace.contains("\n\tat ")) {
                // the user's code is among the frames (a built-in source's failure has none to show)
                text += "\n" + trace;
            }
        }
        try {
            console.err().println(shown.full() ? text + "\n" + FailureRepeats.hint(what) : text);
        } catch (RuntimeException e) {
            LOG.debug("Console of {} failed", what, e);
        }
    }

    /** Forgets the failures shown for {@code owner} (a receiver that is gone). */
    public void forgetShown(Object owner) {
        repeats.forget(owner);
    }

    private static String streamName(StreamNode<?> node) {
        return node.name() != null ? "'" + node.name() + "' (" + node + ")" : node.toString();
    }

    /**
     * Tells whether {@code e} comes from an immediate stop: the job thread is interrupted (only
     * {@link #stop} interrupts it) and an {@link InterruptedException} is among the causes.
     */
    private static boolean stoppedBy(Throwable e) {
        if (!Thread.currentThread().isInterrupted()) {
            return false;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException) {
                return true;
            }
        }
        return false;
    }

    /** Returns the time of the last completed batch, or {@link Long#MIN_VALUE}. */
    public long lastCompleted() {
        return lastCompleted;
    }

    /** Returns up to the last 1000 completed batches, oldest first. */
    public List<BatchInfo> recentBatches() {
        synchronized (progress) {
            return List.copyOf(completed);
        }
    }

    /**
     * Waits until batch {@code time} has completed and its completion was delivered to listeners;
     * returns false on timeout.
     */
    public boolean awaitBatch(long time, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        synchronized (progress) {
            while (lastDelivered < time) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                progress.wait(left);
            }
            return true;
        }
    }

    /** Wakes threads waiting in {@link #awaitBatch} (used when the context stops). */
    public void wakeWaiters() {
        synchronized (progress) {
            progress.notifyAll();
        }
    }

    /**
     * Stops the job thread: gracefully after the queued batches ran (waiting up to
     * {@code timeoutMs}), or at once, interrupting the running job and dropping queued batches.
     */
    public void stop(boolean gracefully, long timeoutMs) {
        if (gracefully) {
            executor.shutdown();
            try {
                if (!executor.awaitTermination(timeoutMs)) {
                    LOG.warn("Queued batches did not finish within {} ms; interrupting them", timeoutMs);
                    executor.shutdownNow();
                }
            } catch (InterruptedException e) {
                executor.shutdownNow();
                Thread.currentThread().interrupt();
            }
        } else {
            executor.shutdownNow();
        }
        try {
            executor.awaitTermination(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
