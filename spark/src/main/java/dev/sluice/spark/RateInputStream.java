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
 * the tasks run (nothing is buffered), as on the embedded engine.
 */
final class RateInputStream extends InputDStream<Object> {

    private static final long serialVersionUID = 1L;

    private final long recordsPerSecond;
    private final long intervalMs;
    private final int parallelism;
    /** The time before the first batch, shared by the streams of this source across restarts of Spark's streaming context. */
    private final java.util.concurrent.atomic.AtomicLong startTime;

    RateInputStream(StreamingContext ssc, long recordsPerSecond, long intervalMs, int parallelism,
                    java.util.concurrent.atomic.AtomicLong startTime) {
        super(ssc, ClassTag$.MODULE$.apply(Object.class));
        this.startTime = startTime;
        this.recordsPerSecond = recordsPerSecond;
        this.intervalMs = intervalMs;
        this.parallelism = parallelism;
    }

    @Override
    public void start() {
    }

    @Override
    public void stop() {
    }

    @Override
    public Option<RDD<Object>> compute(Time validTime) {
        long time = validTime.milliseconds();
        startTime.compareAndSet(Long.MIN_VALUE, time - intervalMs);
        long from = countAt(time - intervalMs);
        long to = countAt(time);
        InputInfo.report(this, validTime, to - from);
        return Option.apply(Fns.cast(context().sparkContext().range(from, to, 1, parallelism)));
    }

    private long countAt(long t) {
        long elapsed = Math.max(0, t - startTime.get());
        return (long) ((double) elapsed * recordsPerSecond / 1000.0);
    }
}
