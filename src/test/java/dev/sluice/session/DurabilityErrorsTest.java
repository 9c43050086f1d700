package dev.sluice.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.engine.durability.CheckpointManager;
import dev.sluice.engine.durability.WalWriteException;
import dev.sluice.streaming.ManualClock;
import dev.sluice.streaming.Receiver;
import dev.sluice.streaming.StreamingContext;
import dev.sluice.streaming.StreamingError;
import dev.sluice.streaming.Time;
import dev.sluice.testing.Wait;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint that cannot be written and a write-ahead log that cannot be written are errors
 * outside any output, reported as a receiver's are: one record in {@code ssc.recentErrors()} with
 * its source ({@code checkpoint}, {@code write-ahead log}) and the file system's exception, repeats
 * counted on it, and one {@code warning:} line for a person ({@link ErrorNotices}, which the shell
 * and the kernel use). The directory is broken by putting a file where it was (the tests may run as
 * root, who may write into a read-only directory).
 */
class DurabilityErrorsTest {

    private static final Duration SEC = Duration.ofSeconds(1);
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path tmp;

    private final ManualClock clock = new ManualClock();
    private final List<String> warnings = Collections.synchronizedList(new ArrayList<>());
    private StreamingContext ssc;

    @AfterEach
    void stop() {
        if (ssc != null) {
            ssc.stop();
        }
    }

    static final class Manual extends Receiver<String> {
        final CountDownLatch started = new CountDownLatch(1);

        @Override
        public void onStart() {
            started.countDown();
        }

        @Override
        public void onStop() {
        }
    }

    private StreamingContext context(Path dir, Duration checkpointEvery) {
        StreamingContext c = StreamingContext.builder().batchInterval(SEC).parallelism(2).clock(clock).checkpointDir(dir)
                .checkpointInterval(checkpointEvery).build();
        c.addListener(new ErrorNotices(warnings::add, clock::millis));
        return c;
    }

    private void step() {
        clock.advance(SEC);
        try {
            assertTrue(ssc.awaitBatch(new Time(clock.millis()), WAIT), "batch " + clock.millis());
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Deletes {@code dir} with what it holds and puts a file of that name in its place. */
    private static void replaceWithFile(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        Files.writeString(dir, "not a directory");
    }

    private StreamingError awaitError(String source, int count) {
        Wait.until(source + " error x" + count, () -> ssc.recentErrors().stream()
                .anyMatch(e -> e.stream().equals(java.util.Optional.of(source)) && e.count() >= count), WAIT,
                () -> ssc.recentErrors().toString());
        return ssc.recentErrors().stream().filter(e -> e.stream().equals(java.util.Optional.of(source))).findFirst().orElseThrow();
    }

    @Test
    void aCheckpointThatCannotBeWrittenIsOneRecordAndOneWarningWithRepeatsCounted() throws Exception {
        Path dir = tmp.resolve("checkpoints");
        ssc = context(dir, SEC);
        ssc.queueStream(new ConcurrentLinkedQueue<List<Integer>>()).foreachRDD(r -> { });
        ssc.start();
        step();
        Wait.until("the first checkpoint", () -> Files.exists(dir.resolve(String.format("checkpoint-%020d", 1_000_000))), WAIT);
        replaceWithFile(dir);
        step();
        StreamingError error = awaitError(CheckpointManager.SOURCE, 1);
        assertEquals("Checkpoint of batch t=2s could not be written to " + dir + " (Not a directory); the previous one"
                + " stays. Make it a writable directory on a disk with free space", error.message());
        assertEquals(new Time(2000), error.time());
        assertTrue(error.output().isEmpty(), error.toString());
        FileSystemException cause = assertInstanceOf(FileSystemException.class, error.exception().orElseThrow());
        assertEquals("Not a directory", cause.getReason());
        step();
        step();
        error = awaitError(CheckpointManager.SOURCE, 3);
        assertEquals(List.of(error), ssc.recentErrors(), "one record for the failure, counted");
        assertTrue(error.message().contains("batch t=4s"), error.message());
        ssc.stop(); // delivers what the listener bus holds
        assertEquals(List.of("warning: Checkpoint of batch t=2s could not be written to " + dir + " (Not a directory);"
                + " the previous one stays. Make it a writable directory on a disk with free space",
                ErrorNotices.HINT), warnings, "one line; the repeats within a minute are counted, not shown");
    }

    @Test
    void aWriteAheadLogThatCannotBeWrittenIsOneRecordAndOneWarningAndStoresFail() throws Exception {
        Path dir = tmp.resolve("checkpoints");
        // the log starts a new segment every 2 s of batch time (the first one with the store at t=0s): the
        // write of batch t=2s needs a new one and meets the broken directory
        ssc = context(dir, Duration.ofSeconds(2));
        Manual receiver = new Manual();
        List<Long> counts = Collections.synchronizedList(new ArrayList<>());
        ssc.receiverStream(receiver).foreachRDD(r -> counts.add(r.count()));
        ssc.start();
        assertTrue(receiver.started.await(20, TimeUnit.SECONDS), "receiver started");
        receiver.store(List.of("a", "b"));
        step();
        assertEquals(List.of(2L), counts);
        replaceWithFile(dir.resolve("wal"));
        step();
        StreamingError error = awaitError(WalWriteException.SOURCE, 1);
        Path wal = dir.resolve("wal");
        String line = "Cannot write to the write-ahead log in " + wal + " (Not a directory): input is left out of batches"
                + " and received blocks are dropped until it is a writable directory on a disk with free space";
        assertEquals(line, error.message());
        assertInstanceOf(FileSystemException.class, error.exception().orElseThrow());
        UncheckedIOException refused = assertThrows(UncheckedIOException.class, () -> receiver.store(List.of("c")),
                "a block that cannot be logged is not stored");
        assertTrue(refused.getMessage().contains("to the write-ahead log"), refused.getMessage());
        int before = error.count();
        step();
        awaitError(WalWriteException.SOURCE, before + 2);
        List<StreamingError> recent = ssc.recentErrors();
        assertEquals(1, recent.size(), "the sources that could not log their input add no error of their own: " + recent);

        Files.delete(wal);                        // the directory is back: the log writes again
        Files.createDirectory(wal);
        receiver.store(List.of("d", "e", "f"));
        step();
        assertEquals(3L, counts.get(counts.size() - 1), counts.toString());
        ssc.stop();
        assertEquals(List.of("warning: " + line, ErrorNotices.HINT), warnings);
    }
}
