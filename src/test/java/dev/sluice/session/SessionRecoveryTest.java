package dev.sluice.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.streaming.ManualClock;
import dev.sluice.streaming.PairDStream;
import dev.sluice.streaming.Time;
import dev.sluice.testing.CapturingConsole;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A shell session with a checkpoint directory recovers the state of a graph rebuilt by replaying its snippets. */
class SessionRecoveryTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String GRAPH = """
            DStream<Long> ticks = ssc.rateStream(2).name("ticks");
            PairDStream<Long, Long> counts = ticks.mapToPair(n -> Pair.of(n % 2, 1L))
                .updateStateByKey((Iterable<Long> vs, Optional<Long> s) -> {
                    long c = s.orElse(0L);
                    for (long v : vs) c += v;
                    return Optional.of(c);
                }).name("counts");
            counts.print(0);
            """;

    private static Session open(Path dir) {
        return Session.open(SessionOptions.builder().batchInterval(Duration.ofSeconds(1)).parallelism(2)
                .manualClock(true).checkpointDir(dir).console(CapturingConsole::new).build());
    }

    private static void runTo(Session s, long millis) throws InterruptedException {
        ManualClock clock = s.manualClock().orElseThrow();
        for (long t = (clock.millis() / 1000 + 1) * 1000; t <= millis; t += 1000) {
            clock.setTime(t);
            assertTrue(s.context().awaitBatch(new Time(t), WAIT), "batch " + t);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<Long, Long> counts(Session s) {
        return ((PairDStream<Long, Long>) s.context().stream("counts")).latest().collectAsMap();
    }

    @Test
    void replayingTheSnippetsAfterARestartRestoresTheState(@TempDir Path dir) throws Exception {
        Session first = open(dir);
        try {
            assertFalse(first.context().recoversFromCheckpoint());
            first.eval(GRAPH);
            first.eval("ssc.start();");
            runTo(first, 10_000);
            assertEquals(Map.of(0L, 10L, 1L, 10L), counts(first));
        } finally {
            first.close();
        }

        Session second = open(dir);
        try {
            assertTrue(second.context().recoversFromCheckpoint());
            second.eval(GRAPH);
            second.eval("ssc.start();");
            ManualClock clock = second.manualClock().orElseThrow();
            clock.setTime(10_000);
            runTo(second, 11_000);
            Map<Long, Long> after = counts(second);
            assertEquals(Map.of(0L, 11L, 1L, 11L), after, "state carried over the restart, plus one more batch");
        } finally {
            second.close();
        }
    }
}
