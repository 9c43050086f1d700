package dev.sluice.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.api.java.Optional;
import org.apache.spark.rdd.RDD;
import org.apache.spark.streaming.Duration;
import org.apache.spark.streaming.Durations;
import org.apache.spark.streaming.State;
import org.apache.spark.streaming.StateSpec;
import org.apache.spark.streaming.api.java.JavaDStream;
import org.apache.spark.streaming.api.java.JavaPairDStream;
import org.apache.spark.streaming.api.java.JavaStreamingContext;
import org.apache.spark.streaming.dstream.InputDStream;
import org.apache.spark.streaming.scheduler.BatchInfo;
import org.apache.spark.streaming.scheduler.StreamingListener;
import org.apache.spark.streaming.scheduler.StreamingListenerBatchCompleted;

import scala.Tuple2;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * Apache Spark Streaming 4.1 in local mode with two task threads ({@code local[2]}).
 *
 * <p>Source: Spark's {@code queueStream} (one RDD per batch, {@code oneAtATime = true}) over a Scala
 * queue that the driver keeps a few batches ahead; each batch is an RDD of two partitions over a slice
 * of the shared pool, either read in place by its tasks or shipped with {@code sc.parallelize} (see
 * {@link #batchRdd}). Output: {@code foreachRDD(rdd -> rdd.count())}. Batch reports come from Spark's
 * own {@code StreamingListener} (its scheduling and processing delays). One SparkContext serves all
 * trials of a JVM; each trial gets a new StreamingContext, stopped without stopping the SparkContext.
 */
public final class SparkEngine implements StreamEngine {
    private static final ClassTag<String> STRING = ClassTag$.MODULE$.apply(String.class);

    private final JavaSparkContext sc;
    private final boolean parallelize;

    /** An engine whose batches are read in place by their tasks. */
    public SparkEngine(boolean ui) {
        this(ui, false);
    }

    /**
     * An engine with its web UI on or off; {@code parallelize} ships every batch with {@code
     * sc.parallelize} instead of reading it in place.
     */
    public SparkEngine(boolean ui, boolean parallelize) {
        this.parallelize = parallelize;
        SparkConf conf = new SparkConf()
                .setMaster("local[2]")
                .setAppName("sluice-bench")
                .set("spark.ui.enabled", Boolean.toString(ui))
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1");
        sc = new JavaSparkContext(conf);
        sc.setLogLevel("WARN");
    }

    @Override
    public String name() {
        return parallelize ? SPARK_PARALLELIZE : "spark";
    }

    public JavaSparkContext sparkContext() {
        return sc;
    }

    @Override
    public Run open(Workload workload, long intervalMs, Consumer<BatchStat> onBatch) throws Exception {
        JavaStreamingContext ssc = new JavaStreamingContext(sc, Durations.milliseconds(intervalMs));
        Path checkpoint = null;
        if (workload.needsCheckpoint()) {
            checkpoint = Files.createTempDirectory("spark-bench-ckpt");
            ssc.checkpoint(checkpoint.toString());
        }
        scala.collection.mutable.Queue<RDD<String>> queue = new scala.collection.mutable.Queue<>(16);
        JavaDStream<String> input = input(ssc, queue);
        pipeline(workload, input, Durations.milliseconds(intervalMs)).foreachRDD(rdd -> {
            rdd.count();
        });
        ssc.addStreamingListener(listener(onBatch));
        Path dir = checkpoint;
        return new Run() {
            @Override
            public void offer(List<String> batch) {
                RDD<String> rdd = batchRdd(batch);
                synchronized (queue) {
                    queue.addOne(rdd);
                }
            }

            @Override
            public int pending() {
                synchronized (queue) {
                    return queue.size();
                }
            }

            @Override
            public void start() {
                ssc.start();
            }

            @Override
            public void stop() throws IOException {
                ssc.stop(false, false);
                if (dir != null) {
                    SparkFreeFiles.deleteTree(dir);
                }
            }
        };
    }

    /**
     * The RDD of one batch, in two partitions. Unless {@code parallelize} is set, its tasks read their
     * half of the batch straight from this JVM's pool (as Sluice's tasks read the queued lists in
     * place), so Spark does not pay for shipping the records inside serialized tasks. With it, the
     * batch is plain {@code sc.parallelize(batch, 2)}, the way a Spark program feeds a queue stream
     * from a list: every task carries its half of the records, serialized with the task and read back
     * on the task thread.
     */
    RDD<String> batchRdd(List<String> batch) {
        if (parallelize || !(batch instanceof Data.Slice slice)) {
            return sc.parallelize(batch, 2).rdd();
        }
        String pool = slice.data().name();
        int offset = slice.offset();
        int size = slice.size();
        return sc.parallelize(Arrays.asList(0, 1), 2).mapPartitions(part -> {
            int p = part.next();
            int from = p == 0 ? 0 : size / 2;
            int to = p == 0 ? size / 2 : size;
            return Data.named(pool).slice(offset + from, to - from).iterator();
        }, true).rdd();
    }

    /** A queue stream that keeps reading the Scala queue the driver appends to. */
    static JavaDStream<String> input(JavaStreamingContext ssc, scala.collection.mutable.Queue<RDD<String>> queue) {
        // JavaStreamingContext.queueStream copies a java.util.Queue once, so later batches would be
        // lost; the Scala method reads the live queue under its monitor.
        InputDStream<String> in = ssc.ssc().queueStream(queue, true, STRING);
        return new JavaDStream<>(in, STRING);
    }

    /** The workload's transformations; the caller adds the output. */
    static JavaDStream<?> pipeline(Workload workload, JavaDStream<String> input, Duration batch) {
        switch (workload) {
            case W1_WORD_COUNT:
                return pairs(input).reduceByKey(sum()).toJavaDStream();
            case W2_WINDOW:
                return pairs(input).reduceByKeyAndWindow(Long::sum, batch.times(workload.windowBatches()), batch)
                        .toJavaDStream();
            case W2_WINDOW_INVERSE:
                return pairs(input).reduceByKeyAndWindow(Long::sum, (a, b) -> a - b,
                        batch.times(workload.windowBatches()), batch).toJavaDStream();
            case W3_UPDATE_STATE:
            case W3_LINES_UPDATE_STATE:
                return (workload == Workload.W3_UPDATE_STATE ? keyed(input) : pairs(input))
                        .updateStateByKey((List<Long> values, Optional<Long> state) -> {
                    long sum = state.isPresent() ? state.get() : 0L;
                    for (Long v : values) {
                        sum += v;
                    }
                    return Optional.of(sum);
                }).toJavaDStream();
            case W3_MAP_WITH_STATE:
                return keyed(input).mapWithState(StateSpec.function(
                        (String key, Optional<Long> value, State<Long> state) -> {
                            long sum = (state.exists() ? state.get() : 0L) + (value.isPresent() ? value.get() : 0L);
                            state.update(sum);
                            return sum;
                        }));
            default:
                throw new IllegalArgumentException(workload.toString());
        }
    }

    /** W1's reduce function as the system property {@code bench.reduce} asks (see {@code SluiceEngine.sum}). */
    static Function2<Long, Long, Long> sum() {
        return switch (System.getProperty("bench.reduce", "methodref")) {
            case "methodref" -> Long::sum;
            case "lambda" -> (a, b) -> a + b;
            case "static" -> SparkEngine::add;
            default -> throw new IllegalArgumentException("bench.reduce: methodref, lambda or static");
        };
    }

    /** A user's own sum, for {@link #sum}. */
    static Long add(Long a, Long b) {
        return a + b;
    }

    static JavaPairDStream<String, Long> pairs(JavaDStream<String> lines) {
        return lines.flatMap(line -> Arrays.asList(line.split(" ")).iterator())
                .mapToPair(word -> new Tuple2<>(word, 1L));
    }

    static JavaPairDStream<String, Long> keyed(JavaDStream<String> keys) {
        return keys.mapToPair(key -> new Tuple2<>(key, 1L));
    }

    static StreamingListener listener(Consumer<BatchStat> onBatch) {
        return new StreamingListener() {
            @Override
            public void onBatchCompleted(StreamingListenerBatchCompleted completed) {
                BatchInfo info = completed.batchInfo();
                onBatch.accept(new BatchStat(info.batchTime().milliseconds(),
                        millis(info.schedulingDelay()), millis(info.processingDelay()),
                        System.currentTimeMillis()));
            }
        };
    }

    private static long millis(scala.Option<Object> value) {
        return value.isDefined() ? ((Number) value.get()).longValue() : -1;
    }

    @Override
    public void close() {
        sc.stop();
    }
}
