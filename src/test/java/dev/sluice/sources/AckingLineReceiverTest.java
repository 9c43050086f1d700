package dev.sluice.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.streaming.ManualClock;
import dev.sluice.streaming.StreamingContext;
import dev.sluice.streaming.Time;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documented reliable receiver: acknowledges only what is in the write-ahead log, and after a
 * restart of the context resumes from the stored position, so nothing is lost or stored twice.
 */
class AckingLineReceiverTest {

    static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private static List<String> all(List<List<String>> batches) {
        List<String> out = new ArrayList<>();
        batches.forEach(out::addAll);
        return out;
    }

    private StreamingContext context(ManualClock clock, int port, List<List<String>> out) {
        return StreamingContext.getOrCreate(dir, () -> {
            StreamingContext c = StreamingContext.builder().batchInterval(Duration.ofSeconds(1)).clock(clock)
                    .checkpointDir(dir).checkpointInterval(Duration.ofSeconds(1)).build();
            c.receiverStream(new AckingLineReceiver("127.0.0.1", port, 7)).name("feed").foreachRDD(rdd -> out.add(rdd.collect()));
            return c;
        });
    }

    @Test
    void acknowledgesStoredLinesAndResumesAfterARestartWithoutDuplicates() throws Exception {
        try (FeederServer feeder = new FeederServer(40, 1_000_000)) {
            List<List<String>> first = Collections.synchronizedList(new ArrayList<>());
            ManualClock clock = new ManualClock();
            StreamingContext a = context(clock, feeder.port(), first);
            a.start();
            assertTrue(feeder.awaitAcked(39, WAIT.toMillis(), null), "all 40 lines acknowledged");
            clock.advance(Duration.ofSeconds(1));
            assertTrue(a.awaitBatch(new Time(1000), WAIT));
            a.stop();                                   // abrupt: nothing graceful about it
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                expected.add("rec-" + i);
            }
            assertEquals(expected, all(first));
            assertTrue(first.get(0).size() == 40);

            List<List<String>> second = Collections.synchronizedList(new ArrayList<>());
            ManualClock clock2 = new ManualClock(1000);
            StreamingContext b = context(clock2, feeder.port(), second);
            b.start();
            try {
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (feeder.connections.get() < 2) {
                    assertTrue(System.nanoTime() < deadline, "the receiver reconnected");
                    feeder.awaitAcked(Long.MAX_VALUE, 5, null);
                }
                clock2.advance(Duration.ofSeconds(1));
                assertTrue(b.awaitBatch(new Time(2000), WAIT));
                assertEquals(List.of(), all(second), "nothing is read twice");
                assertEquals(0, feeder.resumesBelowAcked.get());
            } finally {
                b.stop();
            }
        }
    }
}
