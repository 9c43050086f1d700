package dev.sluice.bench.jmh;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import dev.sluice.bench.Data;
import dev.sluice.streaming.DStream;
import dev.sluice.streaming.ManualClock;
import dev.sluice.streaming.Pair;
import dev.sluice.streaming.PairDStream;
import dev.sluice.streaming.StreamingContext;
import dev.sluice.streaming.Time;

/**
 * One batch through the whole streaming layer on a manual clock: queue source, flatMap, mapToPair,
 * then per {@code op}: {@code reduceByKey} (W1), {@code window} (reduceByKeyAndWindow 10 batches
 * sliding 1, W2, so the difference to W1 is the window merge), {@code windowInverse} (the incremental
 * form) or {@code state} (updateStateByKey over 100,000 keys, W3), and {@code foreachRDD(count)}.
 * One invocation queues one batch, advances the clock one interval and waits for that batch.
 * {@code lines = 100} is W4's near-empty batch: the engine's fixed cost per batch.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class StreamBatchBench {

    @Param({"100", "50000"})
    public int lines;

    @Param({"reduceByKey", "window", "windowInverse", "state"})
    public String op;

    private ManualClock clock;
    private StreamingContext ssc;
    private Queue<List<String>> queue;
    private Data data;
    private long batch;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        clock = new ManualClock();
        ssc = StreamingContext.builder().batchInterval(Duration.ofSeconds(1)).parallelism(2).clock(clock).build();
        queue = new ConcurrentLinkedQueue<>();
        data = Data.named(op.equals("state") ? "keys" : "lines");
        DStream<String> input = ssc.queueStream(queue);
        Duration one = Duration.ofSeconds(1);
        Duration ten = Duration.ofSeconds(10);
        DStream<?> result;
        if (op.equals("state")) {
            result = input.mapToPair(k -> Pair.of(k, 1L)).updateStateByKey(
                    (Iterable<Long> values, java.util.Optional<Long> state) -> {
                        long sum = state.orElse(0L);
                        for (Long v : values) {
                            sum += v;
                        }
                        return java.util.Optional.of(sum);
                    });
        } else {
            PairDStream<String, Long> pairs = input.flatMap(l -> java.util.Arrays.asList(l.split(" ")))
                    .mapToPair(w -> Pair.of(w, 1L));
            result = switch (op) {
                case "reduceByKey" -> pairs.reduceByKey(Long::sum);
                case "window" -> pairs.reduceByKeyAndWindow(Long::sum, ten, one);
                case "windowInverse" -> pairs.reduceByKeyAndWindow(Long::sum, (a, b) -> a - b, ten, one);
                default -> throw new IllegalArgumentException(op);
            };
        }
        result.foreachRDD((rdd, time) -> {
            rdd.count();
        });
        ssc.start();
        for (int i = 0; i < 12; i++) {
            step();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        ssc.stop();
    }

    @Benchmark
    public boolean step() throws Exception {
        queue.add(data.batch(batch++, lines));
        clock.advance(Duration.ofSeconds(1));
        boolean done = ssc.awaitBatch(new Time(clock.millis()), Duration.ofSeconds(60));
        if (!done) {
            throw new IllegalStateException("batch " + clock.millis() + " did not complete");
        }
        return done;
    }
}
