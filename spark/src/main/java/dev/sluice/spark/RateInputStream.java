package dev.sluice.spark;

import org.apache.spark.rdd.RDD;
import org.apache.spark.streaming.StreamingContext;
import org.apache.spark.streaming.Time;
import org.apache.spark.streaming.dstream.InputDStream;
import scala.Option;
import scala.reflect.ClassTag$;

/**
 * {@code rateStream(n)} on Spark: the numbers 0, 1, 2, ... at {@code n} per second, the batch of
 * time {@code t} holding those of {@code (t - interval, t]} since the first batch, computed where
 * the tasks run (nothing is buffered), as on the embedded engine. Its position outlives a restart
 * of Spark's streaming context: the first batch after one continues from the last number of the
 * last batch before it, so the numbers of batch times the restart skipped come in that batch.
 */
final class RateInputStream extends InputDStream<Object> {

    private static final long serialVersionUID = 1L;

    private final long recordsPerSecond;
    private final long intervalMs;
    private final int parallelism;
    /**
     * Shared by the streams of this source across restarts of Spark's streaming context: at
     * {@link #START} the time before the first batch, at {@link #NEXT} the first number not yet in
     * a batch (-1 before the first batch).
     */
    private final java.util.concurrent.atomic.AtomicLongArray position;
    static final int START = 0;
    static final int NEXT = 1;

    RateInputStream(StreamingContext ssc, long recordsPerSecond, long intervalMs, int parallelism,
                    java.util.concurrent.atomic.AtomicLongArray position) {
        super(ssc, ClassTag$.MODULE$.apply(Object.class));
        this.position = position;
        this.recordsPerSecond = recordsPerSecond;
        this.intervalMs = intervalMs;
        this.parallelism = parallelism;
    }

    /** The driver side of one rate source, kept by {@link Translation#sources}: its numbers' position; nothing to release. */
    static final class Position implements AutoCloseable {
        final java.util.concurrent.atomic.AtomicLongArray numbers = new java.util.concurrent.atomic.AtomicLongArray(new long[] {Long.MIN_VALUE, -1});

        @Override
        public void close() {
        }
    }

    @Override
    public void start() {
    }

    @Override
    public void stop() {
    }

    @Override
    public Option<RDD<Object>> compute(Time validTime) {
        long[] range = take(position, validTime.milliseconds(), intervalMs, recordsPerSecond);
        InputInfo.report(this, validTime, range[1] - range[0]);
        return Option.apply(Fns.cast(context().sparkContext().range(range[0], range[1], 1, parallelism)));
    }

    /**
     * The numbers {@code [from, to)} of the batch of {@code time}, moving {@code position} past them:
     * those due by {@code time} since the first batch and not yet in a batch.
     */
    static long[] take(java.util.concurrent.atomic.AtomicLongArray position, long time, long intervalMs, long recordsPerSecond) {
        position.compareAndSet(START, Long.MIN_VALUE, time - intervalMs);
        long to = countAt(position, time, recordsPerSecond);
        long next = position.get(NEXT);
        long from = next >= 0 ? Math.min(next, to) : countAt(position, time - intervalMs, recordsPerSecond);
        position.set(NEXT, to);
        return new long[] {from, to};
    }

    private static long countAt(java.util.concurrent.atomic.AtomicLongArray position, long t, long recordsPerSecond) {
        long elapsed = Math.max(0, t - position.get(START));
        return (long) ((double) elapsed * recordsPerSecond / 1000.0);
    }
}
