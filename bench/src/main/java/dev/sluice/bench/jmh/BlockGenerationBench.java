package dev.sluice.bench.jmh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

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
import dev.sluice.bench.SparkFreeFiles;
import dev.sluice.streaming.DStream;
import dev.sluice.streaming.ManualClock;
import dev.sluice.streaming.Receiver;
import dev.sluice.streaming.StreamingContext;
import dev.sluice.streaming.Time;

/**
 * Block generation: {@code lines} W1 lines taken in through a receiver and cut into blocks, then the
 * batch that holds them, on a manual clock with 200 ms blocks in 1 s batches. One invocation feeds
 * one batch in five slices, advancing the clock one block interval after each, and waits for the
 * batch; its only output counts the batch's records, and the invocation fails if any is missing.
 * Per {@code source}:
 * <ul>
 * <li>{@code queue}: the same lines from a queue stream, no receiver: the batch's own cost, to
 * subtract from the others.
 * <li>{@code store}: {@code store(record)} one line at a time, as an unreliable receiver does (rate
 * limiter, size estimate, memory budget, block buffer); the block generator cuts the buffer every
 * block interval and at the batch boundary.
 * <li>{@code storeList}: {@code store(List)} with each slice as one block, as a reliable receiver
 * does, with no checkpoint directory.
 * <li>{@code storeListLogged}: the same with a checkpoint directory, so each block is in the
 * write-ahead log (synced to the device, the default) before {@code store} returns.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class BlockGenerationBench {

    private static final int BLOCKS_PER_BATCH = 5;
    private static final Duration BLOCK = Duration.ofMillis(200);

    @Param({"50000"})
    public int lines;

    @Param({"queue", "store", "storeList", "storeListLogged"})
    public String source;

    private ManualClock clock;
    private StreamingContext ssc;
    private Queue<List<String>> queue;
    private Feed feed;
    private Path checkpoint;
    private Data data;
    private long batch;
    private final AtomicLong counted = new AtomicLong();

    /** A receiver whose records the benchmark thread stores; it reads no source of its own. */
    static final class Feed extends Receiver<String> {
        final CountDownLatch started = new CountDownLatch(1);

        @Override
        public void onStart() {
            started.countDown();
        }

        @Override
        public void onStop() {
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        clock = new ManualClock();
        StreamingContext.Builder builder = StreamingContext.builder().batchInterval(Duration.ofSeconds(1))
                .blockInterval(BLOCK).parallelism(2).clock(clock);
        if (source.equals("storeListLogged")) {
            checkpoint = Files.createTempDirectory("sluice-jmh-wal");
            builder.checkpointDir(checkpoint);
        }
        ssc = builder.build();
        data = Data.named("lines");
        DStream<String> input;
        if (source.equals("queue")) {
            queue = new ConcurrentLinkedQueue<>();
            input = ssc.queueStream(queue);
        } else {
            feed = new Feed();
            input = ssc.receiverStream(feed);
        }
        AtomicLong counter = counted;
        input.foreachRDD((rdd, time) -> {
            counter.set(rdd.count());
        });
        ssc.start();
        if (feed != null && !feed.started.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the receiver did not start within 60 s");
        }
        for (int i = 0; i < 12; i++) {
            step();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        ssc.stop();
        if (checkpoint != null) {
            SparkFreeFiles.deleteTree(checkpoint);
        }
    }

    @Benchmark
    public long step() throws Exception {
        List<String> records = data.batch(batch++, lines);
        if (queue != null) {
            queue.add(records);
        }
        int slice = (records.size() + BLOCKS_PER_BATCH - 1) / BLOCKS_PER_BATCH;
        for (int b = 0; b < BLOCKS_PER_BATCH; b++) {
            List<String> part = records.subList(Math.min(b * slice, records.size()),
                    Math.min((b + 1) * slice, records.size()));
            switch (source) {
                case "queue" -> { }
                case "store" -> part.forEach(feed::store);
                case "storeList", "storeListLogged" -> feed.store(part);
                default -> throw new IllegalArgumentException("unknown source " + source);
            }
            clock.advance(BLOCK);
        }
        if (!ssc.awaitBatch(new Time(clock.millis()), Duration.ofSeconds(60))) {
            throw new IllegalStateException("batch " + clock.millis() + " did not complete");
        }
        long n = counted.get();
        if (n != records.size()) {
            throw new IllegalStateException("batch " + clock.millis() + " counted " + n + " records, not " + records.size());
        }
        return n;
    }
}
