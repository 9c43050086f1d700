package dev.sluice.engine.receiver;

import dev.sluice.engine.Engine;
import dev.sluice.engine.Micros;
import dev.sluice.engine.durability.MetadataLog;
import dev.sluice.streaming.BatchInfo;
import dev.sluice.streaming.Clock;
import dev.sluice.streaming.Console;
import dev.sluice.streaming.ReceiverInfo;
import dev.sluice.streaming.StreamingListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a context's receivers and what they share: the block tracker, the memory budget for
 * unprocessed input, rate limits and backpressure.
 *
 * <p>Lifecycle: receivers start with their input streams; on a stop they stop before the job
 * generator does. On a graceful stop, blocks still waiting for a batch after the receivers
 * stopped go into one last batch, generated at once at the next batch time without waiting for
 * the clock (so a context on a {@link dev.sluice.streaming.ManualClock} stops too).
 */
public final class ReceiverTracker implements Engine.LifecycleHook {

    private static final Logger LOG = LoggerFactory.getLogger(ReceiverTracker.class);

    private final Engine engine;
    private final long blockIntervalMicros;
    private final MemoryBudget budget;
    private final ReceivedBlockTracker blockTracker;
    private final List<ReceiverSupervisor> supervisors = new CopyOnWriteArrayList<>();
    private final Map<ReceiverSupervisor, PIDRateEstimator> estimators = new ConcurrentHashMap<>();
    private final ReceiverThreads threads;
    private volatile long defaultMaxRate;
    private volatile boolean backpressure;
    private volatile long initialRate;

    /** Creates the tracker and hooks it into {@code engine}; {@code log} may be null. */
    public ReceiverTracker(Engine engine, long blockIntervalMicros, long maxRate, boolean backpressure, long memoryBytes,
                           MetadataLog log) {
        this.engine = engine;
        this.blockIntervalMicros = blockIntervalMicros;
        this.defaultMaxRate = maxRate;
        this.backpressure = backpressure;
        this.budget = new MemoryBudget(memoryBytes);
        this.blockTracker = new ReceivedBlockTracker(log, budget);
        this.threads = new ReceiverThreads(engine.name() + "-receivers");
        engine.addHook(this);
        engine.scheduler().addBatchHook(this::afterBatch);
        engine.bus().add(new StreamingListener() {
            @Override
            public void onBatchCompleted(BatchInfo batch) {
                adjustRates(batch);
            }
        });
    }

    /** Starts writing the blocks' events to {@code log}; only before the context starts. */
    public void useLog(MetadataLog log) {
        blockTracker.useLog(log);
    }

    private void afterBatch(long time) {
        blockTracker.batchCompleted(time);
        long remember = engine.graph().batchIntervalMicros();
        for (var in : engine.graph().inputs()) {
            remember = Math.max(remember, in.rememberMicros());
        }
        long threshold = time - remember - engine.graph().batchIntervalMicros();
        if (blockTracker.isLogged()) {
            // the checkpoint forgets the allocations once no restart needs them; the streams read
            // the records only as long as they remember, and a restart reads them from the log
            blockTracker.releaseRecords(threshold);
            return;
        }
        try {
            blockTracker.cleanup(threshold);
        } catch (java.io.IOException e) {
            engine.reportError("Forgetting the blocks of old batches failed", e);
        }
    }

    Clock clock() {
        return engine.clock();
    }

    long blockIntervalMicros() {
        return blockIntervalMicros;
    }

    long defaultMaxRate() {
        return defaultMaxRate;
    }

    String threadName(String what) {
        return engine.name() + "-" + what;
    }

    void register(ReceiverSupervisor s) {
        supervisors.add(s);
        if (backpressure) {
            s.startRamp(startRate());
        }
    }

    /** Forgets a stopped receiver whose stream left the graph. */
    void unregister(ReceiverSupervisor s) {
        supervisors.remove(s);
        estimators.remove(s);
        engine.scheduler().forgetShown(s);
    }

    /** Sets the rate backpressure starts each receiver at (0: {@value #DEFAULT_INITIAL_RATE} records/s). */
    public void setInitialRate(long recordsPerSecond) {
        initialRate = recordsPerSecond;
        if (backpressure) {
            for (ReceiverSupervisor s : supervisors) {
                if (!estimators.containsKey(s)) {
                    s.startRamp(startRate());
                }
            }
        }
    }

