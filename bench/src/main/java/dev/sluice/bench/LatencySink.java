package dev.sluice.bench;

import java.util.List;

/**
 * Where a W7 run's outputs and batch reports go, in the engine's JVM. The output operation hands it
 * each batch's collected send stamps with the time it holds them ({@link #output}); the records sent
 * inside the measured window count, the warm-up's and the tail's do not. The engine's listener hands
 * it each completed batch ({@link #batch}); those whose batch time falls inside the window count.
 *
 * <p>One sink per JVM ({@link #current}), reached through a static method so that the output closure
 * captures nothing (Spark serializes the graph, closures included, when it checkpoints).
 */
public final class LatencySink {
    /** Stamp an output carries for a record whose result was wrong (e.g. a window count of 0). */
    public static final long INVALID = Long.MIN_VALUE;

    private static volatile LatencySink current;

    private final LatencyRecorder latencies = new LatencyRecorder();
    private volatile long fromNanos = Long.MAX_VALUE;
    private volatile long toNanos = Long.MAX_VALUE;
    private volatile long fromMs = Long.MAX_VALUE;
    private volatile long toMs = Long.MAX_VALUE;
    private long outputs;
    private long measuredOutputs;
    private long invalid;
    private long batches;
    private long allBatches;
    private long firstBatchMs = -1;
    private long processingNanos;
    private long maxProcessingNanos;
    private long overInterval;
    private long lateBatches;
    private long lateDelayNanos;
    private long maxSchedulingDelayNanos = -1;
    private final double intervalMs;

    /** A sink for batches of {@code intervalMicros} microseconds. */
    public LatencySink(long intervalMicros) {
        this.intervalMs = intervalMicros / 1000.0;
    }

    /** Makes {@code sink} the one {@link #current()} returns. */
    static void install(LatencySink sink) {
        current = sink;
    }

    /** This JVM's sink. */
    public static LatencySink current() {
        return current;
    }

    /** Records the collected stamps of one batch's output at this JVM's System.nanoTime. */
    public static void output(List<Long> stamps) {
        LatencySink sink = current;
        if (sink != null) {
            sink.output(stamps, System.nanoTime());
        }
    }

    /**
     * Sets the measured window: records stamped in {@code [fromNanos, toNanos)} and batches whose
     * batch time is in {@code [fromMs, toMs)} (wall clock, as the engines' batch times) count.
     */
    public synchronized void window(long fromNanos, long toNanos, long fromMs, long toMs) {
        this.fromNanos = fromNanos;
        this.toNanos = toNanos;
        this.fromMs = fromMs;
        this.toMs = toMs;
    }

    /** Records one batch's output stamps, all held at {@code nowNanos}. */
    public synchronized void output(List<Long> stamps, long nowNanos) {
        for (Long boxed : stamps) {
            long stamp = boxed;
            outputs++;
            if (stamp == INVALID) {
                invalid++;
            } else if (stamp >= fromNanos && stamp < toNanos) {
                measuredOutputs++;
                latencies.record(nowNanos - stamp);
            }
        }
        notifyAll();
    }

    /**
     * Records one completed batch as the engine's listener reports it (delays in nanoseconds, at the
     * precision the engine reports them).
     */
    public synchronized void batch(long batchTimeMs, long schedulingDelayNanos, long processingNanos) {
        allBatches++;
        if (firstBatchMs < 0) {
            firstBatchMs = batchTimeMs;
        }
        if (batchTimeMs < fromMs || batchTimeMs >= toMs) {
            return;
        }
        if (batchTimeMs >= toMs - (toMs - fromMs) / 3) {
            lateBatches++;
            lateDelayNanos += Math.max(0, schedulingDelayNanos);
        }
        batches++;
        this.processingNanos += processingNanos;
        maxProcessingNanos = Math.max(maxProcessingNanos, processingNanos);
        if (processingNanos > intervalMs * 1e6) {
            overInterval++;
        }
        maxSchedulingDelayNanos = Math.max(maxSchedulingDelayNanos, schedulingDelayNanos);
    }

    /** Waits until {@code expected} measured records were output or {@code timeoutMs} passed; whether they were. */
    public synchronized boolean awaitMeasured(long expected, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (measuredOutputs < expected) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /** Latencies of the measured records. */
    public LatencyRecorder latencies() {
        return latencies;
    }

    /** Every output record so far, measured or not. */
    public synchronized long outputs() {
        return outputs;
    }

    /** Output records sent inside the measured window. */
    public synchronized long measuredOutputs() {
        return measuredOutputs;
    }

    /** Output records whose result was wrong. */
    public synchronized long invalid() {
        return invalid;
    }

    /** Batches completed whose batch time is inside the measured window. */
    public synchronized long batches() {
        return batches;
    }

    /** Batches completed, measured or not. */
    public synchronized long allBatches() {
        return allBatches;
    }

    /** Batch time of the first batch reported, ms, relative to the window's start (0 before any). */
    public synchronized long firstBatchFromWindowMs() {
        return firstBatchMs < 0 ? 0 : firstBatchMs - fromMs;
    }

    /** Mean processing time of the measured batches, in ms (NaN when none). */
    public synchronized double meanProcessingMs() {
        return batches == 0 ? Double.NaN : processingNanos / 1e6 / batches;
    }

    /** Longest processing time of a measured batch, in ms. */
    public synchronized double maxProcessingMs() {
        return maxProcessingNanos / 1e6;
    }

    /** Measured batches whose processing took longer than the interval. */
    public synchronized long overInterval() {
        return overInterval;
    }

    /** Mean scheduling delay of the batches in the last third of the window, in ms (NaN when none). */
    public synchronized double lateSchedulingDelayMs() {
        return lateBatches == 0 ? Double.NaN : lateDelayNanos / 1e6 / lateBatches;
    }

    /** Largest scheduling delay of a measured batch, in ms (-1 when none). */
    public synchronized double maxSchedulingDelayMs() {
        return maxSchedulingDelayNanos < 0 ? -1 : maxSchedulingDelayNanos / 1e6;
    }

    /**
     * Whether the interval was stable: batches completed inside the window, their mean processing
     * time stayed under the interval, the batches of the last third of the window started less than
     * one interval late on average (the delay did not build up), every measured record was output
     * ({@code missing == 0}) and none was wrong.
     */
    public synchronized boolean stable(long missing) {
        return batches > 0 && meanProcessingMs() < intervalMs && lateSchedulingDelayMs() < intervalMs
                && missing == 0 && invalid == 0;
    }
}
