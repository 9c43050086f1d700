package dev.sluice.bench;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.Optional;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.streaming.Duration;
import org.apache.spark.streaming.Durations;
import org.apache.spark.streaming.State;
import org.apache.spark.streaming.StateSpec;
import org.apache.spark.streaming.api.java.JavaDStream;
import org.apache.spark.streaming.api.java.JavaPairDStream;
import org.apache.spark.streaming.api.java.JavaStreamingContext;
import org.apache.spark.streaming.scheduler.BatchInfo;
import org.apache.spark.streaming.scheduler.StreamingListener;
import org.apache.spark.streaming.scheduler.StreamingListenerBatchCompleted;

import scala.Tuple2;

/**
 * W7 on Apache Spark Streaming 4.1 in local mode with three task threads ({@code local[3]}): the
 * socket receiver holds one for as long as it runs, which leaves two for the batches, as Sluice's two
 * workers beside its receiver thread. {@code socketTextStream} with {@code MEMORY_ONLY} (no
 * serialization, no replica); {@code spark.streaming.blockInterval} a fifth of the batch interval
 * (Spark cuts blocks on its own timer only, so a line waits up to a block interval before its batch
 * can take it; smaller blocks mean more tasks per batch). Web UI off. Batch reports from Spark's
 * {@code StreamingListener}.
 */
public final class LatencySpark implements LatencyEngine {

    static long blockIntervalMs(long intervalMs) {
        return Math.max(1, intervalMs / 5);
    }

    @Override
    public String setup(long intervalMicros, LatencySource source) {
        long intervalMs = intervalMicros / 1000;
        return "local[3] (receiver + 2 task threads), socketTextStream MEMORY_ONLY, blockInterval "
                + blockIntervalMs(intervalMs) + " ms; " + source.describe();
    }

    @Override
    public AutoCloseable start(LatencyCase c, long intervalMicros, LatencySource source, LatencySink sink) throws Exception {
        if (intervalMicros % 1000 != 0) {
            throw new IllegalArgumentException("Spark's batch intervals are whole milliseconds, not " + LatencyBench.millis(intervalMicros) + " ms");
        }
        long intervalMs = intervalMicros / 1000;
        if (source.isKafka()) {
            throw new UnsupportedOperationException("Spark is " + LatencySource.SPARK_NOT_THROUGH_KAFKA);
        }
        int port = source.port();
        SparkConf conf = new SparkConf()
                .setMaster("local[3]")
                .setAppName("sluice-bench-w7")
                .set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.streaming.blockInterval", blockIntervalMs(intervalMs) + "ms");
        JavaSparkContext sc = new JavaSparkContext(conf);
        sc.setLogLevel("WARN");
        JavaStreamingContext ssc = new JavaStreamingContext(sc, Durations.milliseconds(intervalMs));
        Path checkpoint = c.needsCheckpoint() ? Files.createTempDirectory("spark-w7-ckpt") : null;
        if (checkpoint != null) {
            ssc.checkpoint(checkpoint.toString());
        }
        JavaDStream<String> lines = ssc.socketTextStream("127.0.0.1", port, StorageLevel.MEMORY_ONLY());
        pipeline(c, lines, Durations.milliseconds(intervalMs)).foreachRDD(rdd -> {
            LatencySink.output(rdd.collect());
        });
        ssc.addStreamingListener(new StreamingListener() {
            @Override
            public void onBatchCompleted(StreamingListenerBatchCompleted completed) {
                BatchInfo info = completed.batchInfo();
                sink.batch(info.batchTime().milliseconds(), millis(info.schedulingDelay()) * 1_000_000,
                        Math.max(0, millis(info.processingDelay())) * 1_000_000);
            }
        });
        ssc.start();
        return () -> {
            ssc.stop(true, false);
            if (checkpoint != null) {
                SparkFreeFiles.deleteTree(checkpoint);
            }
        };
    }

    static JavaDStream<Long> pipeline(LatencyCase c, JavaDStream<String> lines, Duration interval) {
        switch (c) {
            case STATELESS:
                return lines.filter(line -> LatencyCase.kept(LatencyCase.seq(line))).map(LatencyCase::stamp);
            case WINDOW: {
                JavaPairDStream<String, Long> stamped = stamped(lines);
                JavaPairDStream<String, Long> counts = stamped.mapValues(stamp -> 1L)
                        .reduceByKeyAndWindow(Long::sum, (a, b) -> a - b, Durations.milliseconds(LatencyCase.WINDOW_MS), interval);
                return stamped.join(counts).map(t -> t._2()._2() >= 1 ? t._2()._1() : LatencySink.INVALID);
            }
            case STATE:
                return stamped(lines).mapWithState(StateSpec.function(
                        (String key, Optional<Long> stamp, State<Long> state) -> {
                            state.update((state.exists() ? state.get() : 0L) + 1);
                            return stamp.isPresent() ? stamp.get() : LatencySink.INVALID;
                        }));
            default:
                throw new IllegalArgumentException(c.toString());
        }
    }

    private static JavaPairDStream<String, Long> stamped(JavaDStream<String> lines) {
        return lines.mapToPair(line -> new Tuple2<>(LatencyCase.key(line), LatencyCase.stamp(line)));
    }

    private static long millis(scala.Option<Object> value) {
        return value.isDefined() ? ((Number) value.get()).longValue() : -1;
    }
}
