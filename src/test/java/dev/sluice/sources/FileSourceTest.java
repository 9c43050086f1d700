package dev.sluice.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.engine.Engine;
import dev.sluice.engine.rdd.RddNode;
import dev.sluice.streaming.ManualClock;
import dev.sluice.streaming.StreamingContext;
import dev.sluice.streaming.StreamingContextState;
import dev.sluice.streaming.StreamingListener;
import dev.sluice.streaming.Time;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** textFileStream over real files: which files are taken and when, and what is reported. */
class FileSourceTest {

    @TempDir
    Path tmp;
    Path dir;
    Engine engine;
    final List<String> errors = new CopyOnWriteArrayList<>();
    FileSource<String> source;
    long time;

    @BeforeEach
    void setUp() throws Exception {
        dir = tmp.resolve("incoming");
        Files.createDirectories(dir);
        engine = new Engine(1_000_000, 2, 1, new ManualClock(), 0);   // 1 s batches: engine times are microseconds
    }

    @AfterEach
    void tearDown() {
        engine.stop(false);
    }

    private void open(Path d) {
        open(d, 1000);
    }

    /** Opens a source on {@code d} that takes a file written in place once it was unchanged for {@code stableMs}. */
    private void open(Path d, long stableMs) {
        source = new FileSource<>(engine.graph(), d, stableMs, null, (m, e) -> errors.add(m), n -> "files");
        source.foreachOutputForTest();
        engine.graph().start(0);
    }

    /** Runs the next batch's intake and returns its lines, one list per partition. */
    private List<List<String>> next() throws Exception {
        time += 1_000_000;
        engine.graph().generate(time, (m, e) -> errors.add(m));
        RddNode<String> rdd = source.getOrCompute(time);
        return engine.rddContext().runJob(rdd, (split, it) -> {
            List<String> l = new ArrayList<>();
            it.forEachRemaining(l::add);
            return l;
        });
    }

    /** Writes a file elsewhere, finished a few seconds ago, and renames it into the directory. */
    private void moveIn(String name, String content) throws Exception {
        Path staged = tmp.resolve(name + ".staged");
        Files.writeString(staged, content);
        Files.setLastModifiedTime(staged, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 3_000));
        Files.move(staged, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void movedFilesAreTakenOnceOnePartitionEachAndHiddenOrOldOnesAreNot() throws Exception {
        Files.writeString(dir.resolve("before-start.txt"), "old\n");
        open(dir);
        moveIn("a.txt", "a1\na2\n");
        moveIn("b.txt", "b1");
        Files.writeString(dir.resolve(".hidden"), "h\n");
        Files.writeString(dir.resolve("_COPYING_"), "c\n");
        List<List<String>> batch = next();
        assertEquals(2, batch.size(), "renamed in: taken at the first scan");
        assertTrue(batch.contains(List.of("a1", "a2")) && batch.contains(List.of("b1")), batch.toString());
        assertEquals(List.of(), next(), "each file once");
        assertEquals(List.of(), errors);
    }

    @Test
    void aFileStillGrowingWaitsUntilItStopsChanging() throws Exception {
        open(dir);
        Path g = dir.resolve("growing.log");
        Files.writeString(g, "1\n");
        assertEquals(List.of(), next());
        Files.writeString(g, "2\n", StandardOpenOption.APPEND);
        assertEquals(List.of(), next(), "it changed since the last scan");
        assertEquals(List.of(List.of("1", "2")), next());
    }

    @Test
    void aFileWrittenInPlaceIsTakenOnlyAfterTheStableTimeAndAGrowingOneIsReported() throws Exception {
        open(dir, 3000);
        Path g = dir.resolve("slow.log");
        Files.writeString(g, "1\n");
        assertEquals(List.of(), next());
        assertEquals(List.of(), next(), "unchanged for 1 s of 3");
        Files.writeString(g, "2\n", StandardOpenOption.APPEND);
        assertEquals(List.of(), next(), "changed: the stable time starts again");
        assertEquals(List.of(), next());
        assertEquals(List.of(), next());
        assertEquals(List.of(List.of("1", "2")), next(), "unchanged for 3 s");
        assertEquals(List.of(), errors);
        Files.writeString(g, "3\n", StandardOpenOption.APPEND);
        assertEquals(List.of(), next(), "taken once");
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains("slow.log changed after batch t=6s took it (4 bytes then, 6 now)")
                && errors.get(0).contains("rename them into") && errors.get(0).contains("fileStableTime (now 3000 ms)"),
                errors.get(0));
        next();
        assertEquals(1, errors.size(), "reported once per change");
    }

