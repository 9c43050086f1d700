package dev.sluice.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.engine.durability.FileWriteAheadLog;
import dev.sluice.engine.durability.MetadataLog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code logReceivedInput}: with a checkpoint directory, receivers' records go to the write-ahead
 * log by default; turned off (Spark's default), the log holds none of them while checkpoints still
 * carry the state across a restart.
 */
class ReceivedInputLogTest {

    private static final Duration SEC = Duration.ofSeconds(1);
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private static StreamingContext counts(ManualClock clock, ManualReceiver receiver, List<String> seen,
                                           Path ckpt, boolean logInput) {
        StreamingContext c = StreamingContext.builder().batchInterval(SEC).clock(clock).checkpointInterval(SEC)
                .checkpointDir(ckpt).walSync(WalSync.NEVER).logReceivedInput(logInput).build();
        c.receiverStream(receiver).name("in").mapToPair(w -> Pair.of(w, 1L))
                .updateStateByKey(ManualReceiver::count).name("counts")
                .foreachRDD(rdd -> seen.addAll(rdd.map(String::valueOf).collect()));
        return c;
    }

    /** Runs one batch of received words (checkpointed), stops, and returns the kinds of the entries the log holds. */
    private List<Byte> runOneBatch(Path ckpt, boolean logInput, List<String> seen) throws Exception {
        ManualClock clock = new ManualClock();
        ManualReceiver receiver = new ManualReceiver();
        StreamingContext a = counts(clock, receiver, seen, ckpt, logInput);
        a.start();
        receiver.awaitStarted();
        receiver.store(List.of("x", "x"));
        clock.advance(SEC);
        assertTrue(a.awaitBatch(new Time(1000), WAIT));
        a.stop();
        List<Byte> kinds = new ArrayList<>();
        try (MetadataLog log = new MetadataLog(new FileWriteAheadLog(ckpt.resolve("wal"), 1 << 20, 60_000_000, WalSync.NEVER), clock)) {
            for (MetadataLog.Entry e : log.readAll()) {
                kinds.add(e.kind());
            }
        }
        return kinds;
    }

    @Test
    void receivedRecordsAreLoggedByDefaultAndNotWhenTurnedOff() throws Exception {
        List<String> logged = Collections.synchronizedList(new ArrayList<>());
        List<Byte> withLog = runOneBatch(dir.resolve("on"), true, logged);
        assertTrue(withLog.contains(MetadataLog.BLOCK_ADDED), "the block is in the log: " + withLog);
        List<String> notLogged = Collections.synchronizedList(new ArrayList<>());
        List<Byte> withoutLog = runOneBatch(dir.resolve("off"), false, notLogged);
        assertTrue(!withoutLog.contains(MetadataLog.BLOCK_ADDED) && !withoutLog.contains(MetadataLog.BATCH_ALLOCATED),
                "no block or allocation in the log: " + withoutLog);
        assertEquals(List.of("(x,2)"), logged);
        assertEquals(List.of("(x,2)"), notLogged);
    }

    @Test
    void withoutTheInputLogTheCheckpointStillCarriesTheState() throws Exception {
        Path ckpt = dir.resolve("off");
        runOneBatch(ckpt, false, Collections.synchronizedList(new ArrayList<>()));
        ManualClock clock = new ManualClock(1000);
        ManualReceiver receiver = new ManualReceiver();
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        StreamingContext b = StreamingContext.getOrCreate(ckpt, () -> counts(clock, receiver, seen, ckpt, false));
        assertTrue(b.recoversFromCheckpoint());
        b.start();
        try {
            receiver.awaitStarted();
            receiver.store(List.of("x", "y"));
            clock.advance(SEC);
            assertTrue(b.awaitBatch(new Time(2000), WAIT));
            assertEquals(List.of("(x,3)", "(y,1)"), seen.stream().sorted().toList());
        } finally {
            b.stop();
        }
    }
}
