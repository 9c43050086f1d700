package dev.sluice.engine;

import dev.sluice.engine.graph.StreamGraph;
import dev.sluice.engine.rdd.RddContext;
import dev.sluice.engine.rdd.UserFunctionException;
import dev.sluice.engine.scheduler.EngineThreads;
import dev.sluice.engine.scheduler.JobGenerator;
import dev.sluice.engine.scheduler.JobScheduler;
import dev.sluice.engine.scheduler.ListenerBus;
import dev.sluice.engine.scheduler.TaskPool;
import dev.sluice.streaming.Clock;
import dev.sluice.streaming.StreamingContextState;
import dev.sluice.streaming.StreamingError;
import dev.sluice.streaming.Time;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns one context's machinery and its lifecycle: the task pool, the stream graph, the job
 * generator and scheduler, the listener bus, and the error sink every background failure goes to.
 *
 * <p>{@code start} and {@code stop} are idempotent and ordered: a stopped engine releases all its
 * threads and cannot start again.
 */
public final class Engine {

    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
    private static final AtomicInteger CONTEXTS = new AtomicInteger();
    private static final int KEPT_ERRORS = 100;
    private static final long GRACEFUL_TIMEOUT_MS = 60_000;

    /** A hook run at a lifecycle step. */
    public interface LifecycleHook {
        /** Called before batches start (sources may start here). */
        default void beforeStart() {
        }

        /** Called when stopping, before the job generator stops (receivers stop here). */
        default void beforeStop(boolean gracefully) {
        }

        /** Called after the last batch ran. */
        default void afterStop() {
        }
    }

    private final String name;
    private final Clock clock;
    private final TaskPool pool;
    private final RddContext rddContext;
    private final StreamGraph graph;
    private final ListenerBus bus;
    private final JobScheduler scheduler;
    private final JobGenerator generator;
    private final Deque<StreamingError> recentErrors = new ArrayDeque<>();
    private final List<LifecycleHook> hooks = new CopyOnWriteArrayList<>();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private volatile StreamingContextState state = StreamingContextState.INITIALIZED;
    private volatile Throwable fatalError;
    private volatile long resumeZero = Long.MIN_VALUE;
    private volatile long resumeFirst = Long.MIN_VALUE;

    /** Creates an engine; nothing runs until {@link #start}. */
    public Engine(long batchIntervalMicros, int parallelism, int maxTaskAttempts, Clock clock, long rememberMicros) {
        this.name = "sluice-" + CONTEXTS.incrementAndGet();
        this.clock = clock;
        this.pool = new TaskPool(name + "-task", parallelism);
        this.rddContext = new RddContext(pool, parallelism, maxTaskAttempts);
        this.graph = new StreamGraph(batchIntervalMicros, rddContext, rememberMicros);
        this.bus = new ListenerBus(name + "-listener");
        this.scheduler = new JobScheduler(name + "-jobs", graph, bus, clock, this::reportLogged);
        this.generator = new JobGenerator(name + "-timer", clock, graph, scheduler, this::reportError);
    }

    /** Returns the engine's name, used in its threads' names. */
    public String name() {
        return name;
    }

    /** Returns the clock. */
    public Clock clock() {
        return clock;
    }

    /** Returns the dataset runner. */
    public RddContext rddContext() {
        return rddContext;
    }

    /** Returns the stream graph. */
    public StreamGraph graph() {
        return graph;
    }

    /** Returns the listener bus. */
    public ListenerBus bus() {
        return bus;
    }

    /** Returns the job scheduler. */
    public JobScheduler scheduler() {
        return scheduler;
    }

    /** Returns the job generator. */
    public JobGenerator generator() {
        return generator;
    }

    /** Returns the lifecycle state. */
    public StreamingContextState state() {
        return state;
    }

    /** Adds a lifecycle hook (used by receivers and checkpointing). */
    public void addHook(LifecycleHook hook) {
        hooks.add(hook);
    }