    @Test
    void aMissingDirectoryIsReportedOnceAndPickedUpWhenItAppears() throws Exception {
        Path missing = tmp.resolve("not-yet");
        open(missing);
        assertEquals(List.of(), next());
        assertEquals(List.of(), next());
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains("does not exist; create it"), errors.get(0));
        Files.createDirectories(missing);
        Files.writeString(missing.resolve("x.txt"), "x\n");
        next();
        assertEquals(List.of(List.of("x")), next());
    }

    @Test
    void aFileDeletedWhileItIsReadIsReportedAndTheOthersAreKept() throws Exception {
        open(dir);
        moveIn("keep.txt", "k\n");
        moveIn("vanish.txt", "v\n");
        source.beforeRead = p -> {
            if (p.getFileName().toString().equals("vanish.txt")) {
                try {
                    Files.delete(p);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            }
        };
        assertEquals(List.of(List.of("k")), next());
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains("vanish.txt was deleted before it could be read"), errors.get(0));
    }

    @Test
    void invalidUtf8IsReportedAndDecodedWithReplacementCharacters() throws Exception {
        open(dir);
        Path staged = tmp.resolve("bin.staged");
        Files.write(staged, new byte[] {'o', 'k', '\n', (byte) 0xff, '\n'});
        Files.setLastModifiedTime(staged, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 3_000));
        Files.move(staged, dir.resolve("bin.dat"), StandardCopyOption.ATOMIC_MOVE);
        assertEquals(List.of(List.of("ok", "\uFFFD")), next());
        assertTrue(errors.get(0).contains("is not valid UTF-8"), errors.toString());
    }

    @Test
    void errorsReachTheListenersOfARunningContextWhichKeepsRunning() throws Exception {
        ManualClock clock = new ManualClock();
        List<String> reported = new CopyOnWriteArrayList<>();
        try (StreamingContext ssc = StreamingContext.builder().batchInterval(Duration.ofSeconds(1)).clock(clock).build()) {
            ssc.addListener(new StreamingListener() {
                @Override
                public void onError(String message, Throwable error) {
                    reported.add(message);
                }
            });
            ssc.textFileStream(tmp.resolve("absent")).print();
            ssc.start();
            clock.advance(Duration.ofSeconds(1));
            assertTrue(ssc.awaitBatch(new Time(1000), Duration.ofSeconds(20)));
            assertTrue(reported.stream().anyMatch(m -> m.contains("absent of textFileStream does not exist")), reported.toString());
            clock.advance(Duration.ofSeconds(1));
            assertTrue(ssc.awaitBatch(new Time(2000), Duration.ofSeconds(20)));
            assertEquals(StreamingContextState.ACTIVE, ssc.state());
        }
    }

    /**
     * A writer thread appends to a file in place with pauses of two batches (shorter than the
     * stable time of 3 s), in step with the test, which advances the manual clock during the
     * pauses: the file is taken once, whole, after the writer stopped; a file renamed in is taken at
     * the next batch.
     */
    @Test
    void aSlowWriterOnARunningContextIsReadWhole() throws Exception {
        ManualClock clock = new ManualClock();
        java.util.Map<Long, List<String>> batches = new java.util.concurrent.ConcurrentHashMap<>();
        try (StreamingContext ssc = StreamingContext.builder().batchInterval(Duration.ofSeconds(1)).clock(clock)
                .fileStableTime(Duration.ofSeconds(3)).build()) {
            ssc.textFileStream(dir).foreachRDD((rdd, t) -> batches.put(t.milliseconds(), rdd.collect()));
            ssc.start();
            java.util.concurrent.SynchronousQueue<Integer> wrote = new java.util.concurrent.SynchronousQueue<>();
            java.util.concurrent.SynchronousQueue<Boolean> goOn = new java.util.concurrent.SynchronousQueue<>();
            Path file = dir.resolve("slow.csv");
            Thread writer = new Thread(() -> {
                try (var out = Files.newBufferedWriter(file)) {
                    for (int i = 0; i < 5; i++) {
                        out.write("line-" + i + "\n");
                        out.flush();
                        wrote.put(i);
                        goOn.take();        // the pause: the test runs two batches meanwhile
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            }, "slow-writer");
            writer.start();
            long t = 0;
            for (int i = 0; i < 5; i++) {
                assertEquals(i, wrote.poll(20, java.util.concurrent.TimeUnit.SECONDS));
                for (int k = 0; k < 2; k++) {
                    t += 1000;
                    clock.setTime(t);
                    assertTrue(ssc.awaitBatch(new Time(t), Duration.ofSeconds(20)));
                    assertEquals(List.of(), batches.get(t), "batch " + t + ": the file is still being written");
                }
                goOn.put(true);
            }
            writer.join(20_000);
            List<String> all = new ArrayList<>();
            for (int k = 0; k < 4; k++) {
                t += 1000;
                clock.setTime(t);
                assertTrue(ssc.awaitBatch(new Time(t), Duration.ofSeconds(20)));
                all.addAll(batches.get(t));
            }
            assertEquals(List.of("line-0", "line-1", "line-2", "line-3", "line-4"), all, "taken once, whole");

            Path staged = dir.resolve(".renamed.csv.tmp");      // hidden while it is written
            Files.writeString(staged, "r1\nr2\n");
            t += 1000;
            clock.setTime(t);
            assertTrue(ssc.awaitBatch(new Time(t), Duration.ofSeconds(20)));
            assertEquals(List.of(), batches.get(t), "a hidden file is not taken");
            // finished a while ago: file times are coarse (a few ms), so a rename within the same tick
            // as the last write cannot be told from a write and waits for the stable time instead
            Files.setLastModifiedTime(staged, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 3_000));
            Files.move(staged, dir.resolve("renamed.csv"), StandardCopyOption.ATOMIC_MOVE);
            t += 1000;
            clock.setTime(t);
            assertTrue(ssc.awaitBatch(new Time(t), Duration.ofSeconds(20)));
            assertEquals(List.of("r1", "r2"), batches.get(t), "renamed in: taken at the next batch");
            assertEquals(List.of(), ssc.recentErrors());
        }
    }
}
