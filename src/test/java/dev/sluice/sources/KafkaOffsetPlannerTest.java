package dev.sluice.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sluice.sources.KafkaOffsetPlanner.Partition;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaOffsetPlannerTest {

    private static final Partition A0 = new Partition("a", 0);
    private static final Partition A1 = new Partition("a", 1);

    @Test
    void eachBatchRunsFromThePositionToTheEndOffset() {
        KafkaOffsetPlanner planner = new KafkaOffsetPlanner(0, 1000);
        planner.start(A0, 5, false);
        planner.start(A1, 0, false);
        assertEquals(List.of(new KafkaOffsetRange("a", 0, 5, 9), new KafkaOffsetRange("a", 1, 0, 2)),
                planner.plan(1000, Map.of(A0, 9L, A1, 2L)));
        assertEquals(List.of(new KafkaOffsetRange("a", 0, 9, 9), new KafkaOffsetRange("a", 1, 2, 3)),
                planner.plan(2000, Map.of(A0, 9L, A1, 3L)));
    }

    @Test
    void aMissingOrLowerEndOffsetGivesAnEmptyRange() {
        KafkaOffsetPlanner planner = new KafkaOffsetPlanner(0, 1000);
        planner.start(A0, 5, false);
        planner.start(A1, 7, false);
        assertEquals(List.of(new KafkaOffsetRange("a", 0, 5, 5), new KafkaOffsetRange("a", 1, 7, 7)),
                planner.plan(1000, Map.of(A1, 3L)));
    }

    @Test
    void theRateLimitCapsEachPartitionPerBatch() {
        KafkaOffsetPlanner planner = new KafkaOffsetPlanner(10, 500_000);   // 500 ms, in microseconds
        assertEquals(5, planner.maxRecordsPerBatch());
        planner.start(A0, 0, false);
        assertEquals(List.of(new KafkaOffsetRange("a", 0, 0, 5)), planner.plan(500, Map.of(A0, 12L)));
        assertEquals(List.of(new KafkaOffsetRange("a", 0, 5, 10)), planner.plan(1000, Map.of(A0, 12L)));
        assertEquals(List.of(new KafkaOffsetRange("a", 0, 10, 12)), planner.plan(1500, Map.of(A0, 12L)));
        assertEquals(1, new KafkaOffsetPlanner(1, 100_000).maxRecordsPerBatch());
    }

    @Test
    void onlyCompletedBatchesAreCommittedAndOnlyWhatChanged() {
        KafkaOffsetPlanner planner = new KafkaOffsetPlanner(0, 1000);
        planner.start(A0, 3, true);
        planner.start(A1, 0, false);
        planner.plan(1000, Map.of(A0, 3L, A1, 4L));
        planner.plan(2000, Map.of(A0, 6L, A1, 4L));
        assertEquals(Map.of(), planner.toCommit(0));
        assertEquals(Map.of(A1, 4L), planner.toCommit(1000));
        planner.committed(1000, Map.of(A1, 4L));
        assertEquals(1, planner.uncommittedBatches());
        assertEquals(Map.of(A0, 6L), planner.toCommit(2000));
        planner.committed(2000, Map.of(A0, 6L));
        assertEquals(0, planner.uncommittedBatches());
        assertEquals(Map.of(A0, 6L, A1, 4L), planner.committedOffsets());
    }

    @Test
    void offsetsSentWithoutAnAnswerAreNotSentAgainAndCountAsCommittedOnlyWhenConfirmed() {
        KafkaOffsetPlanner planner = new KafkaOffsetPlanner(0, 1000);
        planner.start(A0, 0, false);
        planner.plan(1000, Map.of(A0, 2L));
        planner.plan(2000, Map.of(A0, 5L));
        Map<Partition, Long> first = planner.toCommit(1000);
        assertEquals(Map.of(A0, 2L), first);
        planner.committing(1000, first);
        assertEquals(Map.of(), planner.toCommit(1000));
        assertEquals(Map.of(A0, 2L), planner.unconfirmed());
        assertEquals(Map.of(), planner.committedOffsets());
        Map<Partition, Long> second = planner.toCommit(2000);
        assertEquals(Map.of(A0, 5L), second);
        planner.committing(2000, second);
        assertEquals(0, planner.uncommittedBatches());
        planner.commitConfirmed(first);
        planner.commitConfirmed(second);
        assertEquals(Map.of(A0, 5L), planner.committedOffsets());
        assertEquals(Map.of(), planner.unconfirmed());
        assertEquals(Map.of(), planner.toCommitFinally(2000));
    }

    @Test
    void aFailedCommitIsSentAgainUnlessALaterCommitCarriesItsPartition() {
        KafkaOffsetPlanner planner = new KafkaOffsetPlanner(0, 1000);
        planner.start(A0, 0, false);
        planner.start(A1, 0, false);
        planner.plan(1000, Map.of(A0, 2L, A1, 1L));
        Map<Partition, Long> first = planner.toCommit(1000);
        planner.committing(1000, first);
        planner.plan(2000, Map.of(A0, 4L, A1, 1L));
        Map<Partition, Long> second = planner.toCommit(2000);
        assertEquals(Map.of(A0, 4L), second);
        planner.committing(2000, second);
        // the first commit fails: A0 is carried by the second, A1 is not
        planner.commitFailed(first);
        assertEquals(Map.of(A1, 1L), planner.toCommit(2000));
        assertEquals(Map.of(A0, 4L, A1, 1L), planner.toCommitFinally(2000));
        // the second fails too: the next commit sends both again, with the latest offsets
        planner.commitFailed(second);
        planner.plan(3000, Map.of(A0, 4L, A1, 3L));
        Map<Partition, Long> third = planner.toCommit(3000);
        assertEquals(Map.of(A0, 4L, A1, 3L), third);
        planner.committing(3000, third);
        planner.commitConfirmed(third);
        assertEquals(Map.of(), planner.toCommit(3000));
        assertEquals(Map.of(A0, 4L, A1, 3L), planner.committedOffsets());
    }

    @Test
    void aBatchPlannedBeforeARestartKeepsItsRangesAndTheNextBatchGoesOnAfterThem() {
        KafkaOffsetPlanner planner = new KafkaOffsetPlanner(0, 1000);
        planner.advance(A0, 4);                 // from the checkpoint
        planner.advance(A0, 2);                 // an older position does not move it back
        planner.replay(2000, List.of(new KafkaOffsetRange("a", 0, 4, 6), new KafkaOffsetRange("a", 1, 0, 3)));
        assertEquals(Map.of(A0, 6L, A1, 3L), planner.positions());
        assertEquals(List.of(new KafkaOffsetRange("a", 0, 6, 9), new KafkaOffsetRange("a", 1, 3, 3)),
                planner.plan(3000, Map.of(A0, 9L, A1, 3L)));
        assertEquals(Map.of(A0, 9L, A1, 3L), planner.toCommit(3000));
        assertEquals(Map.of(A0, 6L, A1, 3L), planner.toCommit(2000));
    }

    @Test
    void anUndonePlanLeavesThePositionsWhereTheyWere() {
        KafkaOffsetPlanner planner = new KafkaOffsetPlanner(0, 1000);
        planner.start(A0, 5, false);
        List<KafkaOffsetRange> ranges = planner.plan(1000, Map.of(A0, 9L));
        planner.unplan(1000, ranges);
        assertEquals(Map.of(A0, 5L), planner.positions());
        assertEquals(0, planner.uncommittedBatches());
        assertEquals(List.of(new KafkaOffsetRange("a", 0, 5, 10)), planner.plan(2000, Map.of(A0, 10L)));
    }

    @Test
    void partitionsThatDisappearAreForgotten() {
        KafkaOffsetPlanner planner = new KafkaOffsetPlanner(0, 1000);
        planner.start(A0, 0, false);
        planner.start(A1, 0, false);
        planner.retain(List.of(A1));
        assertEquals(List.of(A1), planner.partitions());
    }

    @Test
    void aReversedRangeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new KafkaOffsetRange("a", 0, 5, 4));
    }
}
