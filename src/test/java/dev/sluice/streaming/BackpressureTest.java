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
}
