package dev.sluice.repl;

import dev.sluice.session.ErrorNotices;
import dev.sluice.session.Session;
import dev.sluice.session.SessionOptions;
import dev.sluice.streaming.Console;
import dev.sluice.streaming.StreamingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.jline.utils.Status;
import org.jline.terminal.TerminalBuilder;

/**
 * Starts the shell from the command line: the interactive REPL on a terminal, or a script runner for a
 * script file or piped input.
 */
public final class ShellLauncher {

    /** Exit status for a bad command line. */
    public static final int USAGE_ERROR = 2;

    private ShellLauncher() {
    }

    /** Runs the shell with these arguments; returns the process exit status. */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        ShellOptions options;
        try {
            options = ShellOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("sluice: " + e.getMessage() + " (sluice --help lists the options)");
            return USAGE_ERROR;
        }
        if (options.help()) {
            out.println(ShellOptions.USAGE);
            return 0;
        }
        if (options.script().isPresent()) {
            Path script = options.script().get();
            if (!Files.isReadable(script)) {
                err.println("sluice: cannot read script " + script);
                return USAGE_ERROR;
            }
            try (Reader reader = Files.newBufferedReader(script, StandardCharsets.UTF_8)) {
                return runScript(options.session(), reader, script.getFileName().toString(), out, err);
            } catch (IOException e) {
                err.println("sluice: cannot read script " + script + ": " + e.getMessage());
                return USAGE_ERROR;
            }
        }
        if (System.console() == null) {
            return runScript(options.session(), new InputStreamReader(in, StandardCharsets.UTF_8), null, out, err);
        }
        return runInteractive(options.session());
    }

    /** Runs a script without a terminal; the session is closed (context stopped gracefully) at the end. */
    public static int runScript(SessionOptions options, Reader script, PrintStream out, PrintStream err) {
        return runScript(options, script, null, out, err);
    }

    /**
     * Runs a script without a terminal, naming {@code file} (null: none) and the line in a failure;
     * the session is closed (context stopped gracefully) at the end.
     */
    public static int runScript(SessionOptions options, Reader script, String file, PrintStream out, PrintStream err) {
        PrintWriter o = new PrintWriter(out, true);
        PrintWriter e = new PrintWriter(err, true);
        Console console = Console.of(out, err);
        Session opened;
        try {
            opened = Session.open(options.toBuilder().console(() -> console).build());
        } catch (IllegalArgumentException | IllegalStateException ex) {
            e.println("sluice: " + ex.getMessage());
            return 1;
        }
        try (Session session = opened) {
            return new ScriptRunner(session, o, e, CommandTable.standard()).run(script, file);
        }
    }

    private static int runInteractive(SessionOptions options) {
        // A failing output is already reported above the prompt in one line (and in :batches); the
        // engine's warning with its stack trace would bury the prompt, so only errors are logged here.
        if (System.getProperty("org.slf4j.simpleLogger.log.dev.sluice.engine") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.dev.sluice.engine", "error");
        }
        // The session is opened before the terminal, so that its JShell is made (on a thread of its
        // own) while the terminal opens and the prompt is drawn. Lines it prints before the terminal
        // is open go to the standard error stream.
        PrintStream stderr = System.err;
        TerminalConsole console = new TerminalConsole(stderr::println);
        Session session;
        try {
            // The prompt shows while the JShell is being made; a line entered meanwhile waits for it.
            // Libraries given on start are resolved first (they need the JShell).
            SessionOptions withConsole = options.toBuilder().console(() -> console).build();
            session = options.dependencies().isEmpty() && options.classpath().isEmpty()
                    ? Session.openStarting(withConsole) : Session.open(withConsole);
        } catch (IllegalArgumentException | IllegalStateException e) {
            stderr.println("sluice: " + e.getMessage());
            return 1;
        }
        try (Terminal terminal = TerminalBuilder.builder().name("sluice").system(true).build()) {
            console.redirect(line -> {
                terminal.writer().println(line);
                terminal.flush();
            });
            // Anything printed outside snippets and stream jobs (log lines, stray prints) also goes
            // above the prompt instead of through the line being typed.
            System.setOut(console.out());
            System.setErr(console.err());
            Repl repl = new Repl(session, terminal, historyFile(), CommandTable.standard());
            console.redirect(repl::printAbove);
            // Engine warnings are not logged here (above), so errors outside output jobs (a
            // receiver that cannot connect, a missing directory) are shown as notices instead.
            Consumer<StreamingContext> notices = context -> context.addListener(new ErrorNotices(repl::printAbove));
            notices.accept(session.context());
            session.onReset(notices);
            Status status = Status.getStatus(terminal);
            StatusLine statusLine = null;
            if (status != null) {
                ReentrantLock lock = repl.terminalLock();
                statusLine = new StatusLine(session.context(), text -> {
                    lock.lock();
                    try {
                        status.update(List.of(new AttributedString(text, AttributedStyle.INVERSE)));
                    } finally {
                        lock.unlock();
                    }
                }).start();
                repl.onIdle(statusLine::touch);
                session.onReset(statusLine::follow);
            }
            try {
                return repl.run();
            } finally {
                if (statusLine != null) {
                    statusLine.close();
                    status.update(List.of());
                    status.close();
                }
            }
        } catch (IOException e) {
            session.close();
            stderr.println("sluice: cannot open the terminal: " + e.getMessage());
            return 1;
        }
    }

    private static Path historyFile() {
        String env = System.getenv("SLUICE_HISTORY");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".sluice_history");
    }
}
