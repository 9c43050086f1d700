package dev.sluice.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.session.EvalRuntimeException;
import dev.sluice.session.Session;
import dev.sluice.session.SessionOptions;
import dev.sluice.streaming.Console;
import dev.sluice.streaming.FilterFunction;
import dev.sluice.streaming.ManualClock;
import dev.sluice.streaming.Time;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A shell session on Spark's {@code local[2]}: snippet classes written for executors, a snippet
 * record and a top-level variable used inside lambdas, print's output in the session's console,
 * and the values a snippet's function reads shipped to (here: a class loader playing) an executor.
 * One session (one Spark context) for every case.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ShellOnSparkTest {

    private static final ByteArrayOutputStream OUT = new ByteArrayOutputStream();
    private static Session session;

    @BeforeAll
    static void open() {
        PrintStream out = new PrintStream(OUT, true, StandardCharsets.UTF_8);
        Console console = Console.of(out, out);
        session = Session.open(SessionOptions.builder().master("local[2]").manualClock(true)
                .batchInterval(Duration.ofSeconds(1)).parallelism(2).console(() -> console).build());
    }

    @AfterAll
    static void close() {
        if (session != null) {
            session.close();
        }
    }

    private static String printed() {
        return OUT.toString(StandardCharsets.UTF_8);
    }

    private static Path classDir() {
        return Path.of(System.getProperty(Session.REPL_CLASS_DIR_PROPERTY));
    }

    @Test
    @Order(1)
    void snippetRecordAndTopLevelVariableRunOnSpark() throws Exception {
        session.eval("record Len(String w, int n) implements java.io.Serializable {}");
        session.eval("var q = new java.util.concurrent.ConcurrentLinkedQueue<List<String>>();");
        session.eval("q.add(List.of(\"to be or\", \"not to be\"));");
        session.eval("String[] stop = {\"or\", \"not\"};");
        session.eval("ssc.queueStream(q).flatMap(l -> Arrays.asList(l.split(\" \")))"
                + ".filter(w -> !Arrays.asList(stop).contains(w)).map(w -> new Len(w, w.length())).print();");
        session.eval("ssc.start();");
        ManualClock clock = session.manualClock().orElseThrow();
        clock.advance(Duration.ofSeconds(1));
        assertTrue(session.context().awaitBatch(new Time(1000), Duration.ofSeconds(60)), "batch 1 did not complete in 60 s");
        String out = printed();
        assertTrue(out.contains("Time: 1000 ms"), out);
        assertEquals(2, count(out, "Len[w=to, n=2]"), out);
        assertEquals(2, count(out, "Len[w=be, n=2]"), out);
        assertFalse(out.contains("w=or") || out.contains("w=not"), out);

        // every snippet class, the record too, is in the directory Spark serves to executors
        Path dir = classDir();
        try (Stream<Path> files = Files.walk(dir.resolve("REPL"))) {
            List<String> names = files.map(p -> p.getFileName().toString()).toList();
            assertTrue(names.stream().anyMatch(n -> n.matches("\\$JShell\\$\\d+\\$Len\\.class")), names.toString());
            assertTrue(names.stream().anyMatch(n -> n.matches("\\$JShell\\$\\d+\\.class")), names.toString());
        }
        session.eval("ssc.stop();");
    }

    @Test
    @Order(2)
    void aFunctionShipsTheTopLevelVariablesItReadsThroughSnippetMethods() throws Exception {
        session.eval("String[] words = {\"a\", \"b\"};");
        session.eval("int limit = 3;");
        session.eval("boolean known(String w) { return Arrays.asList(words).contains(w); }");
        session.eval("dev.sluice.spark.Kept.keep((FilterFunction<String>) w -> known(w) && w.length() < limit);");
        Object fn = Kept.FUNCTION.get();
        ReplStatics statics = ReplStatics.of(fn);
        assertEquals(List.of("limit", "words"), statics.names().stream().sorted().toList());

        // an executor: the snippet classes loaded afresh from the class directory, where the
        // variables were never assigned; the function and its snapshot arrive serialized
        try (URLClassLoader executor = new URLClassLoader(new URL[] {classDir().toUri().toURL()}, ShellOnSparkTest.class.getClassLoader())) {
            Object[] shipped = roundTrip(new Object[] {fn, statics.asFromAnotherJvm()}, executor);
            @SuppressWarnings("unchecked")
            FilterFunction<String> remote = (FilterFunction<String>) shipped[0];
            ReplStatics remoteStatics = (ReplStatics) shipped[1];
            assertTrue(remote.getClass().getClassLoader() == executor, "the function was not loaded by the executor's loader");
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(executor);
            try {
                assertThrows(NullPointerException.class, () -> remote.call("a"), "unassigned variable on the executor");
                remoteStatics.install();
                assertTrue(remote.call("a"));
                assertFalse(remote.call("c"));
            } finally {
                thread.setContextClassLoader(previous);
            }
        }
        // on the driver (and in local mode) the snapshot leaves the session's variables alone
        session.eval("words = new String[] {\"c\"};");
        statics.install();
        assertEquals("[c]", String.valueOf(session.eval("Arrays.toString(words)").value()));
    }

    @Test
    @Order(3)
    void aValueThatCannotBeShippedIsNamedBeforeTheJobStarts() {
        session.eval("Thread worker = new Thread(() -> {});");
        session.eval("dev.sluice.spark.Kept.keep((FilterFunction<String>) w -> worker.getName().equals(w));");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReplStatics.of(Kept.FUNCTION.get()));
        assertTrue(e.getMessage().contains("top-level variable 'worker'"), e.getMessage());
        assertTrue(e.getMessage().contains("java.lang.Thread"), e.getMessage());
        assertTrue(e.getMessage().contains("Serializable"), e.getMessage());

        session.eval("dev.sluice.spark.Kept.keep((FilterFunction<String>) w -> ssc.toString().equals(w));");
        e = assertThrows(IllegalArgumentException.class, () -> ReplStatics.of(Kept.FUNCTION.get()));
        assertTrue(e.getMessage().contains("top-level variable 'ssc'"), e.getMessage());

        session.eval("void keepCapturing(dev.sluice.streaming.StreamingContext context) {"
                + " dev.sluice.spark.Kept.keep((FilterFunction<String>) w -> context.toString().equals(w)); }");
        session.eval("keepCapturing(ssc);");
        e = assertThrows(IllegalArgumentException.class, () -> ReplStatics.of(Kept.FUNCTION.get()));
        assertTrue(e.getMessage().contains("captures") && e.getMessage().contains("StreamingContext"), e.getMessage());

        // the same through the shell: the context refuses to start and says why
        EvalRuntimeException failed = assertThrows(EvalRuntimeException.class, () -> session.eval(
                "var other = StreamingContext.builder().master(\"local[2]\").batchInterval(Duration.ofSeconds(1))"
                        + ".clock(new ManualClock()).parallelism(2).build();\n"
                        + "other.queueStream(q).filter(w -> worker.isAlive()).print();\n"
                        + "other.start();"));
        assertTrue(failed.getMessage().contains("'worker'"), failed.getMessage());
    }

    private static Object[] roundTrip(Object[] values, ClassLoader loader) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(values);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray())) {
            @Override
            protected Class<?> resolveClass(ObjectStreamClass desc) throws java.io.IOException, ClassNotFoundException {
                return Class.forName(desc.getName(), false, loader);
            }
        }) {
            return (Object[]) in.readObject();
        }
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            n++;
        }
        return n;
    }
}
