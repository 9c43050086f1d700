package dev.sluice.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.session.Session;
import dev.sluice.session.SessionOptions;
import dev.sluice.streaming.Console;
import dev.sluice.streaming.ManualClock;
import dev.sluice.streaming.Time;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.ToolProvider;
import org.apache.spark.SparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jars a session adds (here with :classpath's addClasspath; :dependency and %maven add theirs the
 * same way) are shipped to Spark's executors: those added before the start, and one added after
 * it, before the stream that uses it runs. On local[2] the executors share the driver's JVM, so
 * what is checked is that Spark lists each jar for its executors to fetch, and that a lambda using
 * the library's class runs on Spark.
 */
class UserJarsTest {

    /**
     * Stops the JVM's Spark context, which the next test class would otherwise reuse: it lists this
     * test's jars for its executors to fetch, and they are deleted with the test's directory, so
     * every later task would fail fetching them.
     */
    @AfterAll
    static void stopSparkContext() {
        SparkContexts.stop();
    }

    /** Compiles {@code source} (a class demo.{@code name}) into a jar of its own under {@code dir}. */
    private static Path jar(Path dir, String name, String source) throws Exception {
        Path src = Files.createDirectories(dir.resolve(name + "-src").resolve("demo")).resolve(name + ".java");
        Files.writeString(src, source);
        Path classes = Files.createDirectories(dir.resolve(name + "-classes"));
        int status = ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "17", "-d", classes.toString(), src.toString());
        assertEquals(0, status, "javac " + src);
        Path jar = dir.resolve(name.toLowerCase() + "-1.0.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("demo/" + name + ".class"));
            out.write(Files.readAllBytes(classes.resolve("demo").resolve(name + ".class")));
            out.closeEntry();
        }
        return jar;
    }

    /** A session on {@code local[2]} with a manual clock, whose console writes to {@code printed}. */
    private static Session openPrintingTo(ByteArrayOutputStream printed) {
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        Console console = Console.of(out, out);
        return Session.open(SessionOptions.builder().master("local[2]").manualClock(true)
                .batchInterval(Duration.ofSeconds(1)).parallelism(2).console(() -> console).build());
    }

    private static boolean listed(String jarName) {
        return scala.jdk.javaapi.CollectionConverters.asJava(SparkContext.getOrCreate().listJars()).stream()
                .anyMatch(j -> j.endsWith("/" + jarName));
    }

    @Test
    void jarsAddedToTheSessionReachSparksExecutorsAlsoAfterTheStart(@TempDir Path dir) throws Exception {
        Path shout = jar(dir, "Shout", "package demo; public final class Shout { public static String up(String w) { return w.toUpperCase(); } }");
        Path twice = jar(dir, "Twice", "package demo; public final class Twice { public static String of(String w) { return w + w; } }");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (Session session = openPrintingTo(printed)) {
            ManualClock clock = session.manualClock().orElseThrow();
            assertEquals(List.of(shout), session.addClasspath(shout.toString()));
            session.eval("var words = new java.util.concurrent.ConcurrentLinkedQueue<List<String>>(List.of(List.of(\"ab\")));");
            session.eval("DStream<String> shouted = ssc.queueStream(words).map(w -> demo.Shout.up(w));");
            session.eval("shouted.print();");
            session.eval("ssc.start();");
            assertTrue(listed("shout-1.0.jar"), "shipped at the start: " + SparkContext.getOrCreate().listJars());
            clock.advance(Duration.ofSeconds(1));
            assertTrue(session.context().awaitBatch(new Time(1000), Duration.ofSeconds(60)), "batch 1 completed");
            assertTrue(printed.toString(StandardCharsets.UTF_8).contains("AB"), printed.toString(StandardCharsets.UTF_8));

            // a library added once the context runs, used at once by a query whose tasks run on Spark (no restart between)
            Path third = jar(dir, "Third", "package demo; public final class Third { public static String of(String w) { return w + w + w; } }");
            session.addClasspath(third.toString());
            assertEquals("[ABABAB]", String.valueOf(session.eval("shouted.latest().map(w -> demo.Third.of(w)).collect()").value()));
            assertTrue(listed("third-1.0.jar"), "shipped before the query's job: " + SparkContext.getOrCreate().listJars());

            // a library added once the context runs, used by a stream attached after it
            session.addClasspath(twice.toString());
            session.eval("var more = new java.util.concurrent.ConcurrentLinkedQueue<List<String>>(List.of(List.of(\"cd\")));");
            session.eval("ssc.queueStream(more).map(w -> demo.Twice.of(w)).print();");
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!listed("twice-1.0.jar") && System.nanoTime() < deadline) {
                Thread.sleep(50);   // polling Spark's list of jars, which the restart fills; no batch depends on it
            }
            assertTrue(listed("twice-1.0.jar"), "shipped at the restart for the new stream: " + SparkContext.getOrCreate().listJars());
        }
    }

    /**
     * What cannot be shipped is said on the console once, at the next query or launch: a folder of
     * classes, a jar whose file name was shipped before from another folder, and a jar Spark refuses
     * (here one deleted after it was added).
     */
    @Test
    void whatCannotBeShippedIsToldOnce(@TempDir Path dir) throws Exception {
        Path shout = jar(dir, "Shout", "package demo; public final class Shout { public static String up(String w) { return w.toUpperCase(); } }");
        Path other = Files.createDirectories(dir.resolve("other"));
        Path sameName = Files.copy(jar(other, "Shout", "package demo; public final class Shout { public static String up(String w) { return w; } }"),
                other.resolve("shout-1.0.jar"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path classes = Files.createDirectories(dir.resolve("Loose-classes"));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (Session session = openPrintingTo(printed)) {
            ManualClock clock = session.manualClock().orElseThrow();
            session.addClasspath(shout.toString());
            session.eval("var words = new java.util.concurrent.ConcurrentLinkedQueue<List<String>>(List.of(List.of(\"ab\")));");
            session.eval("DStream<String> shouted = ssc.queueStream(words).map(w -> demo.Shout.up(w));");
            session.eval("shouted.print();");
            session.eval("ssc.start();");
            clock.advance(Duration.ofSeconds(1));
            assertTrue(session.context().awaitBatch(new Time(1000), Duration.ofSeconds(60)), "batch 1 completed");

            Path gone = jar(dir, "Gone", "package demo; public final class Gone {}");
            session.addClasspath(classes.toString());
            session.addClasspath(sameName.toString());
            session.addClasspath(gone.toString());
            Files.delete(gone);     // Spark's addJar cannot read it: it logs why and goes on without it
            for (int i = 0; i < 2; i++) {
                assertEquals("[AB]", String.valueOf(session.eval("shouted.latest().collect()").value()));
            }
            String shown = printed.toString(StandardCharsets.UTF_8);
            String folder = "Not shipped to Spark's executors: " + classes.toUri().getPath() + " is a folder of classes";
            assertTrue(shown.contains(folder), shown);
            assertEquals(shown.indexOf(folder), shown.lastIndexOf(folder), "told once: " + shown);
            assertTrue(shown.contains("jar cf classes.jar -C " + classes.toUri().getPath() + " ."), shown);
            String clash = "Not shipped to Spark's executors: " + sameName.toUri().getPath() + ", because a jar of the same name was shipped before from "
                    + shout.toUri().getPath();
            assertTrue(shown.contains(clash), shown);
            assertEquals(shown.indexOf(clash), shown.lastIndexOf(clash), "told once: " + shown);
            String refused = "Could not ship " + gone.toUri().getPath() + " to Spark's executors";
            assertTrue(shown.contains(refused), shown);
            assertEquals(shown.indexOf(refused), shown.lastIndexOf(refused), "told once: " + shown);
            assertFalse(listed("gone-1.0.jar"), "not listed: " + SparkContext.getOrCreate().listJars());
        }
    }
}
