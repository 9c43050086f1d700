package dev.sluice.kernel;

import dev.sluice.session.SessionOptions;
import io.github.spencerpark.jupyter.messages.Header;
import io.github.spencerpark.jupyter.messages.Message;
import io.github.spencerpark.jupyter.messages.MessageType;
import io.github.spencerpark.jupyter.messages.request.CompleteRequest;
import io.github.spencerpark.jupyter.messages.request.ExecuteRequest;
import io.github.spencerpark.jupyter.messages.request.HistoryRequest;
import io.github.spencerpark.jupyter.messages.request.InspectRequest;
import io.github.spencerpark.jupyter.messages.request.IsCompleteRequest;
import io.github.spencerpark.jupyter.messages.request.KernelInfoRequest;
import io.github.spencerpark.jupyter.messages.request.ShutdownRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Drives {@link SluiceKernel} directly with protocol requests over a real session and engine on a
 * manual clock, recording what it publishes; the socket-level checks run with a real Jupyter client
 * in .ci/kernel-e2e.sh.
 */
class SluiceKernelTest {
    private static final List<Message<?>> published = new CopyOnWriteArrayList<>();
    private static final Object arrivals = new Object();
    private static SluiceKernel kernel;

    @BeforeAll
    static void startKernel() {
        SessionOptions options = SessionOptions.builder().manualClock(true).parallelism(2)
                .batchInterval(Duration.ofSeconds(1)).build();
        kernel = SluiceKernel.start(options, new Publisher(m -> {
            published.add(m);
            synchronized (arrivals) {
                arrivals.notifyAll();
            }
        }));
    }

    @AfterAll
    static void stopKernel() {
        kernel.shutdown(false);
    }

    /** A request and everything the kernel sent for it. */
    record Exchange(Message<?> request, List<Message<?>> replies) {
        String id() {
            return request.getHeader().getId();
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> reply() {
            assertEquals(1, replies.size(), "exactly one reply");
            return (Map<String, Object>) replies.get(0).getContent();
        }

        List<Map<String, Object>> published(String type) {
            return SluiceKernelTest.published(m -> parentId(m).equals(id()) && m.getHeader().getType().getName().equals(type));
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> published(Predicate<Message<?>> filter) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Message<?> m : published) {
            if (filter.test(m)) out.add((Map<String, Object>) m.getContent());
        }
        return out;
    }

    static String parentId(Message<?> m) {
        return m.hasParentHeader() ? m.getParentHeader().getId() : "";
    }

    static <T> Message<T> request(MessageType<T> type, T content) {
        return new Message<>(List.of(), new Header<>(type), null, null, content, null);
    }

    static Exchange send(Message<?> request) {
        List<Message<?>> replies = new ArrayList<>();
        kernel.handle(request, replies::add);
        return new Exchange(request, replies);
    }

    static Exchange execute(String code) {
        return execute(code, false, true);
    }

    static Exchange execute(String code, boolean silent, boolean storeHistory) {
        return send(request(MessageType.EXECUTE_REQUEST, new ExecuteRequest(code, silent, storeHistory, Map.of(), false, true)));
    }

    static String text(Exchange e) {
        StringBuilder sb = new StringBuilder();
        for (Map<String, Object> s : e.published("stream")) sb.append(s.get("text"));
        return sb.toString();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> data(Map<String, Object> content) {
        return (Map<String, Object>) content.get("data");
    }

    /** Waits (bounded) until a published message satisfies the condition. */
    static void awaitPublished(Predicate<Message<?>> condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        synchronized (arrivals) {
            while (published.stream().noneMatch(condition)) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) throw new AssertionError("timed out waiting for " + what);
                try {
                    arrivals.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted waiting for " + what);
                }
            }
        }
    }

    @Test
    void aTrailingOrLeadingQuestionMarkAsksForThePager() {
        assertEquals("Math.max", SluiceKernel.helpTopic("Math.max?"));
        assertEquals("ssc.start", SluiceKernel.helpTopic("  ?ssc.start \n"));
        assertEquals(null, SluiceKernel.helpTopic("int x = a ? 1 : 2;"));
        assertEquals(null, SluiceKernel.helpTopic("?"));
        assertEquals(null, SluiceKernel.helpTopic("a?\nb?"));
    }

