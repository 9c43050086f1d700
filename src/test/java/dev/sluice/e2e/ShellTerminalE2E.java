package dev.sluice.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts {@code launcher/sluice} in a real terminal (tmux), types the README's tour, interrupts a
 * busy loop with Ctrl-C while a stream keeps printing, and leaves with Ctrl-D.
 *
 * <p>Runs in the {@code integration-test} phase of {@code mvn verify}, after the jar is packaged, so
 * the launcher starts without building. It fails (never skips) when tmux is missing.
 */
class ShellTerminalE2E {

    private static final Duration START = Duration.ofMinutes(4);
    private static final Duration SNIPPET = Duration.ofSeconds(60);
    private static final Pattern BATCH = Pattern.compile("Time: (\\d+) ms");

    @TempDir
    Path home;

    @Test
    void tourInterruptAndExitInARealTerminal() throws Exception {
        Tmux.version();
        Path root = Path.of("").toAbsolutePath();
        Path history = home.resolve("history");
        String command = "launcher/sluice --batch 1s; echo \"[sluice exited with status $?]\"; sleep 3600";
        try (Tmux term = Tmux.start("tour", root, Map.of("HOME", home.toString(), "SLUICE_HISTORY", history.toString()),
                command, 160, 45)) {
            term.await("the first prompt", s -> s.contains("sluice> "), START);

            for (String line : tourLines()) {
                int before = prompts(term.screen());
                term.line(line);
                term.await("the shell to take: " + line, s -> prompts(s) > before, SNIPPET);
                String screen = term.screen();
                assertTrue(!screen.contains("error:") && !screen.contains("Exception"),
                        "the tour line failed: " + line + "\n" + screen);
            }
            term.await("a windowed count", s -> s.contains("(apple,"), SNIPPET);
            term.await("the join with the static dataset", s -> s.contains(",red))"), SNIPPET);

            // A busy snippet: batches keep printing while it runs, and Ctrl-C stops only the snippet.
            term.line("while (true) {}");
            long seenAtLoop = lastBatch(term.screen());
            term.await("a batch printed while the loop runs", s -> lastBatch(s) > seenAtLoop + 1000, SNIPPET);
            long pressed = System.nanoTime();
            term.press("C-c");
            term.await("the interrupt", s -> s.contains("interrupted: while (true) {}"), Duration.ofSeconds(2));
            long tookMs = (System.nanoTime() - pressed) / 1_000_000;
            assertTrue(tookMs < 2000, "Ctrl-C took " + tookMs + " ms");
            long seenAtInterrupt = lastBatch(term.screen());
            term.await("two more batches after the interrupt", s -> lastBatch(s) >= seenAtInterrupt + 2000, SNIPPET);

            // Background output goes above the prompt; a half-typed line survives it.
            term.type("int typed = 6 * 7");
            long seenWhileTyping = lastBatch(term.screen());
            term.await("a batch printed while typing", s -> lastBatch(s) > seenWhileTyping, SNIPPET);
            // The typed line is redrawn under the batch, and the status line keeps its own bottom row
            // below it (a screen caught mid-redraw is not a failure; one that never settles is).
            term.awaitVisible("the typed line intact, with the status line on the row below it", s -> {
                List<String> rows = s.lines().filter(l -> !l.isBlank()).toList();
                int n = rows.size();
                return n >= 2 && rows.get(n - 2).strip().equals("sluice> int typed = 6 * 7")
                        && rows.get(n - 1).startsWith("sluice | ");
            }, Duration.ofSeconds(5));
            term.press("Enter");
            term.await("the typed snippet's value", s -> s.contains("typed ==> 42"), SNIPPET);

            // The status line shows the engine live.
            term.await("the status line", s -> s.contains("rec/s") && s.contains("active output"), SNIPPET);

            // Commands.
            term.line(":streams");
            term.await(":streams output", s -> s.contains("coloured") && s.contains("computed as"), SNIPPET);
            term.line(":stop nothing-like-this");
            term.await(":stop usage error", s -> s.contains("error: no output or stream has id or name 'nothing-like-this'"), SNIPPET);

            // An error outside output jobs is shown once, as a warning above the prompt.
            Path missing = home.resolve("not-there");
            term.line("OutputHandle watching = ssc.textFileStream(\"" + missing + "\").foreachRDD(r -> {});");
            term.await("the missing directory's warning",
                    s -> s.contains("warning: Directory " + missing + " of textFileStream does not exist"), SNIPPET);

            // A receiver that cannot connect: one warning, and :streams shows it with its error.
            int closedPort;
            try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                closedPort = probe.getLocalPort();
            }
            term.line("OutputHandle unreachable = ssc.socketTextStream(\"127.0.0.1\", " + closedPort + ").foreachRDD(r -> {});");
            term.await("the receiver's warning", s -> s.contains("warning: Receiver socket 127.0.0.1:" + closedPort + ": cannot connect"), SNIPPET);
            int beforeStreams = prompts(term.screen());
            term.line(":streams");
            // The row comes before the rest of the listing: wait for the next prompt too, or Ctrl-D
            // below would reach the terminal while the command still runs.
            // The state column is as wide as its longest entry: "running" alone, or "not running".
            Pattern receiverRow = Pattern.compile(
                    "socket 127\\.0\\.0\\.1:" + closedPort + " \\| (not running|running {0,4}) \\| 0 ");
            term.await("the receiver in :streams", s -> receiverRow.matcher(s).find() && prompts(s) > beforeStreams, SNIPPET);
            assertEquals(1, count(term.screen(), "warning: Receiver socket 127.0.0.1:" + closedPort),
                    "the receiver's retries are one warning");

            // :reset starts over on a new context: the status line follows it, and its errors are
            // still shown above the prompt.
            term.line(":reset");
            term.await("the reset", s -> s.contains("reset: the old context is stopped and"), SNIPPET);
            term.await("the status line on the new context",
                    s -> s.contains("context initialized | no batch yet | 0 active outputs"), SNIPPET);
            Path missingAfterReset = home.resolve("not-there-either");
            int beforeRestart = prompts(term.screen());
            term.line("OutputHandle again = ssc.textFileStream(\"" + missingAfterReset + "\").foreachRDD(r -> {}); ssc.start();");
            term.await("the new context's warning", s -> s.contains("warning: Directory " + missingAfterReset
                    + " of textFileStream does not exist") && prompts(s) > beforeRestart, SNIPPET);

            term.press("C-d");
            term.await("a clean exit", s -> s.contains("[sluice exited with status 0]"), SNIPPET);
            String end = term.screen();
            // Kept for people reading a CI run: the whole terminal session as the user saw it.
            Files.writeString(root.resolve("target/shell-e2e-screen.txt"), end, StandardCharsets.UTF_8);
            assertTrue(end.contains("stopping the streaming context..."), end);
            // The status line is drawn on its own row only: none of it is left among the output.
            assertEquals(0, count(end, "| scheduling delay "), "the status line left text in the output:\n" + end);
        }
        String saved = Files.readString(history, StandardCharsets.UTF_8);
        assertTrue(saved.contains("while (true) {}") && saved.contains("printed.stop();"), "history persisted:\n" + saved);
    }

    @Test
    void pipedInputRunsWithoutAPromptAndAFailureGivesANonZeroStatus() throws Exception {
        Path ok = home.resolve("ok.jsh");
        Files.writeString(ok, "var q = new LinkedList<List<String>>(List.of(List.of(\"x\", \"y\")));\n"
                + "ssc.queueStream(q).count().print();\n:start\n:step\n");
        ProcessResult good = launch(ok, "--manual-clock");
        assertTrue(good.status == 0, good.toString());
        assertTrue(good.out.contains("Time: 1000 ms\n-------------------------------------------\n2\n"), good.toString());
        assertTrue(!good.out.contains("sluice>"), "no prompt without a terminal: " + good);

        Path bad = home.resolve("bad.jsh");
        Files.writeString(bad, "int x = 1;\nx.length()\nSystem.out.println(\"not reached\");\n");
        ProcessResult failed = launch(bad);
        assertTrue(failed.status == 1, failed.toString());
        assertTrue(failed.err.contains("error: int cannot be dereferenced"), failed.toString());
        assertTrue(!failed.out.contains("not reached"), failed.toString());
    }

    private record ProcessResult(int status, String out, String err) {
    }

    private ProcessResult launch(Path stdin, String... options) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("launcher/sluice"));
        cmd.addAll(List.of(options));
        Path out = Files.createTempFile(home, "out", ".txt");
        Path err = Files.createTempFile(home, "err", ".txt");
        Process p = new ProcessBuilder(cmd).redirectInput(stdin.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        if (!p.waitFor(START.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("launcher/sluice did not finish within " + START);
        }
        return new ProcessResult(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** The tour as a user types it: every line of the README's tour blocks. */
    private static List<String> tourLines() throws IOException {
        List<String> lines = new ArrayList<>();
        String section = "";
        boolean inJava = false;
        for (String line : Files.readAllLines(Path.of("README.md"), StandardCharsets.UTF_8)) {
            if (line.startsWith("## ")) {
                section = line.substring(3).strip();
            } else if (line.strip().equals("```java")) {
                inJava = true;
            } else if (line.strip().equals("```")) {
                inJava = false;
            } else if (inJava && section.equals("Five-minute tour") && !line.isBlank()) {
                lines.add(line.strip());
            }
        }
        assertTrue(lines.size() > 5, "the README has a tour: " + lines);
        return lines;
    }

    /** Primary and continuation prompts on the screen: one more each time the shell takes a line. */
    private static int prompts(String screen) {
        return count(screen, "sluice> ") + count(screen, "   ...> ");
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + what.length())) {
            n++;
        }
        return n;
    }

    /** The latest batch time printed so far, or 0. */
    private static long lastBatch(String screen) {
        long last = 0;
        Matcher m = BATCH.matcher(screen);
        while (m.find()) {
            last = Math.max(last, Long.parseLong(m.group(1)));
        }
        return last;
    }
}
