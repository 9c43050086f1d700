package dev.sluice.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

import dev.sluice.streaming.BatchInfo;
import dev.sluice.streaming.DStream;
import dev.sluice.streaming.Pair;
import dev.sluice.streaming.PairDStream;
import dev.sluice.streaming.ReduceFunction;
import dev.sluice.streaming.State;
import dev.sluice.streaming.StateSpec;
import dev.sluice.streaming.StreamingContext;
import dev.sluice.streaming.StreamingListener;

/**
 * Sluice with two worker threads ({@code parallelism(2)}), on its embedded engine or, with a master,
 * through a runner ({@code local[2]}: the Spark runner, engine name {@value StreamEngine#SLUICE_ON_SPARK}).
 *
 * <p>Source: {@code ssc.queueStream(queue)} over a queue that the driver keeps a few batches ahead;
 * each queued batch is a read-only view of the shared pool (on Spark the runner's queue source ships
 * each batch as {@code parallelize(batch, 2)}, as {@link SparkEngine} does when it parallelizes).
 * Output: {@code foreachRDD((rdd, time) -> rdd.count())}. Batch reports come from Sluice's own
 * {@code StreamingListener}. Workloads for which Spark demands a checkpoint directory get one here
 * too. Each trial builds a new context (on Spark: a new streaming context over the JVM's one Spark
 * context).
 */
public final class SluiceEngine implements StreamEngine {

    private final String master;

    /** Sluice's embedded engine. */
    public SluiceEngine() {
        this(null);
    }

    /** Sluice through the runner of {@code master} ({@code null}: the embedded engine). */
    public SluiceEngine(String master) {
        this.master = master;
    }

    @Override
    public String name() {
        return master == null ? "sluice" : SLUICE_ON_SPARK;
    }

    @Override
    public Run open(Workload workload, long intervalMs, Consumer<BatchStat> onBatch) throws Exception {
        Path checkpoint = workload.needsCheckpoint() ? Files.createTempDirectory("sluice-bench-ckpt") : null;
        StreamingContext.Builder builder = StreamingContext.builder()
                .batchInterval(Duration.ofMillis(intervalMs))
                .parallelism(2);
        if (master != null) {
            builder.master(master);
        }
        if (checkpoint != null) {
            builder.checkpointDir(checkpoint);
        }
        StreamingContext ssc = builder.build();
        Queue<List<String>> queue = new ConcurrentLinkedQueue<>();
        DStream<String> input = ssc.queueStream(queue);
        pipeline(workload, input, Duration.ofMillis(intervalMs)).foreachRDD((rdd, time) -> {
            rdd.count();
        });
        ssc.addListener(listener(onBatch));
        return new Run() {
            @Override
            public void offer(List<String> batch) {
                queue.add(batch);
            }

            @Override
            public int pending() {
                return queue.size();
            }

            @Override
            public void start() {
                ssc.start();
            }

            @Override
            public void stop() throws Exception {
                ssc.stop();
                if (checkpoint != null) {
                    SparkFreeFiles.deleteTree(checkpoint);
                }
            }
        };
    }

    static DStream<?> pipeline(Workload workload, DStream<String> input, Duration batch) {
        switch (workload) {
            case W1_WORD_COUNT:
                return pairs(input).reduceByKey(sum());
            case W2_WINDOW:
                return pairs(input).reduceByKeyAndWindow(Long::sum, batch.multipliedBy(workload.windowBatches()), batch);
            case W2_WINDOW_INVERSE:
                return pairs(input).reduceByKeyAndWindow(Long::sum, (a, b) -> a - b,
                        batch.multipliedBy(workload.windowBatches()), batch);
            case W3_UPDATE_STATE:
            case W3_LINES_UPDATE_STATE:
                return (workload == Workload.W3_UPDATE_STATE ? keyed(input) : pairs(input))
                        .updateStateByKey((Iterable<Long> values, Optional<Long> state) -> {
                    long sum = state.orElse(0L);
                    for (Long v : values) {
                        sum += v;
                    }
                    return Optional.of(sum);
                });
            case W3_MAP_WITH_STATE:
                return keyed(input).mapWithState(StateSpec.function(
                        (String key, Optional<Long> value, State<Long> state) -> {
                            long sum = (state.exists() ? state.get() : 0L) + value.orElse(0L);
                            state.update(sum);
                            return sum;
                        }));
            default:
                throw new IllegalArgumentException(workload.toString());
        }
    }

    /**
     * W1's reduce function as the system property {@code bench.reduce} asks: {@code methodref}
     * (default, {@code Long::sum}), {@code lambda} ({@code (a, b) -> a + b}) or {@code static} (a
     * static method of this class, as a user would write one).
     */
    static ReduceFunction<Long> sum() {
        return switch (System.getProperty("bench.reduce", "methodref")) {
            case "methodref" -> Long::sum;
            case "lambda" -> (a, b) -> a + b;
            case "static" -> SluiceEngine::add;
            default -> throw new IllegalArgumentException("bench.reduce: methodref, lambda or static");
        };
    }

    /** A user's own sum, for {@link #sum}. */
    static Long add(Long a, Long b) {
        return a + b;
    }

    static PairDStream<String, Long> pairs(DStream<String> lines) {
        return lines.flatMap(line -> Arrays.asList(line.split(" "))).mapToPair(word -> Pair.of(word, 1L));
    }

    static PairDStream<String, Long> keyed(DStream<String> keys) {
        return keys.mapToPair(key -> Pair.of(key, 1L));
    }

    static StreamingListener listener(Consumer<BatchStat> onBatch) {
        return new StreamingListener() {
            @Override
            public void onBatchCompleted(BatchInfo info) {
                onBatch.accept(new BatchStat(info.batchTime().milliseconds(),
                        info.schedulingDelay().map(Duration::toMillis).orElse(-1L),
                        info.processingDelay().map(Duration::toMillis).orElse(-1L),
                        System.currentTimeMillis()));
            }
        };
    }
}
