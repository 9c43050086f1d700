package dev.sluice.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One fixed-rate run of a workload: {@code warmup + measured} batches fed at {@code perBatch}
 * records each, and what the engine reported for them.
 *
 * <p>The rate is <em>sustained</em> when, over the measured batches, the mean processing time is
 * below the batch interval and the scheduling delay does not build up (every one of the last third
 * of the measured batches started less than one interval late, and the last one started less than
 * half an interval later than the first), and the run was not aborted because the engine fell
 * hopelessly behind.
 */
public record Trial(int perBatch, long intervalMs, int warmup, List<BatchStat> batches, boolean aborted, String note,
                    long cpuNanos, long wallNanos, double machineBusy) {

    /**
     * Records processed per second of this JVM's CPU time over the measured batches: what the engine
     * does per core, whatever share of the shared machine it got.
     */
    public double recordsPerCpuSecond() {
        int n = measured().size();
        return cpuNanos <= 0 || n == 0 ? Double.NaN : (double) perBatch * n * 1e9 / cpuNanos;
    }

    /** This JVM's CPU time over the measured batches divided by their wall time (2.0 = both cores). */
    public double coresUsed() {
        return wallNanos <= 0 ? Double.NaN : (double) cpuNanos / wallNanos;
    }


    /** Batches after the warm-up. */
    public List<BatchStat> measured() {
        return batches.size() <= warmup ? List.of() : batches.subList(warmup, batches.size());
    }

    /** Records per second fed. */
    public double rate() {
        return perBatch * 1000.0 / intervalMs;
    }

    public double meanProcessingMs() {
        return measured().stream().mapToLong(BatchStat::processingMs).average().orElse(Double.NaN);
    }

    public double medianProcessingMs() {
        long[] p = measured().stream().mapToLong(BatchStat::processingMs).sorted().toArray();
        return p.length == 0 ? Double.NaN : Stats.median(Arrays.stream(p).asDoubleStream().toArray());
    }

    public long maxProcessingMs() {
        return measured().stream().mapToLong(BatchStat::processingMs).max().orElse(-1);
    }

    public long lastSchedulingDelayMs() {
        List<BatchStat> m = measured();
        return m.isEmpty() ? -1 : m.get(m.size() - 1).schedulingDelayMs();
    }

    public long maxLateSchedulingDelayMs() {
        List<BatchStat> m = measured();
        int from = m.size() - Math.max(1, m.size() / 3);
        long max = -1;
        for (int i = Math.max(0, from); i < m.size(); i++) {
            max = Math.max(max, m.get(i).schedulingDelayMs());
        }
        return max;
    }

    public boolean sustained() {
        List<BatchStat> m = measured();
        return !aborted
                && !m.isEmpty()
                && meanProcessingMs() < intervalMs
                && maxLateSchedulingDelayMs() < intervalMs
                // and the delay is not building up across the measured batches
                && m.get(m.size() - 1).schedulingDelayMs() - m.get(0).schedulingDelayMs() < intervalMs / 2;
    }

    /** One line for logs. */
    public String summary() {
        return String.format(Locale.ROOT,
                "rate=%.0f/s interval=%dms batches=%d mean=%.1fms median=%.1fms max=%dms lateDelay=%dms "
                        + "cores=%.2f machineBusy=%.0f%% perCpuSec=%.0f %s%s",
                rate(), intervalMs, batches.size(), meanProcessingMs(), medianProcessingMs(), maxProcessingMs(),
                maxLateSchedulingDelayMs(), coresUsed(), machineBusy * 100, recordsPerCpuSecond(), sustained() ? "SUSTAINED" : "NOT-SUSTAINED",
                note == null || note.isEmpty() ? "" : " (" + note + ")");
    }

    static List<BatchStat> copy(List<BatchStat> stats) {
        return new ArrayList<>(stats);
    }
}
