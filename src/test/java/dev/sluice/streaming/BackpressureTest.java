package dev.sluice.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Backpressure from batch statistics: slow batches lower a receiver's rate limit, never above its
 * maxRate; it can be switched off and on while the context runs.
 */
class BackpressureTest {

    static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void slowBatchesLowerTheRateAndTheOptionChangesWhileRunning() throws Exception {
        ManualClock clock = new ManualClock();
        try (StreamingContext ssc = StreamingContext.builder().batchInterval(Duration.ofSeconds(1)).clock(clock)
                .maxRate(100_000).backpressure(true).build()) {
            ReceiverTest.Manual<Integer> r = new ReceiverTest.Manual<>();
            // each batch "takes" 2 s of clock time: the job moves the manual clock while it runs
            ssc.receiverStream(r).foreachRDD(rdd -> {
                rdd.count();
                clock.advance(Duration.ofMillis(2000));
            });
            ssc.start();
            r.awaitStarted();
            long t = 0;
            for (int i = 0; i < 3; i++) {
                r.store(java.util.Collections.nCopies(1000, i));
                // a job of an earlier batch may be moving the clock: read and set it as one step
                synchronized (clock) {
                    t = (clock.millis() / 1000 + 1) * 1000;
                    clock.setTime(t);
                }
                assertTrue(ssc.awaitBatch(new Time(t), WAIT));
            }
            ReceiverTest.await(() -> ssc.receivers().get(0).rateLimit() < 100_000, "a lower rate limit");
            long limited = ssc.receivers().get(0).rateLimit();
            assertTrue(limited >= 100 && limited <= 1000, "limit " + limited);   // processing ran at 500 records/s
            assertTrue(ssc.isBackpressureEnabled());
            ssc.setBackpressure(false);
            assertFalse(ssc.isBackpressureEnabled());
            assertEquals(100_000, ssc.receivers().get(0).rateLimit());
            ssc.setMaxRate(0);
            assertEquals(0, ssc.receivers().get(0).rateLimit());
            assertEquals(List.of(), ssc.recentErrors());
        }
    }

    @Test
    void theInitialRateAppliesFromTheStartAndRampsUpWhileMemoryAllows() throws Exception {
        ManualClock clock = new ManualClock();
        try (StreamingContext ssc = StreamingContext.builder().batchInterval(Duration.ofSeconds(1)).clock(clock)
                .backpressure(true).initialRate(500).maxUnprocessedBytes(400_000).build()) {
            ReceiverTest.Manual<String> r = new ReceiverTest.Manual<>();
            ssc.receiverStream(r).foreachRDD(rdd -> rdd.count());
            ssc.start();
            r.awaitStarted();
            assertEquals(500, ssc.receivers().get(0).rateLimit(), "before any batch");
            r.store(java.util.Collections.nCopies(100, "x"));
            assertEquals(1000, ssc.receivers().get(0).rateLimit(), "a block stored with memory to spare: doubled");
            r.store(java.util.Collections.nCopies(100, "x"));
            assertEquals(2000, ssc.receivers().get(0).rateLimit());
            // now fill more than half of the budget: the ramp goes down to its floor
            List<String> big = new java.util.ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                big.add("record-" + "y".repeat(80) + i);
            }
            clock.advance(Duration.ofSeconds(1));     // refills the rate limiter's bucket for 2,000 records
            assertTrue(ssc.awaitBatch(new Time(1000), WAIT));
            r.store(big);
            assertEquals(100, ssc.receivers().get(0).rateLimit(), "unprocessed input above half the budget");
            assertEquals(0, ssc.receivers().get(0).recordsDropped());
        }
    }

    @Test
    void withoutAnInitialRateBackpressureStartsAtItsDefaultButNeverAboveMaxRate() throws Exception {
        ManualClock clock = new ManualClock();
        try (StreamingContext ssc = StreamingContext.builder().batchInterval(Duration.ofSeconds(1)).clock(clock)
                .backpressure(true).maxRate(300).build()) {
            ReceiverTest.Manual<String> r = new ReceiverTest.Manual<>();
            ssc.receiverStream(r).foreachRDD(rdd -> rdd.count());
            ssc.start();
            r.awaitStarted();
            assertEquals(300, ssc.receivers().get(0).rateLimit());
            ssc.setBackpressure(false);
            assertEquals(300, ssc.receivers().get(0).rateLimit());
            ssc.setMaxRate(0);
            assertEquals(0, ssc.receivers().get(0).rateLimit());
            ssc.setBackpressure(true);
            assertEquals(1000, ssc.receivers().get(0).rateLimit(), "the default initial rate: 1,000 records/s");
        }
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> StreamingContext.builder().initialRate(-1));
        assertTrue(e.getMessage().contains("use 0 for the default"), e.getMessage());
    }
}
