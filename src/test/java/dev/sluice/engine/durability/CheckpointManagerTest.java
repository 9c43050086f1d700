package dev.sluice.engine.durability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.streaming.DStream;
import dev.sluice.streaming.ManualClock;
import dev.sluice.streaming.Pair;
import dev.sluice.streaming.PairDStream;
import dev.sluice.streaming.State;
import dev.sluice.streaming.StateSpec;
import dev.sluice.streaming.StreamingContext;
import dev.sluice.streaming.StreamingError;
import dev.sluice.streaming.Time;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints and recovery on a manual clock: a context is stopped abruptly, a second one is built
 * by a setup function (with different lambdas) and continues with the state of updateStateByKey,
 * mapWithState and an incremental window, the received but unprocessed input, and the batches after
 * the checkpoint run again.
 */
class CheckpointManagerTest {

    static final Duration SEC = Duration.ofSeconds(1);
    static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    static final class Manual extends dev.sluice.streaming.ManualReceiver {
    }

    /** Outputs of one run, by stream and batch time, as sorted strings. */
    static final class Run {
        final StreamingContext ssc;
        final ManualClock clock;
        final Manual receiver = new Manual();
        final Map<String, Map<Long, List<String>>> out = Collections.synchronizedMap(new TreeMap<>());

        Run(Path dir, ManualClock clock, boolean secondVersion) {
            this.clock = clock;
            this.ssc = StreamingContext.builder().batchInterval(SEC).parallelism(2).clock(clock).checkpointDir(dir)
                    .checkpointInterval(SEC).build();
            DStream<String> in = ssc.receiverStream(receiver);
            PairDStream<String, Long> ones = in.mapToPair(w -> Pair.of(w, 1L));
            PairDStream<String, Long> totals = secondVersion
                    ? ones.updateStateByKey((Iterable<Long> vs, Optional<Long> s) -> {
                        long n = s.isPresent() ? s.get() : 0;
                        for (Long v : vs) {
                            n = n + v;
                        }
                        return Optional.of(n);
                    })
                    : ones.updateStateByKey((Iterable<Long> vs, Optional<Long> s) -> {
                        long n = s.orElse(0L);
                        for (long v : vs) {
                            n += v;
                        }
                        return Optional.of(n);
                    });
            collect("totals", totals);
            collect("seen", ones.mapWithState(StateSpec.function((String k, Optional<Long> v, State<Integer> st) -> {
                int n = st.getOption().orElse(0) + 1;
                st.update(n);
                return k + "#" + n;
            })).name("seen"));
            collect("window", ones.reduceByKeyAndWindow(Long::sum, (a, b) -> a - b, Duration.ofSeconds(3), SEC));
        }

        void collect(String name, DStream<?> s) {
            s.foreachRDD((rdd, t) -> {
                List<String> items = new ArrayList<>();
                for (Object o : rdd.collect()) {
                    items.add(String.valueOf(o));
                }
                Collections.sort(items);
                out.computeIfAbsent(name, k -> Collections.synchronizedMap(new TreeMap<>())).put(t.milliseconds(), items);
            });
        }

        void step() throws InterruptedException {
            clock.advance(SEC);
            assertTrue(ssc.awaitBatch(new Time(clock.millis()), WAIT), "batch " + clock.millis());
        }

        List<String> at(String name, long t) {
            return out.getOrDefault(name, Map.of()).get(t);
        }
    }

