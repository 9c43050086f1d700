package dev.sluice.engine.durability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.streaming.DStream;
import dev.sluice.streaming.ManualClock;
import dev.sluice.streaming.Pair;
import dev.sluice.streaming.PairDStream;
import dev.sluice.streaming.StreamingContext;
import dev.sluice.streaming.Time;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spark's two checkpoint methods: {@code ssc.checkpoint(dir)} sets the directory as the builder's
 * option does (recovery through {@code getOrCreate} included), and {@code stream.checkpoint(interval)}
 * makes the context checkpoint at every multiple of the interval, refused as Spark refuses it.
 */
class SparkCheckpointApiTest {

    private static final Duration SEC = CheckpointManagerTest.SEC;
    private static final Duration WAIT = CheckpointManagerTest.WAIT;

    @TempDir
    Path dir;

    /** The receiver's words counted in a state stream named "counts", collected into {@code seen}. */
    private static StreamingContext wordCounts(ManualClock clock, CheckpointManagerTest.Manual receiver, List<String> seen) {
        StreamingContext c = StreamingContext.builder().batchInterval(SEC).clock(clock).checkpointInterval(SEC).build();
        c.receiverStream(receiver).name("in").mapToPair(w -> Pair.of(w, 1L))
                .updateStateByKey(dev.sluice.streaming.ManualReceiver::count).name("counts")
                .foreachRDD(rdd -> seen.addAll(rdd.map(String::valueOf).collect()));
        return c;
    }

    @Test
    void checkpointDirSetOnTheContextAfterTheStreamsLogsInputAndRecoversState() throws Exception {
        ManualClock clock = new ManualClock();
        CheckpointManagerTest.Manual r1 = new CheckpointManagerTest.Manual();
        List<String> first = Collections.synchronizedList(new ArrayList<>());
        StreamingContext a = wordCounts(clock, r1, first);
        a.checkpoint(dir.toString());                 // after the receiver stream was defined, as Spark programs do
        a.checkpoint(dir.resolve(".").toString());    // the same directory again: nothing changes
        assertEquals(Optional.of(dir), a.checkpointDir());
        a.start();
        r1.awaitStarted();
        r1.store(List.of("x", "x"));
        clock.advance(SEC);
        assertTrue(a.awaitBatch(new Time(1000), WAIT));
        IllegalStateException late = assertThrows(IllegalStateException.class, () -> a.checkpoint(dir.resolve("other").toString()));
        assertTrue(late.getMessage().contains("already checkpoints to " + dir), late.getMessage());
        a.stop();
        assertEquals(List.of("(x,2)"), first);
        try (Stream<Path> logs = Files.list(dir.resolve("wal"))) {
            assertTrue(logs.anyMatch(p -> p.toFile().length() > 0), "the received block was logged");
        }

        ManualClock clock2 = new ManualClock(1000);
        CheckpointManagerTest.Manual r2 = new CheckpointManagerTest.Manual();
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        StreamingContext b = StreamingContext.getOrCreate(dir, () -> {
            StreamingContext c = wordCounts(clock2, r2, seen);
            c.checkpoint(dir.toString());
            return c;
        });
        assertTrue(b.recoversFromCheckpoint());
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

    @Test
    void checkpointDirIsRefusedAfterStartAndCannotBeTurnedOff() {
        StreamingContext c = StreamingContext.builder().batchInterval(SEC).clock(new ManualClock()).build();
        try {
            c.checkpoint(null);                         // no directory: nothing to turn off
            assertEquals(Optional.empty(), c.checkpointDir());
            c.queueStream(new ConcurrentLinkedQueue<List<Integer>>()).print(0);
            c.start();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.checkpoint(dir.toString()));
            assertEquals("the checkpoint directory must be set before start(): the context is active; set it with"
                    + " ssc.checkpoint(dir) or .checkpointDir(path) before starting", e.getMessage());
        } finally {
            c.stop();
        }
        StreamingContext d = StreamingContext.builder().batchInterval(SEC).clock(new ManualClock()).checkpointDir(dir).build();
        try {
            assertThrows(IllegalStateException.class, () -> d.checkpoint(null));
        } finally {
            d.stop();
        }
    }

