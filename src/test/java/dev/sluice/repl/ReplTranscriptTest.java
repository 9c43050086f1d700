package dev.sluice.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.session.Session;
import dev.sluice.session.SessionOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transcript tests: the shell reads typed lines from memory and writes to memory, on a manual clock
 * stepped with {@code :step}, so each transcript is exact. A dumb terminal does not echo input, so a
 * transcript shows each prompt followed directly by the shell's answer.
 */
class ReplTranscriptTest {

    @TempDir
    Path dir;

    /** Runs the shell over these input lines until the input ends (Ctrl-D); returns all output. */
    static String transcript(String... lines) throws IOException {
        return transcript(SessionOptions.builder(), lines);
    }

    /** {@link #transcript(String...)} with more options (the clock, parallelism and interval are set here). */
    static String transcript(SessionOptions.Builder options, String... lines) throws IOException {
        String input = String.join("\n", lines) + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TerminalConsole console = new TerminalConsole(l -> { });
        try (DumbTerminal terminal = new DumbTerminal("test", "dumb",
                new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out, StandardCharsets.UTF_8)) {
            Session session = Session.open(options.manualClock(true).parallelism(2)
                    .batchInterval(Duration.ofSeconds(1)).console(() -> console).build());
            Repl repl = new Repl(session, terminal, null, CommandTable.standard());
            console.redirect(repl::printAbove);
            assertEquals(0, repl.run());
        }
        String text = out.toString(StandardCharsets.UTF_8);
        String banner = text.substring(0, text.indexOf('\n') + 1);
        assertTrue(banner.startsWith("Sluice shell: "), banner);
        String end = "sluice> stopping the streaming context...\n";
        assertTrue(text.endsWith(end), text);
        return text.substring(banner.length(), text.length() - end.length());
    }

    @Test
    void evaluatesSnippetsDeclarationsAndMultiLineInput() throws IOException {
        assertEquals(String.join("\n",
                "sluice> x ==> 4",
                "sluice> $1 ==> 8",
                "sluice> created method inc(int)",
                "sluice> $2 ==> 5",
                "sluice> words ==> \"a b\"",
                "sluice> hello",
                ""), transcript(
                "int x = 4;",
                "x * 2",
                "int inc(int a) {",
                "  return a + 1;",
                "}",
                "inc(x)",
                "String words = \"a b\";",
                "System.out.println(\"hello\")"));
    }

    @Test
    void failuresAreReportedAndTheShellCarriesOn() throws IOException {
        assertEquals(String.join("\n",
                "sluice> error: cannot find symbol",
                "  symbol:   variable y",
                "  y + 1",
                "  ^",
                "sluice> java.lang.ArithmeticException: / by zero",
                "\tat (snippet #8, line 1): 1 / 0",
                "sluice> error: unknown command :nope; type :help for the list of commands",
                "sluice> error: expected one output id or name",
                "usage: :stop <id|name>",
                "sluice> error: the clock is not running; run :start (or ssc.start()) first",
                "sluice> $2 ==> 2",
                ""), transcript(
                "y + 1",
                "1 / 0",
                ":nope",
                ":stop",
                ":step",
                "1 + 1")
                .replace("error: the context is not running;", "error: the clock is not running;"),
                "a failed snippet still takes a $n name");
    }

    @Test
    void aJShellCommandGetsTheColonFormNotACompileError() throws IOException {
        assertEquals(String.join("\n",
                "sluice> Sluice's commands start with ':' instead of '/': type :vars",
                "sluice> Sluice's commands start with ':' instead of '/'; :help lists them",
                "sluice> $1 ==> 4",
                "sluice> Sluice's commands start with ':' instead of '/': type :exit",
                ""), transcript("/vars", "/edit 3", "8 / 2", "/exit"), "the shell carries on after each hint; /exit does not end it");

        Path file = dir.resolve("jshell.jsh");
        Files.writeString(file, "int a = 1;\n/exit\n");
        assertEquals(String.join("\n",
                "sluice> a ==> 1",
                "Sluice's commands start with ':' instead of '/': type :exit",
                "error: stopped loading " + file + " after 1 snippets",
                "sluice> a ==> 1",
                ""), transcript(":load " + file, "a"), "a script's JShell command names its line");
    }

