package dev.sluice.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.streaming.ManualClock;
import dev.sluice.streaming.StreamingContext;
import dev.sluice.streaming.Time;
import dev.sluice.testing.Wait;
import java.time.Duration;
import java.util.LinkedList;
import java.util.List;
import java.util.Queue;
import org.junit.jupiter.api.Test;

class StatusLineTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static StreamingContext context(ManualClock clock, Queue<List<Integer>> queue) {
        StreamingContext ssc = StreamingContext.builder().batchInterval(Duration.ofSeconds(1)).parallelism(1)
                .clock(clock).build();
        ssc.queueStream(queue).foreachRDD(rdd -> rdd.count());
        return ssc;
    }

    @Test
    void showsTheContextItFollowsAndOnlyItsBatches() throws Exception {
        ManualClock oldClock = new ManualClock();
        StreamingContext old = context(oldClock, new LinkedList<>(List.of(List.of(1, 2, 3))));
        ManualClock newClock = new ManualClock();
        StreamingContext fresh = context(newClock, new LinkedList<>(List.of(List.of(1, 2, 3, 4, 5))));
        try (StatusLine line = new StatusLine(old, text -> { })) {
            line.start();
            old.start();
            oldClock.setTime(1000);
            assertTrue(old.awaitBatch(new Time(1000), TIMEOUT));
            Wait.until("the old context's batch on the line", () -> line.text().contains(" | 3 rec/s | "), TIMEOUT,
                    line::text);
            assertTrue(line.text().startsWith("sluice | batch t=1s | "), line.text());
            old.stop(true);

            line.follow(fresh);
            assertEquals("sluice | context initialized | no batch yet | 1 active output", line.text());
            fresh.start();
            newClock.setTime(1000);
            assertTrue(fresh.awaitBatch(new Time(1000), TIMEOUT));
            Wait.until("the new context's batch on the line", () -> line.text().contains(" | 5 rec/s | "), TIMEOUT,
                    line::text);
        } finally {
            fresh.stop(false);
        }
    }
}