    /** Batch times of the checkpoints left in {@code dir} (the last two are kept). */
    private static List<Long> checkpointTimes(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("checkpoint-"))
                    .map(n -> Long.parseLong(n.substring("checkpoint-".length())) / 1000).sorted().toList();   // names hold microseconds
        }
    }

    /** Runs four batches of a state stream, checkpointed every {@code every} (null: only the context's 10 s), and lists the checkpoints. */
    private List<Long> checkpointsOfFourBatches(Path ckpt, Duration every) throws Exception {
        ManualClock clock = new ManualClock();
        StreamingContext c = StreamingContext.builder().batchInterval(SEC).clock(clock).build();
        Queue4 q = new Queue4();
        PairDStream<String, Long> state = c.queueStream(q.queue).mapToPair(w -> Pair.of(w, 1L))
                .updateStateByKey(dev.sluice.streaming.ManualReceiver::count);
        if (every != null) {
            assertTrue(state == state.checkpoint(every));
        }
        state.print(0);
        c.checkpoint(ckpt.toString());
        c.start();
        for (int i = 1; i <= 4; i++) {
            clock.advance(SEC);
            assertTrue(c.awaitBatch(new Time(i * 1000L), WAIT));
        }
        c.stop(true);
        return checkpointTimes(ckpt);
    }

    private static final class Queue4 {
        final ConcurrentLinkedQueue<List<String>> queue = new ConcurrentLinkedQueue<>(
                List.of(List.of("a"), List.of("b"), List.of("a"), List.of("c")));
    }

    @Test
    void aStreamsCheckpointIntervalAddsACheckpointAtEachOfItsMultiples() throws Exception {
        assertEquals(List.of(1000L), checkpointsOfFourBatches(dir.resolve("default"), null));
        assertEquals(List.of(2000L, 4000L), checkpointsOfFourBatches(dir.resolve("every2s"), Duration.ofSeconds(2)));
    }

    @Test
    void aStreamsCheckpointIntervalIsRefusedAsSparkRefusesIt() {
        StreamingContext c = StreamingContext.builder().batchInterval(SEC).clock(new ManualClock()).build();
        try {
            DStream<String> words = c.queueStream(new LinkedList<List<String>>());
            DStream<String> windowed = words.window(Duration.ofSeconds(4), Duration.ofSeconds(2));
            IllegalArgumentException lower = assertThrows(IllegalArgumentException.class, () -> windowed.checkpoint(SEC));
            assertEquals("The checkpoint interval for DStream[" + windowed.id() + "] (window(4000 ms, 2000 ms)) has been set to 1s which is lower than"
                    + " its slide time (2s). Please set it to at least 2s.", lower.getMessage());
            IllegalArgumentException multiple = assertThrows(IllegalArgumentException.class, () -> windowed.checkpoint(Duration.ofSeconds(3)));
            assertEquals("The checkpoint interval for DStream[" + windowed.id() + "] (window(4000 ms, 2000 ms)) has been set to 3s which is not a multiple"
                    + " of its slide time (2s). Please set it to a multiple of 2s.", multiple.getMessage());
            windowed.checkpoint(Duration.ofSeconds(4)).print(0);
            IllegalArgumentException noDir = assertThrows(IllegalArgumentException.class, c::start);
            assertTrue(noDir.getMessage().startsWith("The checkpoint directory has not been set. Please set it by"
                    + " StreamingContext.checkpoint()"), noDir.getMessage());
            c.checkpoint(dir.toString());
            c.start();
            UnsupportedOperationException started = assertThrows(UnsupportedOperationException.class, () -> words.checkpoint(SEC));
            assertTrue(started.getMessage().startsWith("Cannot change checkpoint interval of a DStream after streaming context has started"),
                    started.getMessage());
        } finally {
            c.stop();
        }
    }
}