    /**
     * Makes {@link #start} continue a recovered run: batch times stay aligned to {@code zeroTime}
     * and the first batch is {@code firstBatchTime} (batches between it and now run at once, in
     * order). Called by a {@link LifecycleHook#beforeStart} hook or before starting.
     */
    public void resumeAt(long zeroTime, long firstBatchTime) {
        this.resumeZero = zeroTime;
        this.resumeFirst = firstBatchTime;
    }

    /** Starts batches; the first is at the next multiple of the batch interval. */
    public synchronized void start() {
        switch (state) {
            case ACTIVE -> {
                LOG.warn("{} is already started", name);
                return;
            }
            case STOPPED -> throw new IllegalStateException("this context was stopped and cannot be started again; build a new one");
            default -> {
            }
        }
        long next = generator.firstBatchTime();
        for (LifecycleHook h : hooks) {
            h.beforeStart();
        }
        boolean resumed = resumeFirst != Long.MIN_VALUE;
        long first = resumed ? resumeFirst : next;
        long zero = resumed ? resumeZero : next - graph.batchIntervalMicros();
        graph.start(zero);
        generator.start(first);
        state = StreamingContextState.ACTIVE;
        bus.post(l -> l.onStreamingStarted(Time.ofMicros(first)));
        LOG.info("{} started: batch interval {} ms, parallelism {}, first batch at {}", name,
                Micros.formatMillis(graph.batchIntervalMicros()), pool.parallelism(), BatchTimes.describeMicros(first));
    }

