package dev.sluice.spark;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Queue;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rdd.RDD;
import org.apache.spark.streaming.StreamingContext;
import org.apache.spark.streaming.Time;
import org.apache.spark.streaming.dstream.InputDStream;
import scala.Option;
import scala.reflect.ClassTag$;

/**
 * {@code queueStream} on Spark, read on the driver at every batch as the embedded engine reads it:
 * the lists queued so far (one, with {@code oneAtATime}) in one dataset, or the default dataset when
 * the queue is empty. Lists added while the context runs are seen (Spark's own {@code queueStream}
 * copies the queue when the stream is made).
 */
final class QueueInputStream extends InputDStream<Object> {

    private static final long serialVersionUID = 1L;

    private final transient Queue<? extends Collection<Object>> queue;
    private final boolean oneAtATime;
    private final transient JavaRDD<Object> defaultRdd;
    private final int parallelism;

    QueueInputStream(StreamingContext ssc, Queue<? extends Collection<Object>> queue, boolean oneAtATime,
                     JavaRDD<Object> defaultRdd, int parallelism) {
        super(ssc, ClassTag$.MODULE$.apply(Object.class));
        this.queue = queue;
        this.oneAtATime = oneAtATime;
        this.defaultRdd = defaultRdd;
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
        List<Object> records = new ArrayList<>();
        int taken = 0;
        synchronized (queue) {
            Collection<Object> next;
            while ((!oneAtATime || taken == 0) && (next = queue.poll()) != null) {
                records.addAll(next);
                taken++;
            }
        }
        if (taken == 0 && defaultRdd != null) {
            return Option.apply(defaultRdd.rdd());
        }
        InputInfo.report(this, validTime, records.size());
        int slices = (int) Math.max(1, Math.min(parallelism, records.size()));
        return Option.apply(new JavaSparkContext(context().sparkContext()).parallelize(records, slices).rdd());
    }
}
