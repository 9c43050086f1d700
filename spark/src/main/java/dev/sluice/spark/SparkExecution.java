package dev.sluice.spark;

import dev.sluice.engine.BatchTimes;
import dev.sluice.engine.plan.StreamOp;
import dev.sluice.engine.rdd.RddNode;
import dev.sluice.streaming.spi.RunnerContext;
import dev.sluice.streaming.spi.RunnerExecution;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.streaming.api.java.JavaStreamingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One context's run on Spark: at {@code start} it gets the JVM's Spark context, makes a Spark
 * streaming context with the batch interval, translates the plan into it, and starts it; batch
 * statistics come back through {@link BatchBridge}.
 *
 * <p>Spark cannot add outputs to a running streaming context. When a stream or output is attached
 * after the start ({@link #planChanged()}), a background thread (never one of Spark's) stops the
 * streaming context gracefully at the next batch boundary, keeping the Spark context, translates
 * the whole plan into a new streaming context on the same Spark context and starts it: the state
 * of {@code updateStateByKey} and {@code mapWithState} streams is carried over ({@link StateCarry}),
 * queue sources keep their queues, file sources what they took ({@link DirectoryInputStream}),
 * windows start empty, receivers are stopped and started again,
 * and the console of the cell that attached the stream says what the restart cost
 * ({@link #restartMessage}).
 */
final class SparkExecution implements RunnerExecution {

    private static final Logger LOG = LoggerFactory.getLogger(SparkExecution.class);

    private final RunnerContext context;
    private volatile JavaStreamingContext jssc;
    private volatile Translation translation;
    private String checkpointDir;
    private Path tempCheckpoint;
    /** Translations replaced by a restart: their functions stay reachable for datasets handed out before it. */
    private final java.util.List<Translation> retired = new java.util.ArrayList<>();
    /** Driver-side state of sources kept across restarts (Kafka offsets), closed at the stop. */
    private final java.util.Map<StreamOp, AutoCloseable> sources = java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());
    private final Object restartLock = new Object();
    /** Guarded by restartLock: a restart is queued and has not begun. */
    private boolean restartQueued;
    /** Guarded by restartLock: where to tell the user about the restart. */
    private dev.sluice.streaming.Console restartConsole;
    /** Guarded by restartLock: the last time the plan changed (nanoTime), to apply changes made together in one restart. */
    private long lastChangeNanos;
    private volatile boolean stopped;
    /** True while a restart runs (the old streaming context stops, a new one starts). */
    private volatile boolean restarting;
    private java.util.concurrent.ExecutorService restarter;
    /** Restarts done; for tests and the log. */
    private final java.util.concurrent.atomic.AtomicInteger restarts = new java.util.concurrent.atomic.AtomicInteger();

    /** Changes to the plan closer together than this are applied by one restart. */
    static final long SETTLE_MS = 200;

    SparkExecution(RunnerContext context) {
        this.context = context;
    }

    @Override
    public synchronized void start() {
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        // Spark's threads made from here on (a new Spark context's, the streaming context's job
        // threads) inherit the loader of the user's classes, so results of snippet types deserialize
        Thread.currentThread().setContextClassLoader(context.classLoader());
        try {
            JavaSparkContext sc = SparkContexts.get(context.master(), context.conf(), context.parallelism());
            dev.sluice.streaming.Clock clock = context.streamingContext().clock();
            if (!(clock instanceof dev.sluice.streaming.SystemClock)) {
                SluiceClock.use(clock);
                sc.sc().conf().set("spark.streaming.clock", SluiceClock.class.getName());   // read by the streaming context made next
            } else {
                sc.sc().conf().remove("spark.streaming.clock");
            }
            launch(sc, java.util.Map.of(), null, context::console);
            LOG.info("Streaming on Spark ({}), batch {} ms", context.master(), context.batchInterval().toMillis());
        } catch (RuntimeException e) {
            cleanUp();
            throw e;
        } catch (Exception e) {
            cleanUp();
            throw new IllegalStateException("could not start the streams on Spark: " + e, e);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    /**
     * Makes a streaming context on {@code sc}, translates the whole plan into it with {@code state}
     * as the state streams' initial state and the last batches of {@code previous} (if any) for
     * {@code latest()} until it has its own, and starts it. Jars of the session not shipped yet are
     * shipped first; what cannot be is told on {@code console}'s console (asked only then).
     */
    private void launch(JavaSparkContext sc, java.util.Map<StreamOp, org.apache.spark.api.java.JavaRDD<Object>> state,
                        Translation previous, java.util.function.Supplier<dev.sluice.streaming.Console> console) throws Exception {
        UserJars.ship(sc, context.classLoader(), console);  // libraries added to the session since the last launch
        JavaStreamingContext s = new JavaStreamingContext(sc, Translation.d(context.batchInterval()));
        Translation t = new Translation(context, s, SparkTranslators.standard());
        t.sources = sources;
        try {
            t.carryState(state);
            t.translate(context.plan());
            if (previous != null) {
                t.inheritLatest(previous);
            }
            if (t.needsCheckpoint) {
                if (checkpointDir == null) {
                    checkpointDir = checkpointDir();
                }
                s.checkpoint(checkpointDir);
            }
            s.addStreamingListener(new BatchBridge(t));
            jssc = s;
            s.start();
            // only now: until the new streaming context runs, latest() on a stream it adds says to try
            // again, so a caller that waits for that (a notebook on a manual clock) moves time only after it
            translation = t;
        } catch (Exception | Error e) {
            t.close();
            if (s.getState() != org.apache.spark.streaming.StreamingContextState.INITIALIZED) {
                s.stop(false, false);
            }
            throw e;
        }
    }

    /** The directory Spark checkpoints to: {@code spark.checkpoint.dir} if set, otherwise a temporary one of this run. */
    private String checkpointDir() throws IOException {
        String dir = context.conf().get("spark.checkpoint.dir");
        if (dir != null) {
            return dir;
        }
        if (context.streamingContext().checkpointDir().isPresent()) {
            return context.streamingContext().checkpointDir().get().resolve("spark").toString();
        }
        tempCheckpoint = Files.createTempDirectory("sluice-spark-checkpoint");
        return tempCheckpoint.toString();
    }

    /**
     * Queues a restart of Spark's streaming context with the whole plan (see the class comment); it
     * runs on a thread of this execution, so this returns at once, also when called from an output
     * running on Spark's job thread.
     */
    @Override
    public void planChanged() {
        dev.sluice.streaming.Console console = context.console();
        synchronized (restartLock) {
            restartConsole = console;
            lastChangeNanos = System.nanoTime();
            if (stopped || restartQueued) {
                return;
            }
            restartQueued = true;
            if (restarter == null) {
                restarter = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                    Thread th = new Thread(r, "sluice-spark-restart");
                    th.setDaemon(true);
                    return th;
                });
            }
            restarter.execute(this::restart);
        }
    }

    private void restart() {
        dev.sluice.streaming.Console console;
        synchronized (restartLock) {
            try {
                // a stream and its output are usually added by one snippet: apply them together
                long settleNanos = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(SETTLE_MS);
                long wait;
                while (!stopped && (wait = lastChangeNanos + settleNanos - System.nanoTime()) > 0) {
                    java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(restartLock, wait);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            restartQueued = false;
            console = restartConsole;
        }
        synchronized (this) {
            if (stopped) {
                return;
            }
            // the new streaming context's threads inherit the loader of the user's classes, as at start
            Thread.currentThread().setContextClassLoader(context.classLoader());
            try {
                tryTranslation();
            } catch (Exception | Error e) {
                String why = e.getMessage() == null ? e.toString() : e.getMessage();
                LOG.warn("The new streams cannot run on Spark; the running ones go on", e);
                context.reportError(null, "Attaching the new streams failed, nothing was restarted: " + why, e);
                if (console != null) {
                    console.err().println("Could not attach the new streams on Spark: " + why
                            + "\nSpark's streaming context was not restarted: the streams that ran go on; the new ones stay"
                            + " detached (and every later attachment fails the same way until this context is stopped).");
                    console.err().flush();
                }
                return;
            }
            try {
                restartNow(console);
            } catch (Exception | Error e) {
                LOG.error("Restarting Spark's streaming context failed", e);
                context.reportError(null, "Attaching the new streams failed: restarting Spark's streaming context failed"
                        + " (the streams are stopped; stop the context and start a new one)", e);
                if (console != null) {
                    console.err().println("Attaching the new streams failed: restarting Spark's streaming context failed: " + e
                            + "\nThe streams are stopped; stop the context (ssc.stop()) and start a new one.");
                    console.err().flush();
                }
            }
        }
    }

    /** Waits, at most {@code timeoutMs}, until {@code s} has no batch generated and not finished. */
    private static void awaitNoPendingBatch(JavaStreamingContext s, long timeoutMs) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        try {
            while (!s.ssc().scheduler().getPendingTimes().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);               // the pending batches run on Spark's threads
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Translates the whole plan into a streaming context that is never started, so that a plan Spark
     * cannot run (an operator without translator, a receiver that cannot be serialized) is found
     * before the running streaming context is stopped.
     */
    private void tryTranslation() throws Exception {
        JavaStreamingContext s = new JavaStreamingContext(jssc.sparkContext(), Translation.d(context.batchInterval()));
        Translation t = new Translation(context, s, SparkTranslators.standard());
        t.sources = sources;
        try {
            t.translate(context.plan());
        } finally {
            t.close();
            // never started: Spark's stop would only log that it was not started (to the user's shell)
        }
    }

    /**
     * Stops Spark's streaming context between two batches and starts a new one with the whole plan.
     * Without receivers it stops as soon as no batch is pending and the next batch time is not
     * about to come, so nothing generated is cut short; with receivers (whose data received since
     * the last batch would be lost by an immediate stop) it stops with Spark's graceful stop, which
     * runs one more batch at the next batch time.
     */
    private void restartNow(dev.sluice.streaming.Console console) throws Exception {
        long interval = context.batchInterval().toMillis();
        dev.sluice.streaming.Clock clock = context.streamingContext().clock();
        JavaStreamingContext old = jssc;
        Translation previous = translation;
        long begin = System.nanoTime();
        long lastBatch;
        restarting = true;
        try {
            if (previous.hasReceivers()) {
                old.stop(false, true);
            } else {
                awaitQuietMoment(old, previous, clock, interval, console);
                if (stopped) {
                    return;                 // the context stops meanwhile: stop() stops the running streaming context
                }
                old.stop(false, false);
            }
            if (stopped) {
                jssc = null;                // stopped gracefully above; nothing new is launched for a context that stops
                return;
            }
            lastBatch = Math.floorDiv(clock.millis(), interval) * interval;    // generated and, as nothing is pending, done
            java.util.Map<StreamOp, org.apache.spark.api.java.JavaRDD<Object>> state = previous.takeState();
            retired.add(previous);
            launch(old.sparkContext(), state, previous, () -> console);
        } finally {
            restarting = false;
        }
        long firstBatch = (Math.floorDiv(clock.millis(), interval) + 1) * interval;    // as Spark's job generator starts
        long tookMs = (System.nanoTime() - begin) / 1_000_000;
        int n = restarts.incrementAndGet();
        Translation now = translation;
        String message = restartMessage(lastBatch, firstBatch, interval, tookMs, now.carriedStates(), now.carriedTimeoutStates(),
                previous.translated(dev.sluice.engine.plan.SourceOp.SocketTextStream.class),
                previous.translated(dev.sluice.engine.plan.SourceOp.ReceiverStream.class));
        LOG.info("Restart {} of Spark's streaming context: {}", n, message);
        if (console != null) {
            console.out().println(message);
            console.out().flush();
        }
    }

    /**
     * Waits until {@code s} has generated every batch due by now and finished it, with the next batch
     * time at least a quarter interval (at most 500 ms) away, so that stopping at once cuts nothing
     * short; tells the user when batches are queued (processing behind schedule), as the wait may be
     * long. Returns early when the context stops. A batch is due once the clock reached its time, but
     * Spark generates it a moment later (its timer wakes, its job generator's loop runs): a manual
     * clock moved onto a batch time just before the restart (a step right after an attach) would
     * otherwise see nothing pending and stop before that batch exists, losing it and leaving whoever
     * waits for it waiting. Waiting for a due batch Spark does not report as submitted is bounded
     * (10 s), after which the restart goes ahead as before.
     */
    private void awaitQuietMoment(JavaStreamingContext s, Translation t, dev.sluice.streaming.Clock clock, long interval,
                                  dev.sluice.streaming.Console console) throws InterruptedException {
        long margin = Math.min(500, interval / 4);
        long giveUp = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        boolean told = false;
        while (!stopped) {
            int pendingBatches = s.ssc().scheduler().getPendingTimes().size();
            boolean pending = pendingBatches > 0;
            if (pendingBatches > 1 && !told && console != null) {
                // behind schedule: the attach waits for the queued batches, which may take a while
                console.out().println("Attaching on Spark: Spark's streaming context restarts once its " + pendingBatches
                        + " queued batches have run (processing is behind the batch interval)...");
                console.out().flush();
                told = true;
            }
            long now = clock.millis();
            long due = Math.floorDiv(now, interval) * interval;
            org.apache.spark.streaming.Time zero = s.ssc().graph().zeroTime();    // the first batch is one interval after it
            boolean generated = zero == null || due <= zero.milliseconds() || t.lastSubmitted.get() >= due
                    || System.nanoTime() > giveUp;
            long next = due + interval;
            if (!pending && generated && next - now > margin) {
                return;
            }
            if (!pending && generated) {
                clock.waitTillTime(next);           // let the batch about to come run first
            } else {
                Thread.sleep(10);                   // the due or pending batch runs on Spark's threads
            }
        }
    }

    /**
     * What the user is told about a restart: why, the gap, what restarts empty, and, where the plan
     * has them, what was carried over, the receivers that were stopped and started again
     * ({@code socketReceivers} socket streams and {@code customReceivers} {@code receiverStream}s
     * of the streaming context that stopped) and the carried {@code mapWithState} streams with a
     * timeout ({@code timeoutStates} of the {@code carriedStates}), whose idle times count again
     * from the restart.
     */
    static String restartMessage(long lastBatch, long firstBatch, long interval, long tookMs, int carriedStates,
                                 int timeoutStates, int socketReceivers, int customReceivers) {
        long skipped = Math.max(0, (firstBatch - lastBatch) / interval - 1);
        StringBuilder b = new StringBuilder();
        b.append("Attached by restarting Spark's streaming context (Spark cannot add streams or outputs to a running one): ");
        b.append("the last batch before the restart was ").append(BatchTimes.describe(lastBatch)).append(", the first after it is ")
                .append(BatchTimes.describe(firstBatch)).append("; ");
        if (skipped == 0) {
            b.append("no batch time was skipped");
        } else {
            b.append(skipped).append(skipped == 1 ? " batch time was" : " batch times were").append(" skipped (")
                    .append(BatchTimes.describe(lastBatch + interval))
                    .append(skipped == 1 ? "" : " to " + BatchTimes.describe(firstBatch - interval))
                    .append("; queue, file, rate and Kafka streams lose nothing: what they have for ")
                    .append(skipped == 1 ? "that time" : "those times").append(" comes in the first batch after)");
        }
        b.append("; the restart took ").append(tookMs).append(" ms. Windows restart empty");
        if (carriedStates > 0) {
            b.append("; the state of ").append(carriedStates).append(carriedStates == 1 ? " state stream" : " state streams")
                    .append(" was carried over");
        }
        if (timeoutStates > 0) {
            b.append(", but the idle timeouts of ").append(timeoutStates == 1 ? "the mapWithState stream" : timeoutStates
                    + " mapWithState streams").append(" with a timeout count again from the restart (the carried state holds"
                    + " no idle times)");
        }
        if (socketReceivers > 0) {
            b.append("; ").append(socketReceivers == 1 ? "the socket stream's receiver was" : "the receivers of "
                    + socketReceivers + " socket streams were").append(" stopped and connected again: whether what the server"
                    + " sent while no receiver was connected is kept or dropped is up to the server");
        }
        if (customReceivers > 0) {
            b.append("; ").append(customReceivers == 1 ? "the custom receiver was" : customReceivers + " custom receivers were")
                    .append(" stopped and started again from ").append(customReceivers == 1 ? "its" : "their").append(" onStart");
        }
        b.append('.');
        return b.toString();
    }

    /** Returns the number of restarts done to attach streams. */
    int restarts() {
        return restarts.get();
    }

    @Override
    public void stop(boolean gracefully) {
        java.util.concurrent.ExecutorService r;
        synchronized (restartLock) {
            stopped = true;
            restartLock.notifyAll();
            r = restarter;
        }
        synchronized (this) {
            JavaStreamingContext s = jssc;
            if (s != null) {
                if (gracefully && !(context.streamingContext().clock() instanceof dev.sluice.streaming.SystemClock)) {
                    // Spark's graceful stop waits for the next batch time, which a manual clock reaches only
                    // when someone advances it: let the generated batches finish, then stop at once.
                    awaitNoPendingBatch(s, 60_000);
                    s.stop(false, false);
                } else {
                    s.stop(false, gracefully);
                }
            }
            cleanUp();
        }
        if (r != null) {
            r.shutdown();
        }
    }

    private void cleanUp() {
        Translation t = translation;
        if (t != null) {
            t.close();
        }
        for (Translation old : retired) {
            old.close();
        }
        retired.clear();
        synchronized (sources) {
            for (AutoCloseable c : sources.values()) {
                try {
                    c.close();
                } catch (Exception e) {
                    LOG.warn("Closing a source failed", e);
                }
            }
            sources.clear();
        }
        if (tempCheckpoint != null) {
            try (var files = Files.walk(tempCheckpoint)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException | UncheckedIOException e) {
                LOG.debug("Could not remove {}", tempCheckpoint, e);
            }
            tempCheckpoint = null;
        }
    }

    @Override
    public boolean awaitTermination(long timeoutMs) throws InterruptedException {
        long deadline = timeoutMs < 0 ? Long.MAX_VALUE : System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true) {
            JavaStreamingContext s = jssc;
            if (s == null) {
                return true;
            }
            if (timeoutMs < 0) {
                s.awaitTermination();
            } else {
                long left = java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0 || !s.awaitTerminationOrTimeout(left)) {
                    return false;
                }
            }
            if (stopped || !restarting) {
                return true;
            }
            synchronized (this) {
                // a restart stopped it: wait until the new streaming context runs, then wait for that one
            }
        }
    }

    @Override
    public RddNode<?> latest(StreamOp stream) {
        Translation t = translation;
        if (t == null) {
            return null;
        }
        return t.latest(stream);
    }
}