    /**
     * Stops the engine. Gracefully: receivers stop, batches already generated run to the end. At
     * once: the running job is interrupted and queued batches are dropped. Idempotent.
     */
    public void stop(boolean gracefully) {
        if (Thread.currentThread().getName().startsWith(name + "-")) {
            EngineThreads.newThread(() -> stop(gracefully), name + "-stopper").start();
            return;
        }
        synchronized (this) {
            if (state == StreamingContextState.STOPPED) {
                return;
            }
            boolean wasActive = state == StreamingContextState.ACTIVE;
            state = StreamingContextState.STOPPED;
            for (LifecycleHook h : hooks) {
                runQuietly(() -> h.beforeStop(gracefully), "stopping");
            }
            generator.stop();
            runQuietly(graph::stop, "stopping sources");
            scheduler.stop(gracefully, GRACEFUL_TIMEOUT_MS);
            for (LifecycleHook h : hooks) {
                runQuietly(h::afterStop, "after stop");
            }
            pool.shutdown();
            bus.post(l -> l.onContextStopped());
            bus.stop(5_000);
            try {
                pool.awaitTermination(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            scheduler.wakeWaiters();
            terminated.countDown();
            LOG.info("{} stopped{}", name, wasActive ? (gracefully ? " gracefully" : "") : " before it started");
        }
    }

    private void runQuietly(Runnable r, String what) {
        try {
            r.run();
        } catch (RuntimeException e) {
            reportError("Failed while " + what, e);
        }
    }

    /** Stops the engine because of an error that it cannot survive; awaitTermination rethrows it. */
    public void fail(String message, Throwable error) {
        fatalError = error;
        reportError(message, error);
        stop(false);
    }

    /** Returns the error that stopped the engine, or null. */
    public Throwable fatalError() {
        return fatalError;
    }

    /** Records a background failure: logged, kept for the front ends, and sent to listeners. */
    public void reportError(String message, Throwable error) {
        reportError(null, message, error);
    }

    /**
     * Records a background failure of {@code stream} (a source, a receiver; null when none): logged,
     * kept for the front ends, and sent to listeners.
     */
    public void reportError(String stream, String message, Throwable error) {
        if (reportedAlready(message, error)) {
            return;
        }
        Throwable cause = error == null ? null : UserFunctionException.unwrap(error);
        String line = cause == null ? message : message + ": " + cause;
        LOG.warn(message, cause);
        StreamingError record = StreamingError.of(new Time(clock.millis()), stream, line, cause);
        remember(record);
        bus.post(l -> l.onError(record));
    }

    /**
     * Records a background failure of {@code stream} that belongs to a part with a console of its
     * own ({@code what}: a receiver, shown in the cell or shell that created it): logged, kept, sent
     * to listeners marked {@link StreamingError#onConsole()}, and shown on {@code console} as an
     * output's failure is, with the stack frames of the user's code the first time and repeats of
     * the same failure of {@code owner} counted.
     */
    public void reportError(String stream, String message, Throwable error, Object owner, String what,
                            dev.sluice.streaming.Console console) {
        if (reportedAlready(message, error)) {
            return;
        }
        Throwable cause = error == null ? null : UserFunctionException.unwrap(error);
        String line = cause == null ? message : message + ": " + cause;
        LOG.warn(message, cause);
        StreamingError record = new StreamingError(new Time(clock.millis()), java.util.Optional.empty(),
                java.util.Optional.ofNullable(stream), line, java.util.Optional.ofNullable(cause), 1, true);
        remember(record);
        bus.post(l -> l.onError(record));
        scheduler.showOnConsole(owner, what, console, line, cause);
    }

    /**
     * Records a failure of a part of the engine outside any stream ({@code source}: such as
     * {@code "checkpoint"} or {@code "write-ahead log"}) as {@code line} reads, which says what
     * failed, why and what to do: logged with {@code error}, kept with it, and sent to listeners.
     */
    public void reportFailure(String source, String line, Throwable error) {
        LOG.warn(line, error);
        StreamingError record = StreamingError.of(new Time(clock.millis()), source, line, error);
        remember(record);
        bus.post(l -> l.onError(record));
    }

    /**
     * Whether {@code error} comes from a write to the write-ahead log that the log has reported
     * itself ({@link dev.sluice.engine.durability.WalWriteException}): then this consequence of it
     * is only logged (at DEBUG; the failure itself was logged at WARN), so the one failure is one
     * error, not one for each part that wrote.
     */
    private static boolean reportedAlready(String message, Throwable error) {
        if (!dev.sluice.engine.durability.WalWriteException.within(error)) {
            return false;
        }
        LOG.debug("{} (the write-ahead log failure is reported on its own)", message, error);
        return true;
    }

    /**
     * Records a failure that its reporter has already logged in full (a failed output or stream
     * job): kept for the front ends and sent to listeners' {@code onError} with its cause.
     */
    void reportLogged(StreamingError error) {
        remember(error);
        bus.post(l -> l.onError(error));
    }

    /** Keeps {@code error} among the recent errors. */
    void remember(StreamingError error) {
        synchronized (recentErrors) {
            StreamingError last = recentErrors.peekLast();
            if (last != null && sameAgain(last, error)) {
                // A receiver retrying, or an output failing every batch, reports the same error each
                // time: keep one entry, the latest, with a count.
                recentErrors.removeLast();
                recentErrors.addLast(new StreamingError(error.time(), error.output(), error.stream(), error.message(),
                        error.exception(), last.count() + 1, error.onConsole()));
            } else {
                recentErrors.addLast(error);
                if (recentErrors.size() > KEPT_ERRORS) {
                    recentErrors.removeFirst();
                }
            }
        }
    }

    private static final java.util.regex.Pattern NUMBERS = java.util.regex.Pattern.compile("\\d+");

    /** Whether {@code next} repeats {@code last}: the same output and stream, the same message but for its numbers (batch times). */
    private static boolean sameAgain(StreamingError last, StreamingError next) {
        return last.output().equals(next.output()) && last.stream().equals(next.stream())
                && NUMBERS.matcher(last.message()).replaceAll("#").equals(NUMBERS.matcher(next.message()).replaceAll("#"));
    }

    /**
     * Returns the last background errors, oldest first; an error reported several times in a row
     * is one entry whose {@link StreamingError#count()} says how often.
     */
    public List<StreamingError> recentErrors() {
        synchronized (recentErrors) {
            return List.copyOf(recentErrors);
        }
    }

    /** Waits for the engine to stop; returns false on timeout ({@code timeoutMs < 0} waits forever). */
    public boolean awaitTermination(long timeoutMs) throws InterruptedException {
        if (timeoutMs < 0) {
            terminated.await();
            return true;
        }
        return terminated.await(timeoutMs, TimeUnit.MILLISECONDS);
    }
}
