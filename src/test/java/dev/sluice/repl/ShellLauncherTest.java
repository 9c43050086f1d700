package dev.sluice.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shell without a terminal: script files and piped input, and their exit status. */
class ShellLauncherTest {

    @TempDir
    Path dir;

    private record Run(int status, String out, String err) {
    }

    private static Run run(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ShellLauncher.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aScriptFileRunsToTheEndWithStatusZero() throws IOException {
        Path script = dir.resolve("ok.jsh");
        Files.writeString(script, String.join("\n",
                "// a comment line",
                "Queue<List<Integer>> q = new LinkedList<>(List.of(List.of(1, 2, 3)));",
                "var sums = ssc.queueStream(q).reduce((a, b) -> a + b);",
                "sums.print();",
                ":start",
                ":step 2",
                "int total(int... xs) {",
                "  return IntStream.of(xs).sum();",
                "}",
                "total(1, 2, 3)"));
        Run r = run("", "--manual-clock", "--batch", "2s", script.toString());
        assertEquals("", r.err());
        assertEquals(0, r.status());
        assertTrue(r.out().contains("Time: 2000 ms\n-------------------------------------------\n6\n"), r.out());
        assertTrue(r.out().contains("time is now t=4s (2 batches)\n"), r.out());
        assertTrue(r.out().endsWith("created method total(int...)\n$2 ==> 6\n"), r.out());
    }

    @Test
    void aFailingSnippetStopsTheScriptWithStatusOne() throws IOException {
        Path script = dir.resolve("fails.jsh");
        Files.writeString(script, "int a = 1;\nint b = a / 0;\nSystem.out.println(\"not reached\");\n");
        Run r = run("", script.toString());
        assertEquals(1, r.status());
        assertEquals("a ==> 1\n", r.out());
        assertTrue(r.err().startsWith("fails.jsh:2: the snippet failed:\n  int b = a / 0;\njava.lang.ArithmeticException: / by zero\n"), r.err());
        assertTrue(r.err().contains("\tat (fails.jsh:2): int b = a / 0;"), r.err());
    }

    @Test
    void aFailureInAScriptNamesTheFileLineAndSnippet() throws IOException {
        Path script = dir.resolve("demo.jsh");
        Files.writeString(script, String.join("\n",
                "// line 1",
                "int half(int x) {",
                "    int d = x - 4;",
                "    return 8 / d;",
                "}",
                "",
                "int a = half(2); int b = half(4);",
                "System.out.println(\"not reached\");"));
        Run r = run("", script.toString());
        assertEquals(1, r.status());
        assertTrue(r.err().startsWith("demo.jsh:7: the snippet failed:\n  int b = half(4);\njava.lang.ArithmeticException: / by zero\n"), r.err());
        assertTrue(r.err().contains("\tat half (demo.jsh:4): return 8 / d;\n\tat (demo.jsh:7): int b = half(4);"), r.err());

        Files.writeString(script, "int ok = 1;\n\nString s = 42;\n");
        Run compile = run("", script.toString());
        assertEquals(1, compile.status());
        assertTrue(compile.err().startsWith("demo.jsh:3: the snippet failed:\n  String s = 42;\nerror: incompatible types"), compile.err());
    }

    @Test
    void aDependencyThatCannotBeResolvedOnStartEndsTheShellWithItsReason() throws IOException {
        Path repo = Files.createDirectories(dir.resolve("empty-repo"));
        Path script = dir.resolve("uses.jsh");
        Files.writeString(script, "1 + 1\n");
        String before = System.getProperty("maven.repo.local");
        System.setProperty("maven.repo.local", dir.resolve("m2").toString());
        try {
            Run missing = run("", "--repository", repo.toUri().toString(), "--dependency", "demo:absent:1.0", script.toString());
            assertEquals(1, missing.status());
            assertTrue(missing.err().startsWith("sluice: demo:absent:jar:1.0 does not exist in " + repo.toUri()), missing.err());
        } finally {
            if (before == null) {
                System.clearProperty("maven.repo.local");
            } else {
                System.setProperty("maven.repo.local", before);
            }
        }
    }

    @Test
    void pipedInputIsAScriptToo() {
        Run ok = run("int x = 20;\nx + 22\n");
        assertEquals(0, ok.status());
        assertEquals("x ==> 20\n$1 ==> 42\n", ok.out());

        Run bad = run("int x = 20;\n:stop\nx\n");
        assertEquals(1, bad.status());
        assertEquals("error: expected one output id or name\nusage: :stop <id|name>\n", bad.err());

        Run unfinished = run("int f() {\n  return 1;\n");
        assertEquals(1, unfinished.status());
        assertTrue(unfinished.err().startsWith("incomplete input"), unfinished.err());
    }

    @Test
    void aScriptMaySplitAMethodChainBeforeItsDots() {
        Run r = run(String.join("\n",
                "var xs = List.of(3, 1, 2)",
                "    .stream()",
                "",
                "    .sorted().toList();",
                ":vars",
                "xs.size()",
                ".5"));
        assertEquals("", r.err());
        assertEquals(0, r.status());
        assertTrue(r.out().startsWith("xs ==> [1, 2, 3]\n"), r.out());
        assertTrue(r.out().contains("\nxs   | List<Integer>    | [1, 2, 3]\n"), r.out());
        assertTrue(r.out().endsWith("$1 ==> 3\n$2 ==> 0.5\n"), r.out());
    }

    @Test
    void theMasterAndConfReachTheSessionsContextAndAMasterWithoutRunnerFailsClearly() {
        Run spark = run("1 + 1\n", "--master", "spark://127.0.0.1:7077", "--conf", "spark.cores.max=2");
        assertEquals(1, spark.status());
        assertEquals("", spark.out());
        assertEquals("sluice: no runner for master 'spark://127.0.0.1:7077' is on the class path (found only recording);"
                + " to run on Spark, add the Spark runner to the class path (the sluice-spark jar and the Spark 4.1.0 jars"
                + " it depends on), or leave the master unset (or \"embedded\") to run on the embedded engine\n", spark.err());

        // The test class path has a runner for recording:// masters (it runs nothing), so the options can be followed.
        Run passed = run("ssc.master()\nssc.conf()\n", "--master", "recording://shell", "--conf", "spark.cores.max=2",
                "--conf", "spark.app.name=tour");
        assertEquals("", passed.err());
        assertEquals(0, passed.status());
        assertEquals("$1 ==> \"recording://shell\"\n$2 ==> {spark.cores.max=2, spark.app.name=tour}\n", passed.out());
    }

    @Test
    void badOptionsAndHelp() {
        Run bad = run("", "--batch", "soon");
        assertEquals(ShellLauncher.USAGE_ERROR, bad.status());
        assertEquals("sluice: cannot read duration 'soon'; write it like 500us, 500ms, 2s, 1m or 1h (sluice --help lists the options)\n",
                bad.err());
        Run missing = run("", dir.resolve("nope.jsh").toString());
        assertEquals(ShellLauncher.USAGE_ERROR, missing.status());
        Run help = run("", "--help");
        assertEquals(0, help.status());
        assertEquals(ShellOptions.USAGE + "\n", help.out());
    }
}
