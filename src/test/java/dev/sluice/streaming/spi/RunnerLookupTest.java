package dev.sluice.streaming.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.streaming.DStream;
import dev.sluice.streaming.ManualClock;
import dev.sluice.streaming.StreamingContext;
import dev.sluice.streaming.StreamingContextState;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How {@code master(...)} picks where a context runs: the embedded engine, or a runner found on the class path. */
class RunnerLookupTest {

    private static StreamingContext.Builder builder() {
        return StreamingContext.builder().batchInterval(Duration.ofSeconds(1)).clock(new ManualClock());
    }

    @Test
    void withoutAMasterTheEmbeddedEngineRuns() throws InterruptedException {
        int opened = RecordingRunner.OPENED.size();
        try (StreamingContext ssc = builder().build(); StreamingContext named = builder().master("embedded").build()) {
            assertEquals(StreamingContext.EMBEDDED, ssc.master());
            assertEquals("embedded", named.master());
            assertEquals(Map.of(), ssc.conf());
            ssc.start();
            assertEquals(StreamingContextState.ACTIVE, ssc.state());
        }
        assertEquals(opened, RecordingRunner.OPENED.size(), "no runner was asked");
    }

    @Test
    void aSparkMasterWithoutTheSparkRunnerFailsAtBuildSayingWhatToAdd() {
        for (String master : List.of("local[2]", "local[*]", "local", "spark://127.0.0.1:7077")) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> builder().master(master).build());
            assertEquals("no runner for master '" + master + "' is on the class path (found only recording); to run on"
                    + " Spark, add the Spark runner to the class path (the sluice-spark jar and the Spark 4.1.0 jars it"
                    + " depends on), or leave the master unset (or \"embedded\") to run on the embedded engine", e.getMessage());
        }
        assertTrue(StreamingContext.live().stream().noneMatch(c -> c.master().startsWith("local")),
                "a context that failed to build is not left behind");
    }

    @Test
    void theBuilderChecksMasterAndConfiguration() {
        assertThrows(IllegalArgumentException.class, () -> builder().master(" "));
        assertThrows(NullPointerException.class, () -> builder().master(null));
        assertThrows(IllegalArgumentException.class, () -> builder().conf("", "x"));
        assertThrows(NullPointerException.class, () -> builder().conf("spark.app.name", null));
    }

    @Test
    void aRunnerReceivesTheMasterTheConfigurationAndThePlanAndRunsTheLifecycle() throws InterruptedException {
        Map<String, String> more = new LinkedHashMap<>();
        more.put("spark.cores.max", "2");
        more.put("spark.executor.memory", "512m");
        StreamingContext ssc = builder().master("recording://one").conf("spark.app.name", "words")
                .sparkConf(more).conf("spark.executor.memory", "1g").build();
        RecordingRunner.Recording run = RecordingRunner.OPENED.get(RecordingRunner.OPENED.size() - 1);
        assertSame(ssc, run.context.streamingContext());
        assertEquals("recording://one", run.context.master());
        assertEquals("recording://one", ssc.master());
        assertEquals(List.of("spark.app.name=words", "spark.cores.max=2", "spark.executor.memory=1g"),
                run.context.conf().entrySet().stream().map(Object::toString).toList());
        assertEquals(ssc.conf(), run.context.conf());
        assertEquals(Duration.ofSeconds(1), run.context.batchInterval());

        DStream<String> words = ssc.queueStream(new LinkedList<List<String>>()).name("words");
        words.countByValue().print();
        assertEquals(StreamingContextState.INITIALIZED, ssc.state());
        assertEquals(List.of(), run.calls, "nothing runs before start");
        ssc.start();
        assertEquals(StreamingContextState.ACTIVE, ssc.state());
        assertEquals("stream 1 'words' = ssc.queueStream(queue)\nstream 3 = stream(1).countByValue()\noutput 1 = stream(3).print()\n",
                run.plans.get(0));
        assertThrows(IllegalStateException.class, ssc::start);

        words.map(String::length).print(3);
        assertEquals(List.of("start", "planChanged", "planChanged"), run.calls, "a stream and an output added after start");
        assertTrue(run.plans.get(2).endsWith("output 2 = stream(4).print(3)\n"), run.plans.get(2));

        assertFalse(ssc.awaitTerminationOrTimeout(Duration.ofMillis(10)));
        ssc.stop(true);
        ssc.stop();
        assertEquals(StreamingContextState.STOPPED, ssc.state());
        assertEquals(List.of("start", "planChanged", "planChanged", "stop(true)"), run.calls, "stop is passed on once");
        assertTrue(ssc.awaitTerminationOrTimeout(Duration.ofMillis(10)));
        assertTrue(ssc.toString().startsWith("StreamingContext[") && ssc.toString().contains(" on recording://one, STOPPED"), ssc.toString());
    }
}
