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
    private long startTime = Long.MIN_VALUE;

    RateInputStream(StreamingContext ssc, long recordsPerSecond, long intervalMs, int parallelism) {
        super(ssc, ClassTag$.MODULE$.apply(Object.class));
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
        if (startTime == Long.MIN_VALUE) {
            startTime = time - intervalMs;
        }
        long from = countAt(time - intervalMs);
        long to = countAt(time);
        InputInfo.report(this, validTime, to - from);
        return Option.apply(Fns.cast(context().sparkContext().range(from, to, 1, parallelism)));
    }

    private long countAt(long t) {
        long elapsed = Math.max(0, t - startTime);
        return (long) ((double) elapsed * recordsPerSecond / 1000.0);
    }
}
