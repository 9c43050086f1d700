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
    FileSource source;
    long time;

    @BeforeEach
    void setUp() throws Exception {
        dir = tmp.resolve("incoming");
        Files.createDirectories(dir);
        engine = new Engine(1000, 2, 1, new ManualClock(), 0);
    }

    @AfterEach
    void tearDown() {
        engine.stop(false);
    }

    private void open(Path d) {
        source = new FileSource(engine.graph(), d, null, (m, e) -> errors.add(m), n -> "files");
        source.foreachOutputForTest();
        engine.graph().start(0);
    }

    /** Runs the next batch's intake and returns its lines, one list per partition. */
    private List<List<String>> next() throws Exception {
        time += 1000;
        engine.graph().generate(time, (m, e) -> errors.add(m));
        RddNode<String> rdd = source.getOrCompute(time);
        return engine.rddContext().runJob(rdd, (split, it) -> {
            List<String> l = new ArrayList<>();
            it.forEachRemaining(l::add);
            return l;
        });
    }

    private void moveIn(String name, String content) throws Exception {
        Path staged = tmp.resolve(name + ".staged");
        Files.writeString(staged, content);
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
        assertEquals(List.of(), next(), "first seen: not yet known to be complete");
        List<List<String>> batch = next();
        assertEquals(2, batch.size());
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
        next();
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
        Files.move(staged, dir.resolve("bin.dat"), StandardCopyOption.ATOMIC_MOVE);
        next();
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
}
