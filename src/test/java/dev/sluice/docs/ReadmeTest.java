package dev.sluice.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.display.TextDisplay;
import dev.sluice.repl.ScriptReader;
import dev.sluice.session.Completeness;
import dev.sluice.session.EvalInterruptedException;
import dev.sluice.session.EvalResult;
import dev.sluice.session.Session;
import dev.sluice.session.SessionOptions;
import dev.sluice.session.SnippetOutcome;
import dev.sluice.streaming.ManualClock;
import dev.sluice.streaming.RDD;
import dev.sluice.streaming.StreamingContext;
import dev.sluice.streaming.Time;
import dev.sluice.testing.CapturingConsole;
import dev.sluice.testing.Wait;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Runs every Java block of README.md through the session, line by line as typed in the shell, and
 * checks what the tour says happens, on a manual clock.
 */
class ReadmeTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String[] FRUIT = {"apple", "banana", "cherry", "apple", "banana", "apple"};

    /** Types a block into the session the way the shell splits typed lines; returns each unit's result. */
    private static List<EvalResult> type(Session session, ReadmeSnippets.Block block) {
        ScriptReader reader = new ScriptReader(session);
        List<String> units = new ArrayList<>();
        for (String line : block.lines()) {
            units.addAll(reader.feed(line));
        }
        reader.finish().ifPresent(units::add);
        assertTrue(!units.isEmpty() && session.isComplete(units.get(units.size() - 1)) == Completeness.COMPLETE,
                "block ends with a complete snippet:\n" + block.code());
        List<EvalResult> results = new ArrayList<>();
        for (String unit : units) {
            results.add(session.eval(unit));
        }
        return results;
    }

    private static void step(Session session) throws InterruptedException {
        ManualClock clock = session.manualClock().orElseThrow();
        long next = clock.millis() + 1000;
        clock.setTime(next);
        assertTrue(session.context().awaitBatch(new Time(next), TIMEOUT), "batch " + next);
    }

    /** The print() blocks printed for batch time t: the lines between the header and the blank line. */
    private static List<List<String>> printed(String out, long t) {
        List<List<String>> blocks = new ArrayList<>();
        String header = "-------------------------------------------\nTime: " + t + " ms\n-------------------------------------------\n";
        int at = out.indexOf(header);
        while (at >= 0) {
            int start = at + header.length();
            int end = out.indexOf("\n\n", start - 1);
            blocks.add(out.substring(start, end).lines().toList());
            at = out.indexOf(header, end);
        }
        return blocks;
    }

    /** The tour's word counts over the window (t - length, t], computed from the rate source's numbers. */
    private static Map<String, Long> expectedCounts(long t, long lengthMicros) {
        long perSecond = 20;
        long from = Math.max(0, (t - lengthMicros) / 1000 * perSecond);
        long to = t / 1000 * perSecond;
        return LongStream.range(from, to).mapToObj(n -> FRUIT[(int) (n % FRUIT.length)])
                .collect(Collectors.groupingBy(w -> w, TreeMap::new, Collectors.counting()));
    }

    private static Set<String> pairs(Map<String, Long> counts) {
        return counts.entrySet().stream().map(e -> "(" + e.getKey() + "," + e.getValue() + ")").collect(Collectors.toSet());
    }

    @Test
    void theTourWorksAsWritten() throws Exception {
        List<ReadmeSnippets.Block> tour = ReadmeSnippets.inSection("Five-minute tour");
        assertEquals(6, tour.size(), "the tour's blocks; update this test with the README");
        CapturingConsole console = new CapturingConsole();
        try (Session session = Session.open(SessionOptions.builder().manualClock(true).parallelism(2)
                .batchInterval(Duration.ofSeconds(1)).console(() -> console).build())) {

            // 1. a source
            type(session, tour.get(0));

            // 2. windowed word count, printed every batch
            type(session, tour.get(1));
            for (int i = 0; i < 4; i++) {
                step(session);
            }
            for (long t = 1000; t <= 4000; t += 1000) {
                List<List<String>> at = printed(console.outText(), t);
                assertEquals(1, at.size(), "one print at " + t + ":\n" + console.outText());
                assertEquals(pairs(expectedCounts(t, 4000)), new HashSet<>(at.get(0)), "counts at " + t);
            }
            assertEquals(Set.of("(apple,40)", "(banana,27)", "(cherry,13)"), new HashSet<>(printed(console.outText(), 4000).get(0)),
                    "the sample output shown in the README");

            // 3. join with a static dataset
            type(session, tour.get(2));
            step(session);
            List<List<String>> at5 = printed(console.outText(), 5000);
            assertEquals(2, at5.size(), console.outText());
            Map<String, Long> counts5 = expectedCounts(5000, 4000);
            assertEquals(Set.of("(apple,(" + counts5.get("apple") + ",red))", "(banana,(" + counts5.get("banana") + ",yellow))"),
                    new HashSet<>(at5.get(1)));

            // 4. ad-hoc queries with latest(), and a window attached later that starts full
            List<EvalResult> queries = type(session, tour.get(3));
            assertEquals(2, queries.size());
            RDD<?> latest = assertInstanceOf(RDD.class, queries.get(0).value());
            String table = TextDisplay.render(latest);
            for (Map.Entry<String, Long> e : counts5.entrySet()) {
                assertTrue(table.contains(String.format("%-6s | %d", e.getKey(), e.getValue())), table);
            }
            long over20 = counts5.values().stream().filter(v -> v > 20).count();
            assertEquals(over20, queries.get(1).value());

            type(session, tour.get(4));
            step(session);
            List<List<String>> at6 = printed(console.outText(), 6000);
            assertEquals(3, at6.size(), console.outText());
            assertEquals(List.of("120"), at6.get(2), "10 s of 20 records a second, from retained batches");

            // 5. stop two outputs; the join keeps printing
            type(session, tour.get(5));
            step(session);
            List<List<String>> at7 = printed(console.outText(), 7000);
            assertEquals(1, at7.size(), console.outText());
            assertTrue(at7.get(0).get(0).startsWith("(apple,("), at7.toString());
        }
    }

    @Test
    void theLibraryExampleRuns() throws Exception {
        List<ReadmeSnippets.Block> blocks = ReadmeSnippets.inSection("Using the engine as a library");
        assertEquals(1, blocks.size());
        try (Session session = Session.open(SessionOptions.builder().parallelism(2).console(CapturingConsole::new).build())) {
            // A program, not shell input: its snippets are cut from the whole block, as for a notebook cell.
            // Its own context is named ssc too, which a session (holding an ssc of its own) refuses.
            List<String> units = session.split(ReadmeSnippets.asProgram(blocks.get(0).code()));
            StreamingContext ssc = null;
            for (String unit : units) {
                if (unit.startsWith("program.awaitTerminationOrTimeout")) {
                    // The example waits 30 s; once batches have completed, interrupt the wait, as Ctrl-C would.
                    StreamingContext running = ssc;
                    CompletableFuture<EvalResult> waiting = CompletableFuture.supplyAsync(() -> session.eval(unit));
                    Wait.until("two batches of the example", () -> running.recentBatches().size() >= 2, TIMEOUT);
                    session.interrupt();
                    ExecutionException e = assertThrows(ExecutionException.class, () -> waiting.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
                    assertInstanceOf(EvalInterruptedException.class, e.getCause());
                    continue;
                }
                EvalResult r = session.eval(unit);
                for (SnippetOutcome s : r.snippets()) {
                    if (s.kind() == SnippetOutcome.Kind.VARIABLE && s.value() instanceof StreamingContext c) {
                        ssc = c;
                    }
                }
            }
            assertFalse(ssc == null, "the example declares ssc");
            assertTrue(ssc.recentBatches().stream().allMatch(b -> b.succeeded()), ssc.recentBatches().toString());
            assertEquals(dev.sluice.streaming.StreamingContextState.STOPPED, ssc.state(), "the example stops its context");
        }
    }

    @Test
    void theRddExampleRuns() throws Exception {
        List<ReadmeSnippets.Block> blocks = ReadmeSnippets.inSection("Spark Streaming names in Sluice");
        assertEquals(1, blocks.size());
        try (Session session = Session.open(SessionOptions.builder().batchInterval(Duration.ofSeconds(1)).parallelism(2)
                .manualClock(true).console(() -> new CapturingConsole()).build())) {
            type(session, blocks.get(0));
            assertEquals("[(be,2), (to,2)]", session.eval("byCount.stream().map(Object::toString).sorted().toList()").value().toString());
            assertEquals("{be=2, not=1, or=1, to=2}", session.eval("new TreeMap<>(perWord)").value().toString());
            assertEquals(2, session.eval("halves.length").value());
            assertEquals(2L, session.eval("halves[0].count() + halves[1].count()").value());
        }
    }

    @Test
    void everyJavaBlockIsCovered() throws IOException {
        Set<String> sections = ReadmeSnippets.blocks().stream().map(ReadmeSnippets.Block::section).collect(Collectors.toSet());
        // the Kafka section's block is run by KafkaStreamTest, which has a broker; the ingestion
        // section's by ReadmeIngestionTest, which has a socket server
        assertEquals(Set.of("Five-minute tour", "Using the engine as a library", "Kafka", "Ingestion, checkpoints and recovery",
                "Spark Streaming names in Sluice"), sections,
                "a new README section with Java code needs a test here");
    }
}