    @Test
    void executionCountFollowsStoreHistoryAndSilent() {
        int first = ((Number) execute("int a = 1;").reply().get("execution_count")).intValue();
        assertEquals(first + 1, ((Number) execute("int b = 2;").reply().get("execution_count")).intValue());
        Exchange notStored = execute("int c = 3;", false, false);
        assertEquals(first + 1, ((Number) notStored.reply().get("execution_count")).intValue());
        Exchange silent = execute("a + b + c", true, false);
        assertEquals("ok", silent.reply().get("status"));
        assertTrue(silent.published("execute_result").isEmpty(), "silent cells publish no result");
        assertTrue(silent.published("execute_input").isEmpty(), "silent cells publish no input");
        Exchange shown = execute("a + b + c");
        assertEquals(first + 2, ((Number) shown.reply().get("execution_count")).intValue());
        Map<String, Object> result = shown.published("execute_result").get(0);
        assertEquals("6", data(result).get("text/plain"));
        assertEquals(first + 2, ((Number) result.get("execution_count")).intValue());
    }

    @Test
    void everyReplyCarriesStatusAndIsWrappedInBusyIdle() {
        Exchange info = send(request(MessageType.KERNEL_INFO_REQUEST, new KernelInfoRequest()));
        assertEquals("ok", info.reply().get("status"));
        assertEquals("5.3", info.reply().get("protocol_version"));
        Exchange complete = send(request(MessageType.COMPLETE_REQUEST, new CompleteRequest("ssc.paral", 9)));
        assertEquals("ok", complete.reply().get("status"));
        assertTrue(((List<?>) complete.reply().get("matches")).contains("parallelize("), complete.reply().toString());
        assertEquals(4, ((Number) complete.reply().get("cursor_start")).intValue());
        Exchange inspect = send(request(MessageType.INSPECT_REQUEST, new InspectRequest("ssc.parallelize", 10, 0)));
        assertEquals("ok", inspect.reply().get("status"));
        assertEquals(true, inspect.reply().get("found"));
        assertTrue(String.valueOf(data(inspect.reply()).get("text/plain")).contains("parallelize"));
        Exchange variable = send(request(MessageType.INSPECT_REQUEST, new InspectRequest("ssc", 2, 0)));
        assertTrue(String.valueOf(data(variable.reply()).get("text/plain")).contains("StreamingContext"),
                variable.reply().toString());
        assertEquals("incomplete", send(request(MessageType.IS_COMPLETE_REQUEST, new IsCompleteRequest("for (int i = 0; i < 2; i++) {"))).reply().get("status"));
        assertEquals("complete", send(request(MessageType.IS_COMPLETE_REQUEST, new IsCompleteRequest("int q = 1;"))).reply().get("status"));
        Exchange badCursor = send(request(MessageType.COMPLETE_REQUEST, new CompleteRequest("ssc", 99)));
        assertEquals("ok", badCursor.reply().get("status"), "a cursor past the end is clamped");
        Exchange history = send(request(MessageType.HISTORY_REQUEST, new HistoryRequest.Tail(false, true, 3)));
        assertEquals("ok", history.reply().get("status"));
        for (Exchange e : List.of(info, complete, inspect, history)) {
            List<Map<String, Object>> states = e.published("status");
            assertEquals(List.of("busy", "idle"), states.stream().map(s -> s.get("execution_state")).toList());
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void completionInACallsArgumentsListsTheSignaturesAndTheArgumentsThatFit() {
        assertEquals("ok", execute("Duration tenSeconds = Duration.ofSeconds(10); var lines = ssc.queueStream(new LinkedList<List<String>>());").reply().get("status"));
        String code = "lines.window(tenSeconds, ";
        Map<String, Object> reply = send(request(MessageType.COMPLETE_REQUEST, new CompleteRequest(code, code.length()))).reply();
        assertEquals(List.of("Duration slide", "tenSeconds"), reply.get("matches"), reply.toString());
        assertEquals(code.length(), ((Number) reply.get("cursor_start")).intValue());
        assertEquals(code.length(), ((Number) reply.get("cursor_end")).intValue());
        List<Map<String, Object>> types = (List<Map<String, Object>>) ((Map<String, Object>) reply.get("metadata")).get(CursorReplies.TYPES);
        assertEquals("signature", types.get(0).get("type"));
        assertEquals("DStream<T> DStream<T>.window(Duration length, Duration slide)", types.get(0).get("signature"));
        assertEquals("Duration slide", types.get(0).get("text"));
        assertEquals("variable", types.get(1).get("type"));

        String none = "lines.count(";
        assertEquals(List.of(")"), send(request(MessageType.COMPLETE_REQUEST, new CompleteRequest(none, none.length()))).reply().get("matches"));
        String member = "lines.window(tenSeconds.";
        List<?> members = (List<?>) send(request(MessageType.COMPLETE_REQUEST, new CompleteRequest(member, member.length()))).reply().get("matches");
        assertTrue(members.contains("toMillis()"), "after a dot, the members: " + members);

        Map<String, Object> inspect = send(request(MessageType.INSPECT_REQUEST, new InspectRequest(code, code.length(), 0))).reply();
        assertEquals(true, inspect.get("found"));
        String doc = String.valueOf(data(inspect).get("text/plain"));
        assertTrue(doc.startsWith("DStream<T> DStream<T>.window(Duration length, Duration slide)\nReturns a stream whose batch"), doc);
    }

    @Test
    void errorsAreReadableAndTheKernelKeepsGoing() {
        Exchange failed = execute("Integer.parseInt(\"x1\");");
        assertEquals("error", failed.reply().get("status"));
        assertEquals("NumberFormatException", failed.reply().get("ename"));
        Map<String, Object> error = failed.published("error").get(0);
        assertTrue(String.join("\n", (List<String>) error.get("traceback")).contains("x1"));
        Exchange compile = execute("int broken = nope;");
        assertEquals("CompileError", compile.reply().get("ename"));
        assertTrue(String.join("\n", (List<String>) compile.published("error").get(0).get("traceback")).contains("nope"));
        assertEquals("ok", execute("1 + 1").reply().get("status"));
    }

    @Test
    void systemOutOfACellIsItsStreamOutput() {
        Exchange e = execute("System.out.println(\"hello\"); System.err.print(\"warn\");");
        assertEquals("ok", e.reply().get("status"));
        List<Map<String, Object>> streams = e.published("stream");
        assertTrue(streams.stream().anyMatch(s -> s.get("name").equals("stdout") && s.get("text").equals("hello\n")), streams.toString());
        assertTrue(streams.stream().anyMatch(s -> s.get("name").equals("stderr") && s.get("text").equals("warn")), streams.toString());
    }

    @Test
    void streamOutputAndLiveViewsStayWithTheCellThatCreatedThem() {
        Exchange create = execute(String.join("\n",
                "var words = new java.util.concurrent.ConcurrentLinkedQueue<List<String>>();",
                "var wordStream = ssc.queueStream(words);",
                "var printed = wordStream.map(w -> \"seen \" + w).print();",
                "var view = display(wordStream.countByValue());",
                "if (ssc.state() != StreamingContextState.ACTIVE) ssc.start();"));
        assertEquals("ok", create.reply().get("status"), create.reply().toString());
        List<Map<String, Object>> shown = create.published("display_data");
        assertEquals(1, shown.size());
        @SuppressWarnings("unchecked")
        String displayId = (String) ((Map<String, Object>) shown.get(0).get("transient")).get("display_id");
        assertNotNull(displayId);

        Exchange step = execute(String.join("\n",
                "words.add(List.of(\"a\", \"b\", \"a\"));",
                "var clock = (ManualClock) ssc.clock();",
                "clock.advance(Duration.ofSeconds(1));",
                "ssc.awaitBatch(Time.ofMillis(clock.millis() - clock.millis() % 1000), Duration.ofSeconds(20));"));
        assertEquals("ok", step.reply().get("status"), step.reply().toString());
        awaitPublished(m -> parentId(m).equals(create.id()) && m.getHeader().getType() == MessageType.PUBLISH_UPDATE_DISPLAY_DATA,
                "an update of the live view");
        awaitPublished(m -> parentId(m).equals(create.id()) && m.getHeader().getType() == MessageType.PUBLISH_DISPLAY_DATA
                && String.valueOf(((Map<?, ?>) ((Map<?, ?>) m.getContent()).get("data")).get("text/plain")).contains("seen a"),
                "print() of a batch in the cell that created the output (a display it replaces every batch)");
        assertFalse(text(step).contains("seen a"), "and not to the cell that ran the batch");
        assertTrue(step.published("update_display_data").isEmpty() && step.published("display_data").isEmpty(),
                "live updates keep their own cell");
        List<Map<String, Object>> updates = published(m -> parentId(m).equals(create.id())
                && m.getHeader().getType() == MessageType.PUBLISH_UPDATE_DISPLAY_DATA && displayId.equals(
                ((Map<?, ?>) ((Map<?, ?>) m.getContent()).get("transient")).get("display_id")));
        Map<String, Object> last = updates.get(updates.size() - 1);
        @SuppressWarnings("unchecked")
        Map<String, Object> transientPart = (Map<String, Object>) last.get("transient");
        assertEquals(displayId, transientPart.get("display_id"));
        String html = String.valueOf(data(last).get("text/html"));
        assertTrue(html.contains("<td style=\"text-align:left;padding:2px 12px\">a</td><td style=\"text-align:right;padding:2px 12px\">2</td>"), html);

        // Stopping the view's output elsewhere (as :stop would) ends the view after the next batch.
        Exchange stopOwn = execute(String.join("\n",
                "printed.stop();",
                "view.output().orElseThrow().stop();",
                "clock.advance(Duration.ofSeconds(1));",
                "ssc.awaitBatch(Time.ofMillis(clock.millis() - clock.millis() % 1000), Duration.ofSeconds(20));"));
        assertEquals("ok", stopOwn.reply().get("status"), stopOwn.reply().toString());
        awaitPublished(m -> parentId(m).equals(create.id()) && m.getHeader().getType() == MessageType.PUBLISH_UPDATE_DISPLAY_DATA
                && String.valueOf(((Map<?, ?>) ((Map<?, ?>) m.getContent()).get("data")).get("text/plain")).contains("was stopped"),
                "the view to report that its output was stopped");
        Exchange inactive = execute("view.isActive()");
        assertEquals("false", data(inactive.published("execute_result").get(0)).get("text/plain"));
    }

    @Test
    void failuresOfAnOutputAreReportedInTheCellThatCreatedIt() {
        Exchange create = execute(String.join("\n",
                "var numbers = new java.util.concurrent.ConcurrentLinkedQueue<List<Integer>>();",
                "var failing = ssc.queueStream(numbers).map(n -> 10 / n).print();",
                "if (ssc.state() != StreamingContextState.ACTIVE) ssc.start();"));
        assertEquals("ok", create.reply().get("status"), create.reply().toString());
        Exchange step = execute(String.join("\n",
                "numbers.add(List.of(0));",
                "var c = (ManualClock) ssc.clock();",
                "c.advance(Duration.ofSeconds(1));",
                "ssc.awaitBatch(Time.ofMillis(c.millis() - c.millis() % 1000), Duration.ofSeconds(20));"));
        assertEquals("ok", step.reply().get("status"), step.reply().toString());
        awaitPublished(m -> parentId(m).equals(create.id()) && m.getHeader().getType() == MessageType.PUBLISH_STREAM
                && "stderr".equals(((Map<?, ?>) m.getContent()).get("name"))
                && String.valueOf(((Map<?, ?>) m.getContent()).get("text")).contains("by zero"),
                "the failure report in the creating cell's stderr");
        assertTrue(step.published("stream").stream().noneMatch(s -> String.valueOf(s.get("text")).contains("by zero")),
                "not in the cell that ran the batch");
        assertEquals("ok", execute("failing.stop();").reply().get("status"));
    }

    @Test
    void anErrorOutsideOutputJobsIsAWarningInTheCellThatRanLast() throws Exception {
        java.nio.file.Path missing = java.nio.file.Files.createTempDirectory("sluice-kernel").resolve("not-there");
        Exchange create = execute(String.join("\n",
                "var watching = ssc.textFileStream(\"" + missing.toString().replace("\\", "\\\\") + "\").foreachRDD(r -> {});",
                "if (ssc.state() != StreamingContextState.ACTIVE) ssc.start();"));
        assertEquals("ok", create.reply().get("status"), create.reply().toString());
        Exchange step = execute(String.join("\n",
                "var wc = (ManualClock) ssc.clock();",
                "wc.advance(Duration.ofSeconds(1));",
                "ssc.awaitBatch(Time.ofMillis(wc.millis() - wc.millis() % 1000), Duration.ofSeconds(20));"));
        assertEquals("ok", step.reply().get("status"), step.reply().toString());
        String expected = "warning: Directory " + missing.toAbsolutePath() + " of textFileStream does not exist";
        awaitPublished(m -> parentId(m).equals(step.id()) && m.getHeader().getType() == MessageType.PUBLISH_STREAM
                && "stderr".equals(((Map<?, ?>) m.getContent()).get("name"))
                && String.valueOf(((Map<?, ?>) m.getContent()).get("text")).contains(expected),
                "the warning in the stderr of the cell that ran the batch");
        assertEquals("ok", execute("watching.stop();").reply().get("status"));
    }

    @Test
    void aMavenCoordinateThatDoesNotExistIsTheOneClearErrorOfItsCell() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("sluice-kernel-maven");
        dev.sluice.testing.LocalMavenRepo repo = new dev.sluice.testing.LocalMavenRepo(dir.resolve("remote")).withGreeter();
        List<Message<?>> sent = new CopyOnWriteArrayList<>();
        // a kernel of its own that resolves from the test's repository only (no network) into a local repository of its own
        SluiceKernel other = SluiceKernel.start(SessionOptions.builder().manualClock(true).localRepository(dir.resolve("m2"))
                .repository(repo.url()).build(), new Publisher(sent::add));
        List<Message<?>> replies = new ArrayList<>();
        Message<ExecuteRequest> cell = request(MessageType.EXECUTE_REQUEST,
                new ExecuteRequest("%maven no.such:thing:1.0", false, true, Map.of(), false, true));
        try {
            other.handle(cell, replies::add);
        } finally {
            other.handle(request(MessageType.SHUTDOWN_REQUEST, ShutdownRequest.SHUTDOWN), m -> { });
            kernel.activate();
        }
        String message = "no.such:thing:jar:1.0 does not exist in " + repo.url() + " or " + dir.resolve("m2")
                + "; check the group, artifact and version";
        Map<?, ?> reply = (Map<?, ?>) replies.get(0).getContent();
        assertEquals("error", reply.get("status"), reply.toString());
        assertEquals("MagicError", reply.get("ename"));
        assertEquals(message, reply.get("evalue"));
        assertEquals(List.of("\u001b[1;31m" + message + "\u001b[0m"), reply.get("traceback"), "the message, no stack trace");
        List<String> types = new ArrayList<>();
        for (Message<?> m : sent) {
            if (parentId(m).equals(cell.getHeader().getId())) types.add(m.getHeader().getType().getName());
        }
        assertFalse(types.contains("stream"), "nothing printed in the cell (no log, no trace): " + sent);
        assertTrue(types.contains("error"), types.toString());
    }

    @Test
    void aCheckpointThatCannotBeWrittenIsOneWarningInTheCellThatRan() throws Exception {
        // A kernel of its own with a checkpoint directory; the shared one stays as it is.
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("sluice-kernel-ck").resolve("ckpt");
        List<Message<?>> sent = new CopyOnWriteArrayList<>();
        SluiceKernel other = SluiceKernel.start(SessionOptions.builder().manualClock(true).batchInterval(Duration.ofSeconds(1))
                .checkpointDir(dir).build(), new Publisher(sent::add));
        try {
            java.util.function.Function<String, List<Message<?>>> run = code -> {
                List<Message<?>> replies = new ArrayList<>();
                other.handle(request(MessageType.EXECUTE_REQUEST, new ExecuteRequest(code, false, true, Map.of(), false, true)),
                        replies::add);
                assertEquals("ok", ((Map<?, ?>) replies.get(0).getContent()).get("status"), replies.toString());
                return replies;
            };
            run.apply(String.join("\n",
                    "var q = new java.util.concurrent.ConcurrentLinkedQueue<List<Integer>>();",
                    "ssc.queueStream(q).foreachRDD(r -> {});",
                    "ssc.start();",
                    "var c = (ManualClock) ssc.clock();",
                    "c.advance(Duration.ofSeconds(1));",
                    "ssc.awaitBatch(Time.ofMillis(1000), Duration.ofSeconds(20));"));
            assertTrue(java.nio.file.Files.exists(dir.resolve(String.format("checkpoint-%020d", 1_000_000))), "the first checkpoint");
            try (var files = java.nio.file.Files.walk(dir)) {
                for (java.nio.file.Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    java.nio.file.Files.delete(p);
                }
            }
            java.nio.file.Files.writeString(dir, "a file where the checkpoint directory was");
            // the next checkpoint is due 10 s of batch time later; it and the three after it fail
            run.apply(String.join("\n",
                    "c.advance(Duration.ofSeconds(13));",
                    "ssc.awaitBatch(Time.ofMillis(14000), Duration.ofSeconds(20));",
                    "long deadline = System.nanoTime() + 20_000_000_000L;",
                    "while (ssc.recentErrors().isEmpty() || ssc.recentErrors().get(0).count() < 4) {",
                    "    if (System.nanoTime() > deadline) throw new AssertionError(ssc.recentErrors().toString());",
                    "    Thread.onSpinWait();",
                    "}",
                    "ssc.stop();",  // delivers what the listener bus holds
                    "ssc.recentErrors().get(0).stream().get() + \" x\" + ssc.recentErrors().get(0).count()"));
        } finally {
            other.handle(request(MessageType.SHUTDOWN_REQUEST, ShutdownRequest.SHUTDOWN), m -> { });
            kernel.activate();
        }
        StringBuilder stderr = new StringBuilder();
        for (Message<?> m : sent) {
            if (m.getHeader().getType() == MessageType.PUBLISH_STREAM && "stderr".equals(((Map<?, ?>) m.getContent()).get("name"))) {
                stderr.append(((Map<?, ?>) m.getContent()).get("text"));
            }
        }
        String warning = "warning: Checkpoint of batch t=11s could not be written to " + dir + " (Not a directory); the previous"
                + " one stays. Make it a writable directory on a disk with free space\n";
        assertTrue(stderr.toString().contains(warning), stderr.toString());
        assertEquals(1, stderr.toString().split("warning: ", -1).length - 1, "one warning, the repeats counted: " + stderr);
        boolean counted = false;
        for (Message<?> m : sent) {
            if (m.getHeader().getType().getName().equals("execute_result")) {
                counted |= String.valueOf(((Map<?, ?>) m.getContent()).get("data")).contains("checkpoint x4");
            }
        }
        assertTrue(counted, "the record: source checkpoint, 4 times: " + sent);
    }

    @Test
    void systemOutOfUserFunctionsOnEngineThreadsGoesToTheCellThatCreatedTheOutput() {
        Exchange create = execute(String.join("\n",
                "var traced = new java.util.concurrent.ConcurrentLinkedQueue<List<Integer>>();",
                "var tracing = ssc.queueStream(traced).map(n -> { System.out.println(\"task saw \" + n); return n; }).count().print();",
                "if (ssc.state() != StreamingContextState.ACTIVE) ssc.start();"));
        assertEquals("ok", create.reply().get("status"), create.reply().toString());
        Exchange step = execute(String.join("\n",
                "traced.add(List.of(41));",
                "var tc = (ManualClock) ssc.clock();",
                "tc.advance(Duration.ofSeconds(1));",
                "ssc.awaitBatch(Time.ofMillis(tc.millis() - tc.millis() % 1000), Duration.ofSeconds(20));"));
        assertEquals("ok", step.reply().get("status"), step.reply().toString());
        awaitPublished(m -> parentId(m).equals(create.id()) && m.getHeader().getType() == MessageType.PUBLISH_STREAM
                && String.valueOf(((Map<?, ?>) m.getContent()).get("text")).contains("task saw 41"),
                "the task's System.out in the creating cell");
        assertFalse(text(step).contains("task saw"), "not in the cell that ran the batch: " + text(step));
        assertEquals("ok", execute("tracing.stop();").reply().get("status"));
    }

    @Test
    void interruptStopsOnlyTheRunningCell() throws Exception {
        CompletableFuture<Exchange> loop = CompletableFuture.supplyAsync(() -> execute("while (true) {}"));
        awaitPublished(m -> m.getHeader().getType() == MessageType.PUBLISH_EXECUTE_INPUT
                && "while (true) {}".equals(((Map<?, ?>) m.getContent()).get("code")), "the loop to start");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        Exchange interrupt = null;
        // The request may arrive before the snippet thread exists; repeat until the loop ends.
        while (!loop.isDone() && System.nanoTime() < deadline) {
            interrupt = send(request(MessageType.INTERRUPT_REQUEST, new io.github.spencerpark.jupyter.messages.request.InterruptRequest()));
            try {
                loop.get(200, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                // still running: interrupt again
            }
        }
        Exchange result = loop.get(20, TimeUnit.SECONDS);
        assertNotNull(result, "the loop ended");
        assertNotNull(interrupt);
        assertEquals("ok", interrupt.reply().get("status"));
        assertEquals("error", result.reply().get("status"));
        assertEquals("Interrupted", result.reply().get("ename"));
        assertEquals("ok", execute("2 + 2").reply().get("status"));
    }

    @Test
    void theReadmeNotebookSnippetRuns() throws Exception {
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("README.md"));
        int section = readme.indexOf("## Jupyter");
        assertTrue(section >= 0, "README has a Jupyter section");
        int open = readme.indexOf("```\n", readme.indexOf("display(", section) - 200);
        int start = readme.indexOf('\n', open) + 1;
        String snippet = readme.substring(start, readme.indexOf("```", start));
        assertTrue(snippet.contains("display(counts);") && snippet.contains("display(ssc);"), snippet);
        // The snippet starts the kernel's own context; it runs on the manual clock here.
        Exchange run = execute(snippet.replace("ssc.start();", "if (ssc.state() != StreamingContextState.ACTIVE) ssc.start();"));
        assertEquals("ok", run.reply().get("status"), run.reply().toString());
        assertEquals(2, run.published("display_data").size(), "a live table and a live chart");
        assertEquals("ok", execute("((ManualClock) ssc.clock()).advance(Duration.ofSeconds(1));").reply().get("status"));
        awaitPublished(m -> parentId(m).equals(run.id()) && m.getHeader().getType() == MessageType.PUBLISH_UPDATE_DISPLAY_DATA
                && String.valueOf(((Map<?, ?>) ((Map<?, ?>) m.getContent()).get("data")).get("image/svg+xml")).contains("<svg"),
                "the chart to redraw after a batch");
    }

    @Test
    void stdinWithoutAFrontendThatAnswersIsAtItsEnd() {
        Exchange read = execute("new java.util.Scanner(System.in).hasNextLine()");
        assertEquals("false", data(read.published("execute_result").get(0)).get("text/plain"));
    }

    @Test
    void historyListsStoredCellsWithOutput() {
        execute("\"hist\" + 1");
        Exchange history = send(request(MessageType.HISTORY_REQUEST, new HistoryRequest.Search(true, true, 1, "\"hist\"*", false)));
        List<?> rows = (List<?>) history.reply().get("history");
        assertEquals(1, rows.size());
        List<?> row = (List<?>) rows.get(0);
        assertEquals(List.of("\"hist\" + 1", "\"hist1\""), row.get(2));
    }

    @Test
    void shutdownReplyCarriesStatus() {
        // A second kernel instance, so the shared one stays up for the other tests.
        SluiceKernel other = SluiceKernel.start(SessionOptions.builder().manualClock(true).build(), new Publisher(m -> { }));
        List<Message<?>> replies = new ArrayList<>();
        other.handle(request(MessageType.SHUTDOWN_REQUEST, ShutdownRequest.SHUTDOWN), replies::add);
        @SuppressWarnings("unchecked")
        Map<String, Object> reply = (Map<String, Object>) replies.get(0).getContent();
        assertEquals("ok", reply.get("status"));
        assertEquals(false, reply.get("restart"));
        assertTrue(other.isShuttingDown());
        kernel.activate();
    }
}