    @Test
    void streamsPrintEachBatchAndCanBeQueriedAndStopped() throws IOException {
        String text = transcript(
                "Queue<List<String>> queue = new LinkedList<>();",
                "DStream<String> words = ssc.queueStream(queue).name(\"words\");",
                "PairDStream<String, Long> counts = words.countByValue().name(\"counts\");",
                "OutputHandle printed = counts.print();",
                ":start",
                "queue.add(List.of(\"a\", \"b\", \"a\"));",
                ":step",
                "counts.latest()",
                ":streams",
                ":streams plan",
                ":streams everything",
                ":stop counts",
                "queue.add(List.of(\"c\"));",
                ":step",
                "counts.latest().collect()",
                "printed.isActive()",
                ":stop counts",
                ":stop 1",
                ":stop words",
                "ssc.stop()",
                "printed",
                ":stop 1");
        String expected = String.join("\n",
                "sluice> queue ==> []",
                "sluice> words ==> DStream[1] 'words': queueStream, slide 1s",
                "sluice> counts ==> PairDStream[3] 'counts': countByValue <- queueStream, slide 1s",
                "sluice> printed ==> output 1: print of 'counts' (active)",
                "sluice> started; batches every 1000 ms of manual time: :step advances the clock",
                "sluice> $1 ==> true",
                "sluice> -------------------------------------------",
                "Time: 1000 ms",
                "-------------------------------------------",
                "(b,1)",
                "(a,2)",
                "",
                "time is now t=1s (1 batch)",
                "sluice> $2 ==>",
                "key | value",
                "----+------",
                "b   | 1",
                "a   | 2",
                "(2 rows)",
                "sluice> context active, batch interval 1000 ms",
                "id | name   | outputs | computed as",
                "---+--------+---------+--------------------------------------",
                "1  | words  | 0       | queueStream, slide 1s",
                "3  | counts | 1       | countByValue <- queueStream, slide 1s",
                "output | name  | stream   | state",
                "-------+-------+----------+-------",
                "1      | print | 3 counts | active",
                "source | records/s (last batch)",
                "-------+-----------------------",
                "words  | 3",
                "sluice> stream 1 'words' = ssc.queueStream(queue)",
                "stream 3 'counts' = stream(1).countByValue()",
                "output 1 = stream(3).print()",
                "sluice> error: expected nothing or 'plan', got 'everything'",
                "usage: :streams [plan]",
                "sluice> stopped output 1: print of 'counts' (from the next batch)",
                "sluice> $3 ==> true",
                "sluice> time is now t=2s (1 batch)",
                "sluice> $4 ==> [(c,1)]",
                "sluice> $5 ==> false",
                "sluice> error: stream 'counts' has no active output to stop; :streams lists the outputs",
                "sluice> error: output 1 is already stopped",
                "sluice> error: stream 'words' has no active output to stop; :streams lists the outputs",
                "sluice> sluice> printed ==> output 1: print of 'counts' (stopped)",
                "sluice> error: the context is stopped, and every output with it; :reset starts a fresh ssc",
                "");
        assertEquals(expected, text);
    }

    @Test
    void saveWritesWhatRanAndLoadReplaysIt() throws IOException {
        Path file = dir.resolve("graph.jsh");
        String first = transcript(
                "int base = 10;",
                "int plus(int a) { return a + base; }",
                "plus(nothing)",
                ":save " + file);
        assertTrue(first.endsWith("sluice> saved 2 snippets to " + file + "\n"), first);
        assertEquals(List.of("int base = 10;", "int plus(int a) { return a + base; }"), Files.readAllLines(file));

        String second = transcript(":load " + file, "plus(5)", ":load " + dir.resolve("missing.jsh"));
        assertEquals(String.join("\n",
                "sluice> base ==> 10",
                "created method plus(int)",
                "loaded " + file + " (2 snippets)",
                "sluice> $1 ==> 15",
                "sluice> error: cannot read " + dir.resolve("missing.jsh") + ": " + dir.resolve("missing.jsh"),
                ""), second);
    }

