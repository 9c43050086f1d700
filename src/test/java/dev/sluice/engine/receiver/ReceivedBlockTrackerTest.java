package dev.sluice.engine.receiver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.engine.durability.FileWriteAheadLog;
import dev.sluice.engine.durability.MetadataLog;
import dev.sluice.streaming.ManualClock;
import dev.sluice.streaming.WalSync;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Allocation of blocks to batches, memory release, and recovery by replaying the tracker's own events. */
class ReceivedBlockTrackerTest {

    @TempDir
    Path dir;

    private MetadataLog log(ManualClock clock) throws Exception {
        return new MetadataLog(new FileWriteAheadLog(dir, 1 << 20, 60_000, WalSync.NEVER), clock);
    }

    /** A new tracker that has replayed every event of {@code log}, each of the tracker's kinds. */
    private static ReceivedBlockTracker replayed(MetadataLog log, MemoryBudget budget) throws Exception {
        ReceivedBlockTracker r = new ReceivedBlockTracker(log, budget);
        for (MetadataLog.Entry e : log.readAll()) {
            assertTrue(r.replay(e));
        }
        return r;
    }

    private static List<Long> ids(List<Block> blocks) {
        return blocks.stream().map(Block::id).toList();
    }

    @Test
    void blocksGoToTheNextBatchPerStreamAndMemoryIsReleasedWhenItCompletes() throws Exception {
        MemoryBudget budget = new MemoryBudget(1_000);
        ReceivedBlockTracker t = new ReceivedBlockTracker(null, budget);
        budget.force(30);
        t.addBlock("s", List.of("a"), 10, null);
        t.addBlock("s", List.of("b"), 20, null);
        t.addBlock("other", List.of("x"), 0, null);
        assertTrue(t.hasUnallocated("s"));
        assertEquals(List.of(0L, 1L), ids(t.allocate(1000, "s")));
        assertFalse(t.hasUnallocated("s"));
        assertTrue(t.hasUnallocated(null));
        assertEquals(List.of(), t.allocate(2000, "s"));
        assertEquals(List.of(0L, 1L), ids(t.allocate(1000, "s")), "asking again gives the same blocks");
        t.batchCompleted(1000);
        assertEquals(0, budget.used());
        t.batchCompleted(1000);
        assertEquals(0, budget.used(), "released once");
    }

    @Test
    void withALogTheRecordsOfOldBatchesAreLetGoWhileTheirAllocationsStayForARestart() throws Exception {
        ManualClock clock = new ManualClock();
        try (MetadataLog log = log(clock)) {
            ReceivedBlockTracker t = new ReceivedBlockTracker(log, new MemoryBudget(1 << 20));
            t.addBlock("s", List.of("a", "b"), 10, 7L);
            t.addBlock("other", List.of("x"), 10, null);
            t.allocate(1000, "s");
            t.allocate(1000, "other");
            t.addBlock("s", List.of("c"), 10, 9L);
            t.allocate(2000, "s");
            assertEquals(2, t.releaseRecords(2000), "both streams' blocks of batch 1000");
            assertEquals(0, t.releaseRecords(2000), "once");
            assertEquals(List.of(1000L, 2000L), t.allocatedTimes(0, 3000), "the allocations stay");
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.allocatedTo(1000, "s"));
            assertTrue(e.getMessage().contains("1000"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> t.allocate(1000, "s"));
            assertArrayEquals(new Object[] {"c"}, t.allocatedTo(2000, "s").get(0).records(), "newer batches keep theirs");
            assertEquals(9L, t.position("s"));
        }
        try (MetadataLog log = log(clock)) {
            ReceivedBlockTracker r = replayed(log, new MemoryBudget(1 << 20));
            assertArrayEquals(new Object[] {"a", "b"}, r.allocatedTo(1000, "s").get(0).records(),
                    "a restart reads the let-go records back from the log");
        }
    }

