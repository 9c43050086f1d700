package dev.sluice.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Drives a program in a real terminal: a detached tmux session whose screen is read back with
 * {@code capture-pane}. Every wait is bounded.
 */
final class Tmux implements AutoCloseable {

    private final String session;
    private final String socket;

    private Tmux(String session, String socket) {
        this.session = session;
        this.socket = socket;
    }

    /** Fails with instructions when tmux is not installed. */
    static String version() {
        try {
            Result r = exec(List.of("tmux", "-V"), Duration.ofSeconds(10));
            if (r.status != 0) {
                throw new AssertionError("tmux -V failed: " + r.output);
            }
            return r.output.strip();
        } catch (IOException e) {
            throw new AssertionError("tmux is required for the terminal test; install it (apt-get install tmux; .ci/run does)", e);
        }
    }

    /** Starts {@code command} (run by sh in {@code dir}) in a new detached terminal of the given size. */
    static Tmux start(String name, Path dir, Map<String, String> env, String command, int width, int height)
            throws IOException {
        String socket = "sluice-test-" + ProcessHandle.current().pid() + "-" + name;
        Tmux t = new Tmux(name, socket);
        List<String> cmd = new ArrayList<>(List.of("tmux", "-L", socket, "-f", "/dev/null", "new-session", "-d",
                "-s", name, "-x", String.valueOf(width), "-y", String.valueOf(height), "-c", dir.toString()));
        for (Map.Entry<String, String> e : env.entrySet()) {
            cmd.add("-e");
            cmd.add(e.getKey() + "=" + e.getValue());
        }
        cmd.add(command);
        Result r = exec(cmd, Duration.ofSeconds(20));
        if (r.status != 0) {
            throw new AssertionError("tmux new-session failed: " + r.output);
        }
        t.tmux("set-option", "-t", name, "history-limit", "20000");
        return t;
    }

    /** Types text literally (no key names). */
    void type(String text) throws IOException {
        // tmux reads an argument ending in ';' as a command separator unless it is escaped
        String arg = text.endsWith(";") ? text.substring(0, text.length() - 1) + "\\;" : text;
        tmux("send-keys", "-t", session, "-l", arg);
    }

    /** Presses keys by tmux name, e.g. {@code Enter}, {@code C-c}, {@code C-d}. */
    void press(String... keys) throws IOException {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", session));
        args.addAll(List.of(keys));
        tmux(args.toArray(String[]::new));
    }

    /** Types a line and presses Enter. */
    void line(String text) throws IOException {
        type(text);
        press("Enter");
    }

    /** The visible screen plus the scrollback. */
    String screen() throws IOException {
        return tmux("capture-pane", "-p", "-J", "-S", "-20000", "-t", session);
    }

    /** The visible screen only. */
    String visible() throws IOException {
        return tmux("capture-pane", "-p", "-t", session);
    }

    /** Waits until the screen (with scrollback) satisfies the condition, or fails showing it. */
    String await(String what, Predicate<String> condition, Duration timeout) throws IOException, InterruptedException {
        return await(what, condition, timeout, false);
    }

    /** Waits until the visible screen satisfies the condition, or fails showing it. */
    String awaitVisible(String what, Predicate<String> condition, Duration timeout) throws IOException, InterruptedException {
        return await(what, condition, timeout, true);
    }

    private String await(String what, Predicate<String> condition, Duration timeout, boolean visibleOnly)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String screen = visibleOnly ? visible() : screen();
        while (!condition.test(screen)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what
                        + "; the terminal shows:\n" + screen);
            }
            synchronized (this) {
                wait(100);
            }
            screen = visibleOnly ? visible() : screen();
        }
        return screen;
    }

    private String tmux(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-L", socket));
        cmd.addAll(List.of(args));
        Result r = exec(cmd, Duration.ofSeconds(20));
        if (r.status != 0) {
            throw new IOException("tmux " + String.join(" ", args) + " failed: " + r.output);
        }
        return r.output;
    }

    @Override
    public void close() throws IOException {
        exec(List.of("tmux", "-L", socket, "kill-server"), Duration.ofSeconds(20));
    }

    private record Result(int status, String output) {
    }

    private static Result exec(List<String> cmd, Duration timeout) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try (InputStream in = p.getInputStream()) {
            byte[] out = in.readAllBytes();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + cmd);
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted: " + cmd, e);
        }
    }
}
