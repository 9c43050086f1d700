package dev.sluice.engine.scheduler;

import dev.sluice.engine.BatchTimes;
import dev.sluice.engine.graph.StreamGraph;
import dev.sluice.streaming.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns clock ticks into batches: at every multiple of the batch interval it asks the graph for the
 * batch's plan (sources take in their data, the active outputs are listed) and queues it on the
 * job scheduler. Runs on its timer's thread.
 */
public final class JobGenerator {

    private static final Logger LOG = LoggerFactory.getLogger(JobGenerator.class);

    private final StreamGraph graph;
    private final JobScheduler scheduler;
    private final StreamGraph.ErrorHandler errors;
    private final RecurringTimer timer;
    private volatile long lastGenerated = Long.MIN_VALUE;

    /** Creates a generator ticking on {@code clock}. */
    public JobGenerator(String name, Clock clock, StreamGraph graph, JobScheduler scheduler, StreamGraph.ErrorHandler errors) {
        this.graph = graph;
        this.scheduler = scheduler;
        this.errors = errors;
        this.timer = new RecurringTimer(clock, graph.batchIntervalMicros(), this::generate, name);
    }

    /** Returns the time the first batch will have if started now. */
    public long firstBatchTime() {
        return timer.firstTime();
    }

    /** Starts ticking; the first batch is at {@code firstBatchTime}. */
    public void start(long firstBatchTime) {
        timer.start(firstBatchTime);
    }

    private void generate(long time) {
        try {
            StreamGraph.BatchPlan plan = graph.generate(time, errors);
            lastGenerated = time;
            scheduler.submit(plan);
        } catch (RuntimeException e) {
            errors.report("Generating batch " + BatchTimes.describeMicros(time) + " failed", e);
        } catch (Error e) {
            LOG.error("Generating batch {} failed", BatchTimes.describeMicros(time), e);
            throw e;
        }
    }

    /** Returns the time of the last generated batch, or {@link Long#MIN_VALUE}. */
    public long lastGenerated() {
        return lastGenerated;
    }

    /**
     * After {@link #stop}: generates and queues the batch of the next batch time at once, without
     * waiting for the clock (a graceful stop uses it for input received after the last tick).
     * Returns its time.
     */
    public long generateFinalBatch() {
        long t = timer.nextTime();
        generate(t);
        return t;
    }

    /** Stops ticking; a batch being generated completes first. */
    public void stop() {
        timer.stop();
    }
}
