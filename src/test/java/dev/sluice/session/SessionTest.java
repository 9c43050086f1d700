package dev.sluice.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.streaming.ManualClock;
import dev.sluice.streaming.RDD;
import dev.sluice.streaming.StreamingContext;
import dev.sluice.streaming.StreamingContextState;
import dev.sluice.streaming.StreamingError;
import dev.sluice.streaming.Time;
import dev.sluice.testing.CapturingConsole;
import dev.sluice.testing.Wait;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SessionTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final CapturingConsole console = new CapturingConsole();
    private Session session;

    @BeforeEach
    void open() {
        session = Session.open(SessionOptions.builder()
                .batchInterval(Duration.ofSeconds(1))
                .parallelism(2)
                .manualClock(true)
                .console(() -> console)
                .build());
    }

    @AfterEach
    void close() {
        session.close();
    }

    private ManualClock clock() {
        return session.manualClock().orElseThrow();
    }

    /** Moves the manual clock to the next batch and waits for that batch to complete. */
    private void step() throws InterruptedException {
        long interval = session.context().batchInterval().toMillis();
        long next = (clock().millis() / interval + 1) * interval;
        clock().setTime(next);
        assertTrue(session.context().awaitBatch(new Time(next), TIMEOUT), "batch " + next + " completed");
    }

    @Test
    void bindsTheContextAndImportsTheStreamingApi() {
        EvalResult r = session.eval("ssc");
        assertTrue(r.hasValue());
        assertSame(session.context(), r.value());
        assertEquals("StreamingContext", r.valueType());
        assertTrue(session.imports().contains("import dev.sluice.streaming.*;"), session.imports().toString());
        assertInstanceOf(ManualClock.class, session.context().clock());
    }

    @Test
    void keepsTheLiveValueOfTheFinalExpression() {
        EvalResult r = session.eval("var data = ssc.parallelize(List.of(1, 2, 3));\ndata.map(x -> x * 10)");
        assertEquals(2, r.snippets().size());
        assertEquals(SnippetOutcome.Kind.VARIABLE, r.snippets().get(0).kind());
        assertEquals("data", r.snippets().get(0).name());
        RDD<?> rdd = assertInstanceOf(RDD.class, r.value());
        assertEquals(List.of(10, 20, 30), rdd.collect());
    }

    @Test
    void aCellOfDeclarationsHasNoValue() {
        EvalResult r = session.eval("int twice(int x) { return 2 * x; }\nrecord Point(int x, int y) {}\nimport java.util.concurrent.*;");
        assertFalse(r.hasValue());
        assertEquals(List.of(SnippetOutcome.Kind.METHOD, SnippetOutcome.Kind.TYPE, SnippetOutcome.Kind.IMPORT),
                r.snippets().stream().map(SnippetOutcome::kind).toList());
        assertEquals("created method twice(int)", r.snippets().get(0).feedback());
        assertEquals("created record Point", r.snippets().get(1).feedback());
        assertEquals(8, session.eval("twice(4)").value());
        assertEquals("replaced method twice(int)",
                session.eval("int twice(int x) { return x + x; }").snippets().get(0).feedback());
    }

    @Test
    void compileErrorsPointAtTheCulprit() {
        CompileException e = assertThrows(CompileException.class, () -> session.eval("int x = 1;\nx + nosuchThing"));
        assertEquals(String.join("\n",
                "error: cannot find symbol",
                "  symbol:   variable nosuchThing",
                "  x + nosuchThing",
                "      ^---------^"), e.getMessage());
        assertEquals("CompileError", e.kind());
        assertEquals(1, session.eval("x").value(), "the snippet before the failing one ran");
    }

    @Test
    void sscCannotBeDeclaredOrAssignedAgain() {
        Object context = session.eval("ssc").value();
        CompileException declared = assertThrows(CompileException.class, () -> session.eval(
                "StreamingContext ssc = StreamingContext.builder().batchInterval(Duration.ofSeconds(2)).build();"));
        assertTrue(declared.getMessage().startsWith("error: ssc is this session's StreamingContext and cannot be declared again;"),
                declared.getMessage());
        assertTrue(declared.getMessage().contains(":reset"), declared.getMessage());
        CompileException assigned = assertThrows(CompileException.class, () -> session.eval("int n = 1;\nssc = null"));
        assertTrue(assigned.getMessage().contains("cannot be assigned again"), assigned.getMessage());
        assertEquals(1, session.eval("n").value(), "the snippet before the refused one ran");
        assertSame(context, session.eval("ssc").value());
        assertSame(context, session.context());
        assertEquals(3, session.eval("int sscs = 3; sscs").value(), "other names holding ssc as a part are fine");
        assertEquals(context, session.eval("var mine = ssc; mine").value());
        // spaces and line breaks between the name and what follows it change nothing
        assertThrows(CompileException.class, () -> session.eval("StreamingContext ssc;"));
        assertThrows(CompileException.class, () -> session.eval("var ssc\n    = mine;"));
        assertThrows(CompileException.class, () -> session.eval("ssc\n= mine"));
        assertThrows(CompileException.class, () -> session.eval("StreamingContext other = ssc, ssc = mine;"));
        assertSame(context, session.eval("ssc").value());
        // uses of it are not rebindings
        assertEquals(session.context().batchInterval(), session.eval("ssc\n    .batchInterval()").value());
        assertEquals(true, session.eval("java.util.Objects.equals(ssc , mine)").value());
        assertEquals("ssc = x", session.eval("\"ssc = x\"").value(), "a string that reads like an assignment");
    }

    @Test
    void sscAssignedInsideAnExpressionAStatementOrAMethodIsSetBack() {
        Object context = session.eval("ssc").value();
        for (String snippet : List.of("(ssc) = null", "((ssc)) = null;", "var gone = (ssc = null);", "if (true) ssc = null;",
                "while (ssc != null) ssc = null;")) {
            CompileException e = assertThrows(CompileException.class, () -> session.eval(snippet), snippet);
            assertTrue(e.getMessage().startsWith("error: ssc is this session's StreamingContext and cannot be assigned again;")
                    && e.getMessage().contains("set back"), e.getMessage());
            assertSame(context, session.eval("ssc").value(), snippet);
            assertSame(context, session.context(), snippet);
        }
        // an assignment the snippet's own text does not show: in a method, in a lambda
        session.eval("void forget() { ssc = null; }");
        session.eval("Runnable lose = () -> ssc = null;");
        for (String snippet : List.of("forget()", "lose.run();", "int n = 1; forget();")) {
            CompileException e = assertThrows(CompileException.class, () -> session.eval(snippet), snippet);
            assertTrue(e.getMessage().contains("set back"), e.getMessage());
            assertSame(context, session.eval("ssc").value(), snippet);
        }
        assertEquals(session.context().batchInterval(), session.eval("ssc.batchInterval()").value());
        // a comparison, or the words in a string, are not assignments and leave the snippet's value alone
        assertEquals(false, session.eval("ssc == null").value());
        assertEquals("(ssc) = x", session.eval("\"(ssc) = x\"").value());
    }

    @Test
    void contextsThatSnippetsBuiltStopWithTheSessionsOwn() {
        StreamingContext mine = (StreamingContext) session.eval(
                "StreamingContext mine = StreamingContext.builder().batchInterval(Duration.ofSeconds(1)).clock(new ManualClock()).build(); mine").value();
        session.eval("mine.queueStream(new LinkedList<List<Integer>>()).print(); mine.start();");
        assertEquals(StreamingContextState.ACTIVE, mine.state());
        assertTrue(StreamingContext.live().contains(mine));
        StreamingContext first = session.context();
        session.reset();
        assertEquals(StreamingContextState.STOPPED, mine.state(), "reset stops what the snippets built");
        assertEquals(StreamingContextState.STOPPED, first.state());
        assertFalse(StreamingContext.live().contains(mine));
        assertTrue(StreamingContext.live().contains(session.context()));
        StreamingContext second = (StreamingContext) session.eval(
                "var again = StreamingContext.builder().batchInterval(Duration.ofSeconds(1)).clock(new ManualClock()).build(); again").value();
        session.close();
        assertEquals(StreamingContextState.STOPPED, second.state(), "close stops what the snippets built");
    }

    @Test
    void startingTheStoppedContextSaysHowToGetAFreshOne() {
        session.eval("ssc.stop()");
        EvalRuntimeException e = assertThrows(EvalRuntimeException.class, () -> session.eval("ssc.start()"));
        assertTrue(e.getMessage().startsWith("java.lang.IllegalStateException: this context was stopped and cannot be started again"),
                e.getMessage());
        assertTrue(e.getMessage().contains("\n\t... 1 frame in the engine\n"), e.getMessage());
        assertFalse(e.getMessage().contains("at dev.sluice.engine."), e.getMessage());
        assertTrue(e.getMessage().contains("at dev.sluice.streaming.StreamingContext.start("), e.getMessage());
        assertTrue(e.getMessage().endsWith("(ssc is stopped; :reset gives a fresh one, in a notebook restart the kernel)"),
                e.getMessage());
    }

    @Test
    void aLambdaThatThrowsInARunningStreamIsShownOnceWithItsSnippetAndLine() throws Exception {
        session.eval("Queue<List<Integer>> q = new java.util.concurrent.ConcurrentLinkedQueue<>();");
        session.eval("int divide(int x) {\n    int y = x - 2;\n    return 10 / y;\n}");
        session.eval("OutputHandle out = ssc.queueStream(q)\n    .map(x -> divide(x))\n    .print();");
        String divideId = "#8";
        String outId = "#9";
        session.eval("ssc.start()");
        session.eval("q.add(List.of(2)); q.add(List.of(2));");
        step();
        step();
        String err = console.errText();
        // the engine's log may write here too (System.err of an engine thread goes to the output's console)
        String lines = "\n" + err;
        String report = lines.substring(lines.indexOf("\nOutput 1 (") + 1, lines.indexOf("\n  (the same failure of this output"));
        assertTrue(report.startsWith("Output 1 (print of map["), report);
        assertTrue(report.contains("failed at batch t=1s: java.lang.ArithmeticException: / by zero\n"
                + "java.lang.ArithmeticException: / by zero\n"), report);
        assertTrue(report.contains("\n\tat divide (snippet " + divideId + ", line 3): return 10 / y;\n"), report);
        assertTrue(report.contains("\n\tat lambda (snippet " + outId + ", line 2): .map(x -> divide(x))\n"), report);
        assertTrue(report.matches("(?s).*\n\t\\.\\.\\. \\d+ frames in the engine.*"), report);
        assertFalse(report.contains("dev.sluice.engine"), report);
        assertEquals(1, err.lines().filter(l -> l.startsWith("Output 1 (")).count(), "the repeat at the next batch is counted, not shown: " + err);

        List<?> errors = (List<?>) session.eval("ssc.recentErrors()").value();
        assertEquals(1, errors.size(), "the failure of the next batch is counted in the same entry: " + errors);
        StreamingError kept = (StreamingError) errors.get(0);
        assertEquals(new Time(2000), kept.time(), "the entry has the latest batch");
        assertEquals(2, kept.count());
        assertInstanceOf(ArithmeticException.class, kept.exception().orElseThrow());
        String table = dev.sluice.display.TextDisplay.render(errors);
        assertTrue(table.lines().findFirst().orElseThrow().matches("time +\\| output +\\| stream +\\| error +\\| times *"), table);
        assertTrue(table.contains("t=2s") && table.contains("| 2") && table.contains("output 1 (print of map[")
                && table.contains("java.lang.ArithmeticException: / by zero"), table);
    }

    @Test
    void anUnfinishedCellIsReportedAsIncomplete() {
        IncompleteSourceException e = assertThrows(IncompleteSourceException.class,
                () -> session.eval("for (int i = 0; i < 3; i++) {"));
        assertTrue(e.getMessage().contains("for (int i = 0; i < 3; i++) {"), e.getMessage());
        assertEquals(Completeness.INCOMPLETE, session.isComplete("ssc.parallelize(List.of(1,"));
        assertEquals(Completeness.COMPLETE, session.isComplete("int a = 1; int b = 2"));
        assertEquals(Completeness.EMPTY, session.isComplete("  // nothing\n"));
        assertEquals(Completeness.INVALID, session.isComplete("int 3x = ;"));
    }

    @Test
    void runtimeFailuresCarryTheLiveExceptionAndATrimmedTrace() {
        session.eval("int explode(int x) { if (x > 1) throw new IllegalStateException(\"too big: \" + x); return x; }");
        EvalRuntimeException e = assertThrows(EvalRuntimeException.class, () -> session.eval("explode(5)"));
        IllegalStateException cause = assertInstanceOf(IllegalStateException.class, e.getCause());
        assertEquals("too big: 5", cause.getMessage());
        assertEquals(String.join("\n",
                "java.lang.IllegalStateException: too big: 5",
                "\tat explode (snippet #7, line 1): int explode(int x) { if (x > 1) throw new IllegalStateException(\"too big: \" + x); return x; }",
                "\tat (snippet #8, line 1): explode(5)"), e.getMessage());
        assertEquals("java.lang.IllegalStateException", e.kind());
    }

    @Test
    void callingAMethodWithMissingDependenciesSaysWhatToDeclare() {
        session.eval("int useHelper() { return helper() + 1; }");
        EvalRuntimeException e = assertThrows(EvalRuntimeException.class, () -> session.eval("useHelper()"));
        assertEquals("error: useHelper cannot be used until method helper() is declared; declare it and run the snippet again",
                e.getMessage());
        session.eval("int helper() { return 41; }");
        assertEquals(42, session.eval("useHelper()").value());
    }

    @Test
    void interruptStopsTheSnippetButNotTheStreams() throws Exception {
        session.eval("Queue<List<String>> queue = new LinkedList<>();\n"
                + "var lines = ssc.queueStream(queue).name(\"lines\");\n"
                + "lines.count().print();\n"
                + "ssc.start();");
        StreamingContext ssc = session.context();
        assertEquals(StreamingContextState.ACTIVE, ssc.state());
        step();

        CompletableFuture<EvalResult> loop = CompletableFuture.supplyAsync(() -> session.eval("while (true) {}"));
        Wait.until("the loop to run", session::isRunning, TIMEOUT);
        assertTrue(session.interrupt());
        ExecutionException failed = assertThrows(ExecutionException.class, () -> loop.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        EvalInterruptedException e = assertInstanceOf(EvalInterruptedException.class, failed.getCause());
        assertTrue(e.getMessage().startsWith("interrupted: while (true) {}"), e.getMessage());
        assertFalse(session.isRunning());

        session.eval("queue.add(List.of(\"a\", \"b\", \"c\"));");
        step();
        assertEquals(StreamingContextState.ACTIVE, ssc.state());
        Wait.until("the count of the batch after the interrupt", () -> console.outText().contains("Time: 2000 ms"), TIMEOUT,
                console::outText);
        assertTrue(console.outText().contains("Time: 2000 ms\n-------------------------------------------\n3\n"),
                console.outText());
        assertEquals(3, session.eval("1 + 2").value(), "the session still evaluates");
    }

    @Test
    void aBusySnippetIsStoppedByItsOwnChecksWithoutThreadStop() throws Exception {
        // As on Java 20 and later, where Thread.stop throws: only the rewritten snippet code can end it.
        SnippetExecutionControl.threadStopAllowed = false;
        try {
            session.eval("Queue<List<Integer>> queue = new LinkedList<>();\n"
                    + "ssc.queueStream(queue).map(n -> { int s = 0; for (int i = 1; i <= n; i++) { s += i; } return s; }).print();\n"
                    + "ssc.start();");
            session.eval("long spin(long n) { while (true) { n++; } }");
            CompletableFuture<EvalResult> loop = CompletableFuture.supplyAsync(() -> session.eval("spin(0)"));
            Wait.until("the loop to run", session::isRunning, TIMEOUT);
            assertTrue(session.interrupt());
            ExecutionException failed = assertThrows(ExecutionException.class,
                    () -> loop.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
            EvalInterruptedException e = assertInstanceOf(EvalInterruptedException.class, failed.getCause());
            assertTrue(e.getMessage().startsWith("interrupted: spin(0)"), e.getMessage());

            // The snippet's lambda, rewritten the same way, still runs in engine tasks.
            session.eval("queue.add(List.of(3, 4));");
            step();
            Wait.until("the batch after the stop", () -> console.outText().contains("Time: 1000 ms"), TIMEOUT,
                    console::outText);
            assertTrue(console.outText().contains("Time: 1000 ms\n-------------------------------------------\n6\n10\n"),
                    console.outText());
        } finally {
            SnippetExecutionControl.threadStopAllowed = true;
        }
    }

    @Test
    void threadsStartedByASnippetOutliveItsInterrupt() throws Exception {
        session.eval("var gate = new java.util.concurrent.CountDownLatch(1);\n"
                + "var worker = new Thread(() -> { try { gate.await(); } catch (InterruptedException e) { } });\n"
                + "worker.start();");
        CompletableFuture<EvalResult> loop = CompletableFuture.supplyAsync(() -> session.eval("while (true) {}"));
        Wait.until("the loop to run", session::isRunning, TIMEOUT);
        session.interrupt();
        assertThrows(ExecutionException.class, () -> loop.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        assertEquals(true, session.eval("worker.isAlive()").value());
        session.eval("gate.countDown(); worker.join();");
        assertEquals(false, session.eval("worker.isAlive()").value());
    }

    @Test
    void snippetsRunOneAfterAnotherOnOneThreadAndLeaveItAsTheyFoundIt() throws Exception {
        Object thread = session.eval("Thread.currentThread()").value();
        assertSame(thread, session.eval("Thread.currentThread()").value(), "the next snippet runs on the same thread");
        assertNotSame(Thread.currentThread(), thread, "not on the evaluating thread");
        // what a snippet leaves on its thread does not reach the next one
        session.eval("Thread.currentThread().interrupt(); Thread.currentThread().setContextClassLoader(null);");
        assertEquals(false, session.eval("Thread.currentThread().isInterrupted()").value());
        assertNotNull(session.eval("Thread.currentThread().getContextClassLoader()").value());
        // an interrupt that reaches the thread between snippets is for no snippet: the idle thread
        // clears it and waits (left set, every park would return at once), and the next snippet never sees it
        Thread snippetThread = (Thread) thread;
        snippetThread.interrupt();
        Wait.until("the idle snippet thread to clear the interrupt and wait again",
                () -> !snippetThread.isInterrupted() && snippetThread.getState() == Thread.State.WAITING, TIMEOUT);
        assertSame(thread, session.eval("Thread.currentThread()").value());
        assertEquals(false, session.eval("Thread.currentThread().isInterrupted()").value());
        // after an interrupted snippet, the next one runs as usual
        CompletableFuture<EvalResult> loop = CompletableFuture.supplyAsync(() -> session.eval("while (true) {}"));
        Wait.until("the loop to run", session::isRunning, TIMEOUT);
        assertTrue(session.interrupt());
        assertThrows(ExecutionException.class, () -> loop.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        assertEquals(false, session.eval("Thread.currentThread().isInterrupted()").value());
        assertEquals(7, session.eval("3 + 4").value());
    }

    @Test
    void interruptEndsABlockingSnippetAndReportsIt() throws Exception {
        // A snippet blocked on a latch that nobody opens: only the interrupt can end it.
        CompletableFuture<EvalResult> sleeping = CompletableFuture.supplyAsync(
                () -> session.eval("new java.util.concurrent.CountDownLatch(1).await(); 1"));
        Wait.until("the snippet to run", session::isRunning, TIMEOUT);
        session.interrupt();
        ExecutionException failed = assertThrows(ExecutionException.class, () -> sleeping.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        assertInstanceOf(EvalInterruptedException.class, failed.getCause());
        assertFalse(session.interrupt(), "nothing left to interrupt");
    }

    @Test
    void snippetOutputAndStreamOutputGoToTheConsole() throws Exception {
        session.eval("System.out.println(\"from a snippet\"); System.err.println(\"to err\");");
        assertEquals("from a snippet\n", console.outText());
        assertEquals("to err\n", console.errText());

        session.eval("Queue<List<Integer>> q = new LinkedList<>(List.of(List.of(1, 2)));\n"
                + "ssc.queueStream(q).foreachRDD((rdd, time) -> System.out.println(\"sum at \" + time.milliseconds() + \": \" + rdd.reduce(Integer::sum)));\n"
                + "ssc.start();");
        step();
        Wait.until("the foreachRDD output", () -> console.outText().contains("sum at 1000: 3"), TIMEOUT, console::outText);
    }

    @Test
    void completesAndInspectsFromJShellsAnalysis() {
        session.eval("var numbers = ssc.parallelize(List.of(1, 2, 3));");
        Completions c = session.complete("numbers.coll", 12);
        assertEquals(8, c.anchor());
        assertTrue(c.candidates().contains("collect()"), c.candidates().toString());
        Completions second = session.complete("int a = 1; numbers.cou", 22);
        assertEquals(19, second.anchor());
        assertTrue(second.candidates().contains("count()"), second.candidates().toString());
        assertTrue(session.inspect("ssc.rateStream(", 15).contains("rateStream(long"), session.inspect("ssc.rateStream(", 15));
        assertThrows(IllegalArgumentException.class, () -> session.complete("abc", 4));
    }

    @Test
    void inACallsArgumentsTheSignaturesThatFitAreKnownAlsoAfterALambda() {
        session.eval("var pairs = ssc.queueStream(new LinkedList<List<String>>()).mapToPair(w -> Pair.of(w, 1));");
        String open = "pairs.reduceByKeyAndWindow(";
        CallSignatures first = session.call(open, open.length()).orElseThrow();
        assertEquals(0, first.argument());
        assertTrue(first.signatures().contains(
                "PairDStream<K,V> PairDStream<K, V>.reduceByKeyAndWindow(ReduceFunction<V> f, Duration length)"),
                first.signatures().toString());
        // JShell finds no candidate once a lambda is written before the cursor; the call's overloads
        // that take a second argument do
        String second = "pairs.reduceByKeyAndWindow((a, b) -> a + b, ";
        CallSignatures after = session.call(second, second.length()).orElseThrow();
        assertEquals(1, after.argument());
        assertEquals(first.signatures().size(), after.signatures().size(), after.signatures().toString());
        assertEquals(after.signatures(), session.signatures(second, second.length()));
        String doc = session.inspect(second, second.length());
        assertTrue(doc.contains("reduceByKeyAndWindow(ReduceFunction<V> f, Duration length, Duration slide)\n"
                + "Returns a stream merging the values of each key over each window with f."), doc);
        String fourth = "pairs.reduceByKeyAndWindow((a, b) -> a + b, (a, b) -> a - b, Duration.ofSeconds(4), Duration.ofSeconds(2), ";
        assertTrue(session.call(fourth, fourth.length()).orElseThrow().signatures().stream()
                .allMatch(s -> CallSignatures.parameters(s).size() >= 5), "only overloads with a fifth parameter");
        assertTrue(session.call("if (", 4).isEmpty());
        assertTrue(session.call("pairs.count()", 13).isEmpty());
    }

    /**
     * JShell reads the JDK's javadoc from its lib/src.zip; .ci/run installs it (and sets
     * SLUICE_REQUIRE_JDK_SOURCES), so in CI the javadoc must be there. Without it the documentation
     * says what to install.
     */
    @Test
    void theJdksJavadocComesFromItsSourcesElseTheDocumentationSaysWhatToInstall() {
        String doc = session.inspect("Math.max(", 9);
        assertTrue(doc.startsWith("int Math.max(int a, int b)"), doc);
        if (JdkSources.srcZip().isPresent()) {
            assertTrue(doc.contains("Returns the greater of two"), doc);
            assertFalse(doc.contains("no javadoc for the JDK's classes"), doc);
        } else {
            assertFalse("1".equals(System.getenv("SLUICE_REQUIRE_JDK_SOURCES")),
                    "the JDK's sources are missing where they are required (.ci/run installs them): " + doc);
            assertTrue(doc.endsWith("\n\n" + JdkSources.missingNote()), doc);
        }
        String api = session.inspect("ssc.socketTextStream(", 21);
        assertTrue(api.contains("Returns a stream of the lines (UTF-8) a TCP server at host:port sends."), api);
        assertFalse(api.contains("no javadoc"), "Sluice's own API documents itself from the sources in its jar: " + api);
    }

    @Test
    void listsVariablesHistoryAndReplayableSnippets() {
        session.eval("int n = 7;");
        assertThrows(CompileException.class, () -> session.eval("n + nope"));
        session.eval("String word = \"hi\"; n * 2");
        assertTrue(session.vars().contains(new VarInfo("n", "int", "7")), session.vars().toString());
        assertTrue(session.vars().contains(new VarInfo("word", "String", "\"hi\"")), session.vars().toString());
        assertEquals("ssc", session.vars().get(0).name());
        assertEquals(List.of("int n = 7;", "n + nope", "String word = \"hi\"; n * 2"), session.history());
        assertEquals(List.of("int n = 7;", "String word = \"hi\";", "n * 2"), session.replayableSnippets());
    }

    @Test
    void closeStopsTheContextGracefully() {
        session.eval("ssc.queueStream(new LinkedList<List<Integer>>()).print(); ssc.start();");
        StreamingContext ssc = session.context();
        session.close();
        assertEquals(StreamingContextState.STOPPED, ssc.state());
        assertThrows(IllegalStateException.class, () -> session.eval("1"));
    }

    @Test
    void resetDropsEverySnippetAndBindsANewContextThatRuns() throws Exception {
        String first = "int n = 7; var q = new LinkedList<List<Integer>>(); ssc.queueStream(q).print(); ssc.start();";
        session.eval(first);
        StreamingContext old = session.context();
        ManualClock oldClock = clock();
        List<StreamingContext> told = new ArrayList<>();
        session.onReset(told::add);

        session.reset();

        StreamingContext fresh = session.context();
        assertEquals(StreamingContextState.STOPPED, old.state());
        assertNotSame(old, fresh);
        assertEquals(List.of(fresh), told);
        assertEquals(StreamingContextState.INITIALIZED, fresh.state());
        assertNotSame(oldClock, clock());
        assertSame(fresh, session.eval("ssc").value());
        CompileException gone = assertThrows(CompileException.class, () -> session.eval("n + 1"));
        assertTrue(gone.getMessage().contains("variable n"), gone.getMessage());
        assertEquals(List.of("ssc"), session.replayableSnippets());
        assertEquals(List.of(first, "ssc", "n + 1"), session.history());
        assertTrue(session.imports().contains("import dev.sluice.streaming.*;"), session.imports().toString());

        session.eval("Queue<List<Integer>> q = new LinkedList<>(List.of(List.of(4, 5)));\n"
                + "ssc.queueStream(q).foreachRDD((rdd, time) -> System.out.println(\"sum \" + rdd.reduce(Integer::sum)));\n"
                + "ssc.start();");
        step();
        Wait.until("the new context's output", () -> console.outText().contains("sum 9"), TIMEOUT, console::outText);

        session.close();
        assertEquals(StreamingContextState.STOPPED, fresh.state());
        assertThrows(IllegalStateException.class, session::reset);
    }
}