    private List<Path> checkpoints() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("checkpoint-")).sorted().toList();
        }
    }

    private Run firstRun() throws Exception {
        Run a = new Run(dir, new ManualClock(), false);
        a.ssc.start();
        a.receiver.awaitStarted();
        a.receiver.store(List.of("a", "b"));
        a.step();
        a.receiver.store(List.of("a"));
        a.step();
        a.receiver.store(List.of("c"));     // stored, never processed: the context dies first
        a.ssc.stop();
        assertEquals(List.of("(a,2)", "(b,1)"), a.at("totals", 2000));
        assertEquals(List.of("a#2"), a.at("seen", 2000));
        assertEquals(List.of("(a,2)", "(b,1)"), a.at("window", 2000));
        return a;
    }

    private Run recover(long clockAt) throws Exception {
        return recover(clockAt, new ArrayList<>());
    }

    /** Recovers, recording every onError message in {@code errors} (from before the start on). */
    private Run recover(long clockAt, List<String> errors) throws Exception {
        ManualClock clock = new ManualClock(clockAt);
        Run[] built = new Run[1];
        StreamingContext ssc = StreamingContext.getOrCreate(dir, () -> {
            built[0] = new Run(dir, clock, true);
            return built[0].ssc;
        });
        assertTrue(ssc == built[0].ssc);
        ssc.addListener(new dev.sluice.streaming.StreamingListener() {
            @Override
            public void onError(String message, Throwable error) {
                errors.add(message);
            }
        });
        ssc.start();
        return built[0];
    }

    @Test
    void stateWindowsAndUnprocessedInputSurviveARestartWithChangedCode() throws Exception {
        firstRun();
        Run b = recover(2000);
        try {
            b.step();                       // batch 3000 holds "c", received before the crash
            assertEquals(List.of("(a,2)", "(b,1)", "(c,1)"), b.at("totals", 3000));
            assertEquals(List.of("c#1"), b.at("seen", 3000));
            assertEquals(List.of("(a,2)", "(b,1)", "(c,1)"), b.at("window", 3000));
            b.receiver.awaitStarted();
            b.receiver.store(List.of("a", "c"));
            b.step();                       // window (1000, 4000]: batch 1000 left it
            assertEquals(List.of("(a,3)", "(b,1)", "(c,2)"), b.at("totals", 4000));
            assertEquals(List.of("a#3", "c#2"), b.at("seen", 4000));
            assertEquals(List.of("(a,2)", "(b,0)", "(c,2)"), b.at("window", 4000));
        } finally {
            b.ssc.stop();
        }
    }

    /**
     * After a restart the incremental window has no log of the batches it took in: the ones that
     * leave it are read from the sources' restored past, the new ones logged again. Over random
     * batches before and after the restart it gives the whole reduction of (t - 3 s, t], every key
     * seen staying at 0.
     */
    @Test
    void anIncrementalWindowAgreesWithTheWholeReductionAcrossARestart() throws Exception {
        java.util.Random random = new java.util.Random(5);
        List<List<String>> stored = new ArrayList<>();
        Run a = new Run(dir, new ManualClock(), false);
        a.ssc.start();
        a.receiver.awaitStarted();
        for (int b = 0; b < 7; b++) {
            stored.add(randomWords(random, b));
            a.receiver.store(stored.get(b));
            a.step();
        }
        a.ssc.stop();
        Run r = recover(7000);
        try {
            r.receiver.awaitStarted();
            for (int b = 7; b < 15; b++) {
                stored.add(randomWords(random, b));
                r.receiver.store(stored.get(b));
                r.step();
            }
            for (int b = 0; b < 15; b++) {
                long t = (b + 1) * 1000L;
                Map<String, Long> expected = new TreeMap<>();
                for (int i = 0; i <= b; i++) {
                    for (String w : stored.get(i)) {
                        expected.merge(w, i > b - 3 ? 1L : 0L, Long::sum);
                    }
                }
                List<String> window = new ArrayList<>();
                expected.forEach((k, n) -> window.add("(" + k + "," + n + ")"));
                Collections.sort(window);
                assertEquals(window, (b < 7 ? a : r).at("window", t), "window at " + t);
            }
        } finally {
            r.ssc.stop();
        }
    }

    private static List<String> randomWords(java.util.Random random, int batch) {
        List<String> words = new ArrayList<>();
        int n = batch == 4 ? 0 : 1 + random.nextInt(8);
        for (int i = 0; i < n; i++) {
            words.add("w" + random.nextInt(6));
        }
        return words;
    }

    @Test
    void batchesAfterTheCheckpointRunAgainWithTheSameInput() throws Exception {
        Run a = firstRun();
        List<Path> files = checkpoints();
        assertEquals(2, files.size(), files.toString());
        Files.delete(files.get(1));         // as if the crash came before the checkpoint of batch 2000
        Run b = recover(2000);
        try {
            assertTrue(b.ssc.awaitBatch(new Time(2000), WAIT), "batch 2000 runs again at once");
            assertEquals(a.at("totals", 2000), b.at("totals", 2000));
            assertEquals(a.at("seen", 2000), b.at("seen", 2000));
            assertEquals(a.at("window", 2000), b.at("window", 2000));
            b.step();
            assertEquals(List.of("(a,2)", "(b,1)", "(c,1)"), b.at("totals", 3000));
        } finally {
            b.ssc.stop();
        }
    }

    @Test
    void aDamagedCheckpointFallsBackToThePreviousOneAndSaysSo() throws Exception {
        Run a = firstRun();
        List<Path> files = checkpoints();
        byte[] bytes = Files.readAllBytes(files.get(1));
        bytes[bytes.length / 2] ^= 0x40;
        Files.write(files.get(1), bytes);
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        Run b = recover(2000, errors);
        try {
            assertTrue(b.ssc.awaitBatch(new Time(2000), WAIT), "batch 2000 runs again from the previous checkpoint");
            assertEquals(a.at("totals", 2000), b.at("totals", 2000));
            String error = b.ssc.recentErrors().get(0).message();
            assertTrue(error.contains(files.get(1).getFileName() + " (checkpoint checksum mismatch)")
                    && error.contains("recovering from the previous one, " + files.get(0).getFileName()), error);
            assertEquals(List.of(error), errors, "listeners hear of it");
        } finally {
            b.ssc.stop();
        }
    }

    @Test
    void damageInTheLogLosesOnlyTheDamagedRecordAndIsReportedAsAnError() throws Exception {
        Run a = new Run(dir, new ManualClock(), false);
        a.ssc.start();
        a.receiver.awaitStarted();
        a.receiver.store(List.of("alpha-damaged"));
        a.step();
        a.receiver.store(List.of("gamma-kept"));    // stored after the damaged record, never processed
        a.ssc.stop();
        Path segment;
        try (Stream<Path> s = Files.list(dir.resolve("wal"))) {
            segment = s.sorted().findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(segment);
        int at = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("alpha-damaged");
        assertTrue(at > 0, "the block is in the first segment");
        for (int i = 0; i < 8; i++) {
            bytes[at + i] = '#';
        }
        Files.write(segment, bytes);
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        Run b = recover(1000, errors);
        try {
            b.step();
            assertEquals(List.of("(alpha-damaged,1)", "(gamma-kept,1)"), b.at("totals", 2000),
                    "the state comes from the checkpoint; the block logged after the damage is recovered");
            List<String> recent = b.ssc.recentErrors().stream().map(StreamingError::message).toList();
            assertEquals(1, recent.size(), recent.toString());
            assertTrue(recent.get(0).contains("write-ahead log in " + dir.resolve("wal") + " is damaged: 1 log record (")
                    && recent.get(0).contains("a checksum mismatch") && recent.get(0).contains("sluice --inspect-wal " + dir),
                    recent.get(0));
            assertEquals(recent, errors);
        } finally {
            b.ssc.stop();
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int status = WalInspector.run(new String[] {dir.toString()}, new java.io.PrintStream(out, true),
                new java.io.PrintStream(new java.io.ByteArrayOutputStream()));
        String listing = out.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(WalInspector.DAMAGED, status, listing);
        assertTrue(listing.contains("DAMAGED: 1 record (") && listing.contains("DAMAGE " + segment.getFileName() + " at byte ")
                && listing.contains("checkpoints in " + dir + ": 2"), listing);
    }

    @Test
    void aNamedStreamKeepsItsStateWhenTheGraphChangesAroundIt() throws Exception {
        ManualClock clock = new ManualClock();
        Manual r1 = new Manual();
        StreamingContext a = StreamingContext.builder().batchInterval(SEC).clock(clock).checkpointDir(dir)
                .checkpointInterval(SEC).build();
        a.receiverStream(r1).name("in").mapToPair(w -> Pair.of(w, 1L))
                .updateStateByKey((Iterable<Long> vs, Optional<Long> s) -> Optional.of(s.orElse(0L) + vs.spliterator().getExactSizeIfKnown()))
                .name("counts").print(0);
        a.start();
        r1.awaitStarted();
        r1.store(List.of("x", "x"));
        clock.advance(SEC);
        assertTrue(a.awaitBatch(new Time(1000), WAIT));
        a.stop();

        ManualClock clock2 = new ManualClock(1000);
        Manual r2 = new Manual();
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        StreamingContext b = StreamingContext.getOrCreate(dir, () -> {
            StreamingContext c = StreamingContext.builder().batchInterval(SEC).clock(clock2).checkpointDir(dir).build();
            c.queueStream(new java.util.concurrent.ConcurrentLinkedQueue<List<Integer>>()).print(0);   // a new stream first
            c.receiverStream(r2).name("in").filter(w -> !w.isEmpty()).mapToPair(w -> Pair.of(w, 1L))   // one more operator
                    .updateStateByKey((Iterable<Long> vs, Optional<Long> s) -> {
                        long n = s.orElse(0L);
                        for (long v : vs) {
                            n += v;
                        }
                        return Optional.of(n);
                    }).name("counts").foreachRDD(rdd -> seen.addAll(rdd.map(String::valueOf).collect()));
            return c;
        });
        b.start();
        try {
            r2.awaitStarted();
            r2.store(List.of("x"));
            clock2.advance(SEC);
            assertTrue(b.awaitBatch(new Time(2000), WAIT));
            assertEquals(List.of("(x,3)"), seen);
        } finally {
            b.stop();
        }
    }

    /** A context reading {@code in} with textFileStream, checkpointing in {@link #dir}, collecting each batch's lines into {@code seen}. */
    private StreamingContext fileContext(Path in, ManualClock clock, Map<Long, List<String>> seen) {
        return StreamingContext.getOrCreate(dir, () -> {
            StreamingContext c = StreamingContext.builder().batchInterval(SEC).clock(clock).checkpointDir(dir)
                    .fileStableTime(Duration.ZERO).build();
            c.textFileStream(in.toString()).foreachRDD((rdd, t) -> {
                List<String> lines = new ArrayList<>(rdd.collect());
                Collections.sort(lines);
                seen.put(t.milliseconds(), lines);
            });
            return c;
        });
    }

    @Test
    void withNoCheckpointYetTheBatchesOfLoggedFilesRunAgainAtTheirOwnTimes(@TempDir Path in) throws Exception {
        Map<Long, List<String>> first = Collections.synchronizedMap(new TreeMap<>());
        StreamingContext a = fileContext(in, new ManualClock(), first);
        a.start();
        Files.write(in.resolve(".one.txt"), List.of("x", "y"));
        Files.move(in.resolve(".one.txt"), in.resolve("one.txt"));
        ((ManualClock) a.clock()).setTime(1000);
        assertTrue(a.awaitBatch(new Time(1000), WAIT));
        a.stop();
        assertEquals(List.of("x", "y"), first.get(1000L));
        for (Path p : checkpoints()) {
            Files.delete(p);                // as if the crash came before the first checkpoint
        }

        Map<Long, List<String>> second = Collections.synchronizedMap(new TreeMap<>());
        StreamingContext b = fileContext(in, new ManualClock(3000), second);
        try {
            b.start();
            assertTrue(b.awaitBatch(new Time(3000), WAIT), "batches 1000 to 3000 run at once");
            assertEquals(Map.of(1000L, List.of("x", "y"), 2000L, List.of(), 3000L, List.of()), second);
        } finally {
            b.stop();
        }
    }

    @Test
    void aLogWhoseTimesAreInMillisecondsIsRefusedRatherThanReplayed() throws Exception {
        // what an earlier version left: no checkpoint yet, a log segment of format 2
        Path wal = dir.resolve("wal");
        Files.createDirectories(wal);
        Files.write(wal.resolve(String.format("log-%020d-%d", 0, 1_765_000_000_000L)),
                FileWriteAheadLogTest.millisecondSegment(new byte[] {1, 2, 3}, 1_765_000_000_000L));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> StreamingContext.getOrCreate(dir, () -> {
            StreamingContext c = StreamingContext.builder().batchInterval(SEC).clock(new ManualClock()).checkpointDir(dir).build();
            c.queueStream(new java.util.concurrent.ConcurrentLinkedQueue<List<Integer>>()).print(0);
            return c;
        }).start());
        assertTrue(e.getMessage().contains("kept times in milliseconds") && e.getMessage().contains("use another checkpoint directory"),
                e.getMessage());
        assertTrue(Files.exists(wal.resolve(String.format("log-%020d-%d", 0, 1_765_000_000_000L))), "the old log is left as it was");
    }

    @Test
    void getOrCreateWithoutACheckpointBuildsAFreshContext() throws Exception {
        ManualClock clock = new ManualClock();
        Path fresh = dir.resolve("fresh");
        StreamingContext ssc = StreamingContext.getOrCreate(fresh, () ->
                StreamingContext.builder().batchInterval(SEC).clock(clock).checkpointDir(fresh).build());
        ssc.queueStream(new java.util.concurrent.ConcurrentLinkedQueue<List<Integer>>()).print(0);
        ssc.start();
        clock.advance(SEC);
        assertTrue(ssc.awaitBatch(new Time(1000), WAIT));
        ssc.stop();
        assertTrue(Files.exists(fresh.resolve("wal")));
    }

    @Test
    void getOrCreateRejectsASetupWithoutTheDirectoryOrAlreadyStarted() {
        assertThrows(IllegalArgumentException.class, () -> StreamingContext.getOrCreate(dir, () ->
                StreamingContext.builder().batchInterval(SEC).clock(new ManualClock()).build()));
        StreamingContext[] started = new StreamingContext[1];
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> StreamingContext.getOrCreate(dir, () -> {
            StreamingContext c = StreamingContext.builder().batchInterval(SEC).clock(new ManualClock()).checkpointDir(dir).build();
            c.queueStream(new java.util.concurrent.ConcurrentLinkedQueue<List<Integer>>()).print(0);
            c.start();
            started[0] = c;
            return c;
        }));
        started[0].stop();
        assertTrue(e.getMessage().contains("must not start"));
    }
}
