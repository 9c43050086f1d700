package dev.sluice.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A failing user function fails only its output's job for that batch. */
class FailureIsolationTest {

    /** A context on {@code clock} whose outputs print errors to {@code err}, recording every output's outcome in {@code infos}. */
    private static StreamingContext recording(ManualClock clock, ByteArrayOutputStream err, List<OutputOperationInfo> infos) {
        return recording(clock, err, infos, new ArrayList<>());
    }

    /** As above, also recording every {@code onError} message and cause in {@code errors}. */
    private static StreamingContext recording(ManualClock clock, ByteArrayOutputStream err, List<OutputOperationInfo> infos,
            List<String> errors) {
        StreamingContext ssc = StreamingContext.builder().batchInterval(StreamTestKit.BATCH).parallelism(2).clock(clock)
                .console(() -> Console.of(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true))).build();
        ssc.addListener(new StreamingListener() {
            @Override
            public void onOutputOperationCompleted(OutputOperationInfo output) {
                infos.add(output);
            }

            @Override
            public void onError(String message, Throwable error) {
                errors.add(message + " | " + (error == null ? "no cause" : error.getClass().getSimpleName()));
            }
        });
        return ssc;
    }

    @Test
    void failingOutputIsReportedWithBatchTimeAndOthersContinue() throws Exception {
        List<OutputOperationInfo> infos = Collections.synchronizedList(new ArrayList<>());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ManualClock clock = new ManualClock();
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        StreamingContext ssc = recording(clock, err, infos, errors);
        try {
            java.util.Queue<List<Integer>> q = new java.util.concurrent.ConcurrentLinkedQueue<>(List.of(List.of(1, 2), List.of(0), List.of(5)));
            DStream<Integer> in = ssc.queueStream(q);
            DStream<Integer> divided = in.map(x -> 10 / x).name("divided");
            List<List<Integer>> good = Collections.synchronizedList(new ArrayList<>());
            List<List<Integer>> fragile = Collections.synchronizedList(new ArrayList<>());
            divided.foreachRDD(rdd -> fragile.add(rdd.collect()));
            in.foreachRDD(rdd -> good.add(rdd.collect()));
            ssc.start();
            for (int i = 1; i <= 3; i++) {
                clock.advance(StreamTestKit.BATCH);
                assertTrue(ssc.awaitBatch(new Time(i * 1000L), StreamTestKit.WAIT));
            }
            assertEquals(List.of(List.of(1, 2), List.of(0), List.of(5)), good);
            assertEquals(List.of(List.of(10, 5), List.of(2)), fragile);
            List<OutputOperationInfo> failed = infos.stream().filter(i -> !i.succeeded()).toList();
            assertEquals(1, failed.size());
            String failure = failed.get(0).failure().orElseThrow();
            assertEquals(2000L, failed.get(0).batchTime().milliseconds());
            assertTrue(failure.contains("at batch t=2s") && failure.contains("'divided'") && failure.contains("ArithmeticException"), failure);
            String all = err.toString(StandardCharsets.UTF_8);
            // the console may also carry the engine's log lines, with their full traces; this is the output's report
            String shown = ("\n" + all).substring(("\n" + all).indexOf("\nOutput 1 (") + 1);
            assertTrue(shown.contains("failed at batch t=2s"), shown);
            assertTrue(shown.contains("java.lang.ArithmeticException: / by zero\n\t"), "the trace follows the report: " + shown);
            assertTrue(!shown.contains("dev.sluice.engine."), "no engine frame is shown as it is: " + shown);
            assertTrue(shown.matches("(?s).*\\.\\.\\. \\d+ frames in the engine.*"), "the engine's frames are folded: " + shown);
            List<StreamingError> recent = ssc.recentErrors();
            assertEquals(1, recent.size(), "the failure is kept among the recent errors: " + recent);
            StreamingError kept = recent.get(0);
            assertEquals(failure, kept.message());
            assertEquals(new Time(2000), kept.time());
            assertTrue(kept.output().orElseThrow().startsWith("output 1 (foreachRDD of 'divided'"), kept.toString());
            assertTrue(kept.stream().orElseThrow().startsWith("'divided'"), kept.toString());
            assertTrue(kept.exception().orElseThrow() instanceof ArithmeticException, "the throwable is kept: " + kept);
            assertEquals(List.of(failure + " | ArithmeticException"), errors, "listeners hear of it through onError too");
            assertEquals(StreamingContextState.ACTIVE, ssc.state());
            BatchInfo second = ssc.recentBatches().get(1);
            assertEquals(1L, second.numRecords());
            assertTrue(!second.succeeded() && ssc.recentBatches().get(2).succeeded());
        } finally {
            ssc.stop();
        }
    }

    @Test
    void anImmediateStopDuringAnOutputsActionIsNotReportedAsItsFailure() throws Exception {
        List<OutputOperationInfo> infos = Collections.synchronizedList(new ArrayList<>());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ManualClock clock = new ManualClock();
        java.util.concurrent.CountDownLatch running = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        StreamingContext ssc = recording(clock, err, infos);
        try {
            DStream<Integer> in = ssc.queueStream(new java.util.concurrent.ConcurrentLinkedQueue<>(List.of(List.of(1, 2))));
            in.foreachRDD(rdd -> rdd.map(x -> {
                running.countDown();
                release.await(StreamTestKit.WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
                return x;
            }).count());
            ssc.start();
            clock.advance(StreamTestKit.BATCH);
            assertTrue(running.await(StreamTestKit.WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS));
            ssc.stop();
            assertEquals(List.of(), ssc.recentErrors(), "a batch cut short by stop() is not an error");
            assertEquals("", err.toString(StandardCharsets.UTF_8), "nothing printed for the interrupted output");
            List<String> failures = infos.stream().map(i -> i.failure().orElse("ok")).toList();
            assertTrue(failures.isEmpty() || failures.equals(List.of("interrupted")), failures.toString());
        } finally {
            release.countDown();
            ssc.stop();
        }
    }

    @Test
    void aFailureThatRepeatsEveryBatchIsPrintedOnceAMinuteWithACount() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ManualClock clock = new ManualClock();
        Duration batch = Duration.ofSeconds(20);
        StreamingContext ssc = StreamingContext.builder().batchInterval(batch).parallelism(2).clock(clock)
                .console(() -> Console.of(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true))).build();
        try {
            DStream<String> words = ssc.queueStream(new java.util.concurrent.ConcurrentLinkedQueue<>(List.of(
                    List.of("ab"), List.of("cd"), List.of("ef"), List.of("gh"), List.of("ijkl"))));
            words.map(w -> w.substring(0, 3)).print();
            ssc.start();
            for (int i = 1; i <= 5; i++) {
                clock.advance(batch);
                assertTrue(ssc.awaitBatch(new Time(i * 20_000L), StreamTestKit.WAIT));
            }
            String text = err.toString(StandardCharsets.UTF_8);
            // the console may also carry the engine's log lines (task retries); these are the output's
            List<String> lines = text.lines().filter(l -> l.startsWith("Output 1 (") || l.startsWith("  (the same failure")).toList();
            assertEquals(3, lines.size(), text);
            // the JDK's own message for it (its wording changed between versions)
            String thrown = org.junit.jupiter.api.Assertions.assertThrows(StringIndexOutOfBoundsException.class,
                    () -> "ab".substring(0, 3)).toString();
            assertTrue(lines.get(0).startsWith("Output 1 (print of ") && lines.get(0).endsWith(
                    " failed at batch t=20s: " + thrown), text);
            assertTrue(lines.get(1).contains("counted and shown again at most once a minute"), text);
            assertTrue(lines.get(2).contains(" failed at batch t=80s: ")
                    && lines.get(2).endsWith(" (again; 2 more times since it was last shown)"), text);
            String reports = ("\n" + text).substring(("\n" + text).indexOf("\nOutput 1 (") + 1);
            List<String> reportLines = reports.lines().toList();
            int first = 0;
            int repeat = reportLines.indexOf(lines.get(2));
            assertTrue(reportLines.get(first + 1).startsWith("java.lang.StringIndexOutOfBoundsException")
                    && reportLines.get(first + 2).startsWith("\t"), "the first report has a stack trace: " + reports);
            assertTrue(repeat == reportLines.size() - 1 || !reportLines.get(repeat + 1).startsWith("\t"),
                    "a repeat is one line: " + reports);
            assertEquals(4, ssc.recentBatches().stream().filter(b -> !b.succeeded()).count(), "every failure is still reported");
        } finally {
            ssc.stop();
        }
    }

    @Test
    void aStoppedOutputsFailuresStopToo() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ManualClock clock = new ManualClock();
        Duration batch = Duration.ofSeconds(20);
        StreamingContext ssc = StreamingContext.builder().batchInterval(batch).parallelism(2).clock(clock)
                .console(() -> Console.of(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true))).build();
        try {
            java.util.Queue<List<Integer>> q = new java.util.concurrent.ConcurrentLinkedQueue<>();
            for (int i = 0; i < 6; i++) {
                q.add(List.of(0));
            }
            OutputHandle failing = ssc.queueStream(q).map(x -> 1 / x).print();
            ssc.start();
            clock.advance(batch);
            assertTrue(ssc.awaitBatch(new Time(20_000L), StreamTestKit.WAIT));
            failing.stop();
            for (int i = 2; i <= 6; i++) {
                clock.advance(batch);
                assertTrue(ssc.awaitBatch(new Time(i * 20_000L), StreamTestKit.WAIT));
            }
            String text = err.toString(StandardCharsets.UTF_8);
            List<String> reports = text.lines().filter(l -> l.startsWith("Output 1 (")).toList();
            assertEquals(1, reports.size(), "nothing comes back after the output stopped, also past a minute: " + text);
            assertTrue(reports.get(0).contains("failed at batch t=20s"), text);
        } finally {
            ssc.stop();
        }
    }

    @Test
    void adHocActionFailureThrowsJobFailedWithTheUserException() {
        try (StreamTestKit kit = new StreamTestKit()) {
            RDD<Integer> rdd = kit.ssc.parallelize(List.of(1, 0, 2));
            JobFailedException e = org.junit.jupiter.api.Assertions.assertThrows(JobFailedException.class,
                    () -> rdd.map(x -> 1 / x).collect());
            assertTrue(e.getCause() instanceof ArithmeticException, String.valueOf(e.getCause()));
            assertTrue(e.getMessage().startsWith("collect() failed"), e.getMessage());
            assertEquals(List.of(1, 2), rdd.filter(x -> x != 0).collect());
        }
    }
}