    @Test
    void aDependencyThatDoesNotExistIsOneErrorLineAndNothingElse() throws IOException {
        dev.sluice.testing.LocalMavenRepo repo = new dev.sluice.testing.LocalMavenRepo(dir.resolve("remote")).withGreeter();
        java.io.PrintStream stderr = System.err;
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        String text;
        try {
            // the log goes to System.err: a resolver's or Sluice's ERROR with its trace would land here
            System.setErr(new java.io.PrintStream(logged, true, StandardCharsets.UTF_8));
            // the test's repository instead of Maven Central (as --repository does): no network
            text = transcript(SessionOptions.builder().localRepository(dir.resolve("m2")).repository(repo.url()),
                    ":dependency no.such:thing:1.0", ":dependency demo:greeter:9.9");
        } finally {
            System.setErr(stderr);
        }
        assertEquals(String.join("\n",
                "sluice> error: no.such:thing:jar:1.0 does not exist in " + repo.url() + " or " + dir.resolve("m2")
                        + "; check the group, artifact and version",
                "sluice> error: demo:greeter:jar:9.9 does not exist in " + repo.url() + " or " + dir.resolve("m2")
                        + "; check the group, artifact and version",
                ""), text);
        assertEquals("", logged.toString(StandardCharsets.UTF_8), "nothing else is printed");
    }

    @Test
    void saveAndLoadRoundTripClassesRecordsMethodsImportsAndLibraries() throws IOException {
        dev.sluice.testing.LocalMavenRepo repo = new dev.sluice.testing.LocalMavenRepo(dir.resolve("remote")).withGreeter();
        Path file = dir.resolve("session.jsh");
        SessionOptions.Builder options = SessionOptions.builder().localRepository(dir.resolve("m2"));
        String first = transcript(options,
                ":repository " + repo.url(),
                ":dependency demo:greeter:1.0",
                "import demo.greeter.Greeter;",
                "import java.util.function.*;",
                "record Point(int x, int y) { int sum() { return x + y; } }",
                "class Counter { int n; int next() { return ++n; } }",
                "String greet(Point p) { return Greeter.hello(\"p\" + p.sum()); }",
                "Function<Integer, Point> diag = i -> new Point(i, i);",
                ":save " + file);
        assertTrue(first.contains("added demo:greeter:1.0: 2 jars (greeter-1.0.jar, words-1.0.jar)"), first);
        assertTrue(first.endsWith("saved 6 snippets to " + file + "\n"), first);
        List<String> saved = Files.readAllLines(file);
        assertEquals(List.of(":repository " + repo.url(), ":dependency demo:greeter:1.0", "import demo.greeter.Greeter;",
                "import java.util.function.*;"), saved.subList(0, 4), saved.toString());

        String second = transcript(SessionOptions.builder().localRepository(dir.resolve("m2")),
                ":load " + file, "greet(diag.apply(2))", "new Counter().next()");
        assertTrue(second.contains("loaded " + file + " (8 snippets)"), second);
        assertTrue(second.contains("sluice> $1 ==> \"hello, P4!\""), second);
        assertTrue(second.endsWith("sluice> $2 ==> 1\n"), second);
    }

    @Test
    void tabInACallsArgumentsShowsTheSignaturesAndTabAgainTheJavadoc() throws IOException {
        Session session = Session.open(SessionOptions.builder().manualClock(true).build());
        try {
            ReplCompleter completer = new ReplCompleter(session, CommandTable.standard());
            String line = "ssc.socketTextStream(";
            String first = completer.help(line, line.length());
            assertTrue(first.startsWith("Signatures:\n  DStream<String> StreamingContext.socketTextStream(String host, int port)"), first);
            assertTrue(first.endsWith("\n" + ReplCompleter.AGAIN), first);
            String second = completer.help(line, line.length());
            assertTrue(second.startsWith("DStream<String> StreamingContext.socketTextStream(String host, int port)\n"), second);
            assertTrue(second.contains("line"), "the javadoc of Sluice's own API: " + second);
            assertEquals(null, completer.help("ssc.sock", 8), "not in a call: ordinary completion");
        } finally {
            session.close();
        }
        // after the first session is closed: with the JDK's src.zip present, JShell finds no documentation at
        // all in a second JShell open at the same time in one JVM (a shell or a kernel has one session)
        String doc = transcript(":doc ssc.start", ":doc DStream", ":doc nothingHere");
        assertTrue(doc.contains("void StreamingContext.start()\n"), doc);
        assertTrue(doc.contains("error: no documentation found for nothingHere"), doc);
    }