    @Test
    void completedAndEmptyBatchesAreNotKeptButTheirCleanupIsStillLogged() throws Exception {
        ManualClock clock = new ManualClock();
        MemoryBudget budget = new MemoryBudget(1 << 20);
        try (MetadataLog log = log(clock)) {
            ReceivedBlockTracker t = new ReceivedBlockTracker(log, budget);
            budget.force(30);
            t.addBlock("s", List.of("a"), 10, null);
            assertEquals(1, t.allocate(1000, "s").size());
            assertEquals(List.of(), t.allocate(2000, "s"), "nothing was received for 2000");
            t.addBlock("s", List.of("b"), 10, null);
            t.addBlock("s", List.of("c"), 10, null);
            assertEquals(2, t.allocate(3000, "s").size());
            t.addBlock("s", List.of("d"), 0, null);
            t.allocate(4000, "s");
            assertEquals(List.of(1000L, 3000L, 4000L), t.allocatedTimes(0, 5000), "an empty batch's allocation is not kept");
            t.batchCompleted(1000);
            t.batchCompleted(3000);
            assertEquals(0, budget.used());
            assertEquals(3, t.releaseRecords(4000), "the blocks of 1000 and 3000");
            assertEquals(List.of(4000L), t.allocatedTimes(0, 5000), "completed batches whose records went are forgotten");
            assertNull(t.allocatedTo(3000, "s"));
            t.cleanup(2500);                 // covers 1000 and 2000, not 3000
        }
        try (MetadataLog log = log(clock)) {
            ReceivedBlockTracker r = replayed(log, new MemoryBudget(1 << 20));
            assertEquals(List.of(3000L, 4000L), r.allocatedTimes(0, 5000),
                    "the logged cleanup covers the forgotten batches before its threshold, and only them");
            assertEquals(List.of("b", "c"), r.allocatedTo(3000, "s").stream().map(b -> b.records()[0]).toList());
        }
        try (MetadataLog log = log(clock)) {
            ReceivedBlockTracker t = replayed(log, new MemoryBudget(1 << 20));
            t.batchCompleted(3000);
            t.releaseRecords(4000);
            t.cleanup(3500);
        }
        try (MetadataLog log = log(clock)) {
            assertEquals(List.of(4000L), replayed(log, new MemoryBudget(1 << 20)).allocatedTimes(0, 5000),
                    "a later cleanup covers the batch forgotten after the first");
        }
    }

    @Test
    void aCleanupCoversForgottenBatchesPastAnEarlierThreshold() throws Exception {
        ManualClock clock = new ManualClock();
        try (MetadataLog log = log(clock)) {
            ReceivedBlockTracker t = new ReceivedBlockTracker(log, new MemoryBudget(1 << 20));
            for (long time = 1000; time <= 5000; time += 1000) {
                t.addBlock("s", List.of("r" + time), 1, null);
                t.allocate(time, "s");
                t.batchCompleted(time);
            }
            t.allocate(6000, "s");           // empty
            t.releaseRecords(5500);          // forgets 1000 to 5000
            assertEquals(List.of(), t.allocatedTimes(0, 7000));
            t.cleanup(3000);
            t.cleanup(3000);                 // nothing new before 3000: writes nothing more
            t.cleanup(7000);
        }
        try (MetadataLog log = log(clock)) {
            long cleanups = log.readAll().stream().filter(e -> e.kind() == MetadataLog.BATCH_CLEANED).count();
            assertEquals(2, cleanups, "one cleanup per threshold that covers something");
            assertEquals(List.of(), replayed(log, new MemoryBudget(1 << 20)).allocatedTimes(0, 7000));
        }
    }

    @Test
    void replayingTheLogRebuildsAllocationsUnallocatedBlocksAndPositions() throws Exception {
        ManualClock clock = new ManualClock();
        try (MetadataLog log = log(clock)) {
            ReceivedBlockTracker t = new ReceivedBlockTracker(log, new MemoryBudget(1 << 20));
            t.addBlock("s", List.of("a", "b"), 10, 7L);
            clock.setTime(1000);
            t.allocate(1000, "s");
            t.addBlock("s", List.of("c"), 10, 9L);
            clock.setTime(2000);
            t.allocate(2000, "s");
            t.addBlock("s", List.of("d"), 10, null);    // received, not yet allocated
            clock.setTime(3000);
            t.cleanup(2000);                            // batch 1000 is no longer needed
        }
        try (MetadataLog log = log(clock)) {
            MemoryBudget budget = new MemoryBudget(1 << 20);
            ReceivedBlockTracker r = replayed(log, budget);
            assertNull(r.allocatedTo(1000, "s"), "cleaned before the crash");
            List<Block> b2000 = r.allocatedTo(2000, "s");
            assertEquals(1, b2000.size());
            assertArrayEquals(new Object[] {"c"}, b2000.get(0).records());
            assertEquals(List.of(1L), ids(r.allocate(2000, "s")), "a batch run again gets the same blocks");
            assertEquals(List.of(2L), ids(r.allocate(3000, "s")), "the unallocated block goes to the next batch");
            assertEquals(9L, r.position("s"));
            assertEquals(3L, r.addBlock("s", List.of("e"), 1, null).id(), "block ids continue");
            assertEquals(0, r.dropStreamsOtherThan(Set.of("s")));
        }
    }

    @Test
    void checkpointedPositionsMergeWithReplayedOnesByBlockId() {
        ReceivedBlockTracker t = new ReceivedBlockTracker(null, new MemoryBudget(100));
        t.restore(java.util.Map.of("s", new ReceivedBlockTracker.Position(5, 50L)), java.util.Map.of("s", 6L));
        assertEquals(50L, t.position("s"));
        assertEquals(6L, t.nextBlockIds().get("s"));
        t.restore(java.util.Map.of("s", new ReceivedBlockTracker.Position(3, 30L)), java.util.Map.of("s", 4L));
        assertEquals(50L, t.position("s"), "an older position does not win");
    }
}
