package dev.sluice.engine.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.streaming.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Cutting buffered records into blocks, by hand and every block interval on a manual clock. */
class BlockGeneratorTest {

    @Test
    void eachCutHandsOverWhatWasBufferedInOrderAndEmptyCutsNothing() {
        List<List<Object>> blocks = new ArrayList<>();
        List<Long> sizes = new ArrayList<>();
        BlockGenerator g = new BlockGenerator("t", new ManualClock(), 200_000, (records, bytes) -> {
            blocks.add(records);
            sizes.add(bytes);
        }, (m, e) -> { });
        g.add("a", 10);
        g.add("b", 20);
        g.cut();
        g.cut();
        g.add("c", 5);
        assertEquals(1, g.buffered());
        g.cut();
        assertEquals(List.of(List.of("a", "b"), List.of("c")), blocks);
        assertEquals(List.of(30L, 5L), sizes);
    }

    /**
     * The batch boundary's cut can come while the block timer's cut is still handing its block over
     * (it took the buffer, so nothing is pending any more): it must wait for that block, else the
     * batch is defined without records stored before its time.
     */
    @Test
    void aCutThatFindsNothingPendingWaitsForTheBlockAnotherCutIsHandingOver() throws Exception {
        java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        List<List<Object>> blocks = new CopyOnWriteArrayList<>();
        BlockGenerator g = new BlockGenerator("t", new ManualClock(), 200_000, (records, bytes) -> {
            entered.countDown();
            assertTrue(release.await(20, java.util.concurrent.TimeUnit.SECONDS), "released");
            blocks.add(records);
        }, (m, e) -> { });
        g.add("a", 1);
        Thread timerCut = new Thread(g::cut, "timer-cut");
        timerCut.start();
        assertTrue(entered.await(20, java.util.concurrent.TimeUnit.SECONDS), "the first cut reached its hand-over");
        List<Integer> seenByBoundary = new CopyOnWriteArrayList<>();
        Thread boundaryCut = new Thread(() -> {
            g.cut();
            seenByBoundary.add(blocks.size());
        }, "boundary-cut");
        boundaryCut.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (boundaryCut.getState() != Thread.State.BLOCKED && boundaryCut.isAlive()) {
            assertTrue(System.nanoTime() < deadline, "the boundary's cut neither returned nor waited");
            Thread.onSpinWait();
        }
        assertTrue(boundaryCut.isAlive(), "the boundary's cut returned before the block it follows was handed over");
        release.countDown();
        timerCut.join(20_000);
        boundaryCut.join(20_000);
        assertEquals(List.of(1), seenByBoundary, "the boundary's cut returned after the block was handed over");
        assertEquals(List.of(List.of("a")), blocks);
    }

    @Test
    void theTimerCutsEveryBlockIntervalOfTheClock() throws Exception {
        ManualClock clock = new ManualClock();
        List<List<Object>> blocks = new CopyOnWriteArrayList<>();
        BlockGenerator g = new BlockGenerator("t", clock, 200_000, (records, bytes) -> blocks.add(records), (m, e) -> { });   // 200 ms
        g.start();
        try {
            for (int i = 0; i < 3; i++) {
                g.add("r" + i, 1);
                clock.advance(Duration.ofMillis(200));
                int expected = i + 1;
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (blocks.size() < expected) {
                    assertTrue(System.nanoTime() < deadline, "block " + expected + " was not cut");
                    synchronized (blocks) {
                        blocks.wait(5);
                    }
                }
            }
            assertEquals(List.of(List.of("r0"), List.of("r1"), List.of("r2")), blocks);
        } finally {
            g.stop();
        }
    }

    @Test
    void aFailingHandlerIsReportedAndStopCutsTheRest() {
        List<String> errors = new ArrayList<>();
        List<List<Object>> blocks = new ArrayList<>();
        boolean[] fail = {true};
        BlockGenerator g = new BlockGenerator("t", new ManualClock(), 200_000, (records, bytes) -> {
            if (fail[0]) {
                throw new java.io.IOException("disk full");
            }
            blocks.add(records);
        }, (m, e) -> errors.add(m + ": " + e.getMessage()));
        g.add("lost", 1);
        g.cut();
        fail[0] = false;
        g.add("last", 1);
        g.stop();
        assertEquals(List.of("A block of 1 records could not be stored; they are lost: disk full"), errors);
        assertEquals(List.of(List.of("last")), blocks);
    }
}
