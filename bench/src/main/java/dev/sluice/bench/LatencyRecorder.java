package dev.sluice.bench;

/**
 * Records latencies in nanoseconds into a log-linear histogram and answers percentiles: values below
 * 2,048 ns are kept exactly, larger ones in buckets of 1,024 steps per power of two, so a reported
 * percentile is at most 0.1% above the true one (and never above the maximum, which is kept exactly).
 * A few hundred kilobytes whatever the count, so a 1M records/s run of minutes fits. Thread-safe.
 */
public final class LatencyRecorder {
    /** Steps per power of two above the exact range. */
    private static final int SUB_BITS = 10;
    private static final int SUB = 1 << SUB_BITS;
    private static final int BUCKETS = (64 - SUB_BITS) * SUB + SUB;

    private final long[] counts = new long[BUCKETS];
    private long count;
    private long negative;
    private long min = Long.MAX_VALUE;
    private long max = Long.MIN_VALUE;
    private double sum;

    /**
     * Records one latency. A negative value (an output time before its send time, which a shared
     * clock should make impossible) is counted apart and recorded as 0.
     */
    public synchronized void record(long nanos) {
        if (nanos < 0) {
            negative++;
            nanos = 0;
        }
        counts[index(nanos)]++;
        count++;
        sum += nanos;
        min = Math.min(min, nanos);
        max = Math.max(max, nanos);
    }

    /** Latencies recorded. */
    public synchronized long count() {
        return count;
    }

    /** Latencies that were negative (recorded as 0). */
    public synchronized long negative() {
        return negative;
    }

    /** The largest latency recorded, exactly, or -1 when none was. */
    public synchronized long max() {
        return count == 0 ? -1 : max;
    }

    /** The smallest latency recorded, exactly, or -1 when none was. */
    public synchronized long min() {
        return count == 0 ? -1 : min;
    }

    /** The mean latency, or NaN when none was recorded. */
    public synchronized double mean() {
        return count == 0 ? Double.NaN : sum / count;
    }

    /**
     * The {@code q}-quantile ({@code 0 < q <= 1}; 0.99 is p99): the smallest recorded value such that
     * at least {@code q} of the values are at or below it, rounded up to its bucket's last value (at
     * most 0.1% above), never above the maximum. -1 when nothing was recorded.
     */
    public synchronized long percentile(double q) {
        if (!(q > 0 && q <= 1)) {
            throw new IllegalArgumentException("quantile must be in (0, 1], got " + q);
        }
        if (count == 0) {
            return -1;
        }
        long rank = Math.max(1, (long) Math.ceil(q * count));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(upper(i), max);
            }
        }
        return max;
    }

    /** The bucket of a non-negative value. */
    static int index(long v) {
        int e = 63 - Long.numberOfLeadingZeros(v) - SUB_BITS;
        if (e <= 0) {
            return (int) v;
        }
        return e * SUB + (int) (v >>> e);
    }

    /** The largest value that falls into bucket {@code i}. */
    static long upper(int i) {
        if (i < 2 * SUB) {
            return i;
        }
        int e = i / SUB - 1;
        long m = i - (long) e * SUB;
        return ((m + 1) << e) - 1;
    }
}