    @Test
    void resetStartsOverAfterTheContextWasStopped() throws IOException {
        Path file = dir.resolve("count.jsh");
        String text = transcript(
                "Queue<List<String>> queue = new LinkedList<>();",
                "OutputHandle printed = ssc.queueStream(queue).count().print();",
                ":save " + file,
                ":start",
                "ssc.stop()",
                ":start",
                ":reset now",
                ":reset",
                "queue",
                ":load " + file,
                ":start",
                "queue.add(List.of(\"x\", \"y\"));",
                ":step");
        assertEquals(String.join("\n",
                "sluice> queue ==> []",
                "sluice> printed ==> output 1: print of count[2] (active)",
                "sluice> saved 2 snippets to " + file,
                "sluice> started; batches every 1000 ms of manual time: :step advances the clock",
                "sluice> sluice> error: the context was stopped and cannot start again; :reset makes a new one"
                        + " (:save first, then :load, to replay the snippets)",
                "sluice> error: :reset takes no arguments",
                "usage: :reset",
                "sluice> reset: the old context is stopped and 3 snippets dropped; ssc is a new context, not started",
                "sluice> error: cannot find symbol",
                "  symbol:   variable queue",
                "  queue",
                "  ^---^",
                "sluice> queue ==> []",
                "printed ==> output 1: print of count[2] (active)",
                "loaded " + file + " (2 snippets)",
                "sluice> started; batches every 1000 ms of manual time: :step advances the clock",
                "sluice> $1 ==> true",
                "sluice> -------------------------------------------",
                "Time: 1000 ms",
                "-------------------------------------------",
                "2",
                "",
                "time is now t=1s (1 batch)",
                ""), text);
    }

    @Test
    void aResetThatCannotMakeANewContextKeepsTheSnippetsAndCanBeTriedAgain() throws IOException {
        // the checkpoint directory turns into a plain file, so a new context cannot use it
        Path checkpoint = dir.resolve("checkpoint");
        String text = transcript(SessionOptions.builder().checkpointDir(checkpoint),
                "Path c = Path.of(\"" + checkpoint + "\");",
                "try (Stream<Path> s = Files.walk(c)) { s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete()); }",
                "Files.writeString(c, \"not a directory\");",
                ":reset",
                "c.getFileName()",
                "ssc.state()",
                "Files.delete(c);",
                ":reset",
                "c");
        assertEquals(String.join("\n",
                "sluice> c ==> " + checkpoint,
                "sluice> sluice> $1 ==> " + checkpoint,
                "sluice> error: cannot start over: cannot use checkpoint directory " + checkpoint + ": " + checkpoint
                        + " exists and is not a directory; move it away or choose another checkpoint directory; ssc is still the stopped context and the snippets are kept:"
                        + " remove the cause and :reset again, or leave with :exit",
                "sluice> $2 ==> checkpoint",
                "sluice> $3 ==> STOPPED",
                "sluice> sluice> reset: the old context is stopped and 6 snippets dropped; ssc is a new context, not started",
                "sluice> error: cannot find symbol",
                "  symbol:   variable c",
                "  c",
                "  ^",
                ""), text);
        assertTrue(Files.isDirectory(checkpoint), "the second context made its checkpoint directory");
    }

    @Test
    void listsHistoryImportsAndVariables() throws IOException {
        String text = transcript("int n = 1;", "n + 1", ":history", ":imports", ":vars");
        assertEquals(String.join("\n",
                "sluice> n ==> 1",
                "sluice> $1 ==> 2",
                "sluice>    1  int n = 1;",
                "   2  n + 1",
                "sluice> import dev.sluice.streaming.*;",
                "import java.time.Duration;",
                "import java.util.*;",
                "import java.util.stream.*;",
                "import java.nio.file.*;",
                "sluice> name | type             | value",
                "-----+------------------+-------------------------------------------------------------"), 
                text.substring(0, text.indexOf("\nssc ")));
        assertTrue(text.matches("(?s).*\nssc  \\| StreamingContext \\| StreamingContext\\[.*"), text);
        assertTrue(text.endsWith("\nn    | int              | 1\n$1   | int              | 2\n"), text);
    }

    @Test
    void exitLeavesBeforeTheRestOfTheInput() throws IOException {
        assertEquals("sluice> $1 ==> 1\n", transcript("1", ":exit", "2").replace("sluice> stopping", "stopping"));
    }
}