    /** The start of the ramp when no initial rate is set. */
    public static final long DEFAULT_INITIAL_RATE = 1_000;

    private long startRate() {
        long r = initialRate > 0 ? initialRate : DEFAULT_INITIAL_RATE;
        long max = defaultMaxRate;
        return max > 0 ? Math.min(r, max) : r;
    }

    void post(Consumer<StreamingListener> event) {
        engine.bus().post(event);
    }

    void reportError(String message, Throwable error) {
        engine.reportError(message, error);
    }

    /** Reports a failure of receiver {@code owner}, shown on {@code console} when it has one. */
    void reportError(String stream, String message, Throwable error, ReceiverSupervisor owner, Console console) {
        if (console == null) {
            engine.reportError(stream, message, error);
        } else {
            engine.reportError(stream, message, error, owner, "receiver", console);
        }
    }

    /** Returns the thread group the receivers' supervisors, and the threads the receivers start, run in. */
    ThreadGroup threads() {
        return threads;
    }

    /** Returns the memory budget for unprocessed input. */
    public MemoryBudget budget() {
        return budget;
    }

    /** Returns the block tracker. */
    public ReceivedBlockTracker blockTracker() {
        return blockTracker;
    }

    /** Returns the status of every receiver, in creation order. */
    public List<ReceiverInfo> infos() {
        List<ReceiverInfo> out = new ArrayList<>();
        for (ReceiverSupervisor s : supervisors) {
            out.add(s.info());
        }
        return out;
    }

    /** Returns the supervisors. */
    public List<ReceiverSupervisor> supervisors() {
        return List.copyOf(supervisors);
    }

    /** Sets the maximum rate of every receiver, present and future (0 or less: unlimited). */
    public void setMaxRate(long recordsPerSecond) {
        defaultMaxRate = recordsPerSecond;
        for (ReceiverSupervisor s : supervisors) {
            s.setMaxRate(recordsPerSecond);
        }
    }

    /** Turns backpressure on or off; off clears the estimated rates. */
    public void setBackpressure(boolean enabled) {
        boolean was = backpressure;
        backpressure = enabled;
        if (!enabled) {
            estimators.clear();
            for (ReceiverSupervisor s : supervisors) {
                s.startRamp(0);
                s.setEstimatedRate(0);
            }
        } else if (!was) {
            for (ReceiverSupervisor s : supervisors) {
                s.startRamp(startRate());
            }
        }
    }

    /** Returns true if backpressure is on. */
    public boolean backpressure() {
        return backpressure;
    }

    private void adjustRates(BatchInfo batch) {
        if (!backpressure) {
            return;
        }
        long processing = batch.processingDelay().map(Micros::of).orElse(0L);
        long scheduling = batch.schedulingDelay().map(Micros::of).orElse(0L);
        for (ReceiverSupervisor s : supervisors) {
            Long n = s.sourceName() == null ? null : batch.inputRecords().get(s.sourceName());
            if (n == null) {
                continue;
            }
            PIDRateEstimator est = estimators.computeIfAbsent(s, k -> new PIDRateEstimator(engine.graph().batchIntervalMicros()));
            OptionalDouble rate = est.compute(batch.batchTime().microseconds(), n, processing, scheduling);
            if (rate.isPresent()) {
                long r = Math.max(1, Math.round(rate.getAsDouble()));
                LOG.debug("Backpressure: receiver {} limited to {} records/s", s.name(), r);
                s.setEstimatedRate(r);
                s.startRamp(0);
            }
        }
    }

    @Override
    public void beforeStop(boolean gracefully) {
        for (ReceiverSupervisor s : supervisors) {
            s.stop();
        }
        if (gracefully && engine.graph().isStarted() && blockTracker.hasUnallocated(null)) {
            engine.generator().stop();
            long t = engine.generator().generateFinalBatch();
            LOG.info("Graceful stop: the blocks received since the last batch go into a last batch at {}", dev.sluice.engine.BatchTimes.describeMicros(t));
        }
    }
}
