package dev.sluice.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batch intervals below a millisecond: batch times, windows, state, receivers' blocks and
 * checkpoints keep microseconds, and the results are those of the same batches at whole
 * intervals (the expected windows are {@link WindowOperationsTest}'s, at 0.5 ms instead of 1 s).
 */
class SubMillisecondBatchesTest {

    private static final Duration HALF_MS = Duration.ofNanos(500_000);
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;


    private static StreamingContext context(ManualClock clock) {
        return StreamingContext.builder().batchInterval(HALF_MS).parallelism(2).clock(clock).build();
    }

    @SafeVarargs
    private static <T> Queue<List<T>> queue(List<T>... batches) {
        return new ConcurrentLinkedQueue<>(List.of(batches));
    }

    /** Advances {@code clock} one 0.5 ms batch at a time, waiting for each, and returns the batch times. */
    private static List<Time> run(StreamingContext ssc, ManualClock clock, int n) throws InterruptedException {
        List<Time> times = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            clock.advance(HALF_MS);
            Time t = Time.ofMicros(clock.micros());
            assertTrue(ssc.awaitBatch(t, WAIT), "batch " + t);
            times.add(t);
        }
        return times;
    }

    @Test
    void batchesComeEveryHalfMillisecondWithTheirOwnTimes() throws Exception {
        ManualClock clock = new ManualClock();
        try (StreamingContext ssc = context(clock)) {
            List<Time> seen = Collections.synchronizedList(new ArrayList<>());
            ssc.queueStream(queue(List.of(1))).foreachRDD((rdd, time) -> seen.add(time));
            ssc.start();
            List<Time> ran = run(ssc, clock, 4);
            assertEquals(List.of(Time.ofMicros(500), Time.ofMicros(1_000), Time.ofMicros(1_500), Time.ofMicros(2_000)), ran);
            assertEquals(ran, seen);
            assertEquals("1.5 ms", seen.get(2).toString());
            assertEquals(1, seen.get(2).milliseconds());
            assertEquals(Optional.of(Time.ofMicros(2_000)), ssc.lastCompletedBatch());
            assertEquals(HALF_MS, ssc.queueStream(queue()).slideDuration());
        }
    }

    @Test
    void windowsAndIncrementalWindowsCoverTheirBatches() throws Exception {
        ManualClock clock = new ManualClock();
        try (StreamingContext ssc = context(clock)) {
            DStream<Integer> in = ssc.queueStream(queue(List.of(1), List.of(2), List.of(3), List.of(4), List.of(), List.of(6)));
            Map<Long, List<Integer>> windows = Collections.synchronizedMap(new TreeMap<>());
            in.window(Duration.ofNanos(1_500_000), HALF_MS).foreachRDD((rdd, t) -> {
                List<Integer> l = new ArrayList<>(rdd.collect());
                Collections.sort(l);
                windows.put(t.microseconds(), l);
            });
            Map<Long, List<String>> sums = Collections.synchronizedMap(new TreeMap<>());
            in.mapToPair(x -> Pair.of(x % 2 == 0 ? "even" : "odd", x))
                    .reduceByKeyAndWindow(Integer::sum, (a, b) -> a - b, Duration.ofMillis(1), HALF_MS)
                    .foreachRDD((rdd, t) -> {
                        List<String> l = new ArrayList<>(rdd.map(String::valueOf).collect());
                        Collections.sort(l);
                        sums.put(t.microseconds(), l);
                    });
            ssc.start();
            run(ssc, clock, 9);
            assertEquals(List.of(List.of(1), List.of(1, 2), List.of(1, 2, 3), List.of(2, 3, 4), List.of(3, 4), List.of(4, 6),
                    List.of(6), List.of(6), List.of()), new ArrayList<>(windows.values()));
            assertEquals(List.of(List.of("(odd,1)"), List.of("(even,2)", "(odd,1)"), List.of("(even,2)", "(odd,3)"),
                    List.of("(even,4)", "(odd,3)"), List.of("(even,4)", "(odd,0)"), List.of("(even,6)", "(odd,0)"),
                    List.of("(even,6)", "(odd,0)"), List.of("(even,0)", "(odd,0)"), List.of("(even,0)", "(odd,0)")),
                    new ArrayList<>(sums.values()));
            assertEquals(List.of(500L, 1_000L, 1_500L, 2_000L, 2_500L, 3_000L, 3_500L, 4_000L, 4_500L), new ArrayList<>(sums.keySet()));
        }
    }

    @Test
    void aWindowThatIsNotAMultipleOfTheIntervalIsRefusedInItsUnits() {
        try (StreamingContext ssc = context(new ManualClock())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ssc.queueStream(queue()).window(Duration.ofNanos(1_200_000), HALF_MS));
            assertEquals("window length 1.2ms is not a multiple of the batch interval 0.5ms; use 1ms or 1.5ms", e.getMessage());
        }
        IllegalArgumentException tooShort = assertThrows(IllegalArgumentException.class,
                () -> StreamingContext.builder().batchInterval(Duration.ofNanos(50_000)));
        assertEquals("batch interval must be at least 0.1 ms, got 0.05ms", tooShort.getMessage());
        IllegalArgumentException nanos = assertThrows(IllegalArgumentException.class,
                () -> StreamingContext.builder().batchInterval(Duration.ofNanos(500_500)));
        assertEquals("batch interval must be a whole number of microseconds, got 500500 ns", nanos.getMessage());
    }

    @Test
    void aReceiversRecordsAreInTheBatchWhoseBoundaryFollowsThem() throws Exception {
        ManualClock clock = new ManualClock();
        ManualReceiver receiver = new ManualReceiver();
        try (StreamingContext ssc = StreamingContext.builder().batchInterval(HALF_MS).blockInterval(HALF_MS).clock(clock).build()) {
            Map<Long, List<String>> out = Collections.synchronizedMap(new TreeMap<>());
            ssc.receiverStream(receiver).foreachRDD((rdd, t) -> out.put(t.microseconds(), rdd.collect()));
            ssc.start();
            receiver.awaitStarted();
            receiver.store(List.of("a", "b"));
            run(ssc, clock, 1);
            receiver.store(List.of("c"));
            run(ssc, clock, 2);
            assertEquals(List.of("a", "b"), out.get(500L));
            assertEquals(List.of("c"), out.get(1_000L));
            assertEquals(List.of(), out.get(1_500L));
        }
    }

    private static StreamingContext counts(ManualClock clock, ManualReceiver receiver, List<String> seen, Path ckpt) {
        StreamingContext c = StreamingContext.builder().batchInterval(HALF_MS).clock(clock).checkpointInterval(HALF_MS)
                .checkpointDir(ckpt).build();
        c.receiverStream(receiver).mapToPair(w -> Pair.of(w, 1L))
                .updateStateByKey(ManualReceiver::count).name("counts")
                .foreachRDD(rdd -> seen.addAll(rdd.map(String::valueOf).collect()));
        return c;
    }

    @Test
    void stateIsCheckpointedAndRecoveredAtMicrosecondBatchTimes() throws Exception {
        ManualClock clock = new ManualClock();
        ManualReceiver r1 = new ManualReceiver();
        List<String> first = Collections.synchronizedList(new ArrayList<>());
        StreamingContext a = counts(clock, r1, first, dir);
        a.start();
        r1.awaitStarted();
        r1.store(List.of("x", "x"));
        run(a, clock, 1);
        r1.store(List.of("x", "y"));
        run(a, clock, 1);
        a.stop();
        assertEquals(List.of("(x,2)", "(x,3)", "(y,1)"), first.stream().sorted().toList());

        ManualClock clock2 = new ManualClock(1);    // 1 ms: the next batch is 1.5 ms
        ManualReceiver r2 = new ManualReceiver();
        List<String> second = Collections.synchronizedList(new ArrayList<>());
        StreamingContext b = StreamingContext.getOrCreate(dir, () -> counts(clock2, r2, second, dir));
        assertTrue(b.recoversFromCheckpoint());
        b.start();
        try {
            r2.awaitStarted();
            r2.store(List.of("y"));
            clock2.advance(HALF_MS);
            assertTrue(b.awaitBatch(Time.ofMicros(1_500), WAIT));
            assertEquals(List.of("(x,3)", "(y,2)"), second.stream().sorted().toList());
        } finally {
            b.stop();
        }
    }
}
