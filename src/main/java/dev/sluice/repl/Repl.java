package dev.sluice.repl;

import dev.sluice.session.Session;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.LineReaderImpl;
import org.jline.terminal.Terminal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The interactive shell: reads snippets and commands with JLine (completion, multi-line input,
 * history), evaluates them in the session, and keeps background output above the prompt.
 *
 * <p>Ctrl-C while a snippet runs interrupts that snippet only; at the prompt it clears the line.
 * Ctrl-D (or {@code :exit}) leaves the shell, stopping the context gracefully; {@code :reset} starts
 * over with a new context without leaving.
 *
 * <p>Everything it talks to is injected (session, terminal, history file), so tests run it over
 * in-memory streams.
 */
public final class Repl extends ShellBase {

    private static final Logger LOG = LoggerFactory.getLogger(Repl.class);

    /** The prompt. */
    public static final String PROMPT = "sluice> ";
    /** The prompt of continuation lines of an unfinished snippet. */
    public static final String CONTINUATION_PROMPT = "   ...> ";
    /** Shown when a new context will recover from its checkpoint directory once started. */
    public static final String CHECKPOINT_HINT = "The checkpoint directory holds a checkpoint: rebuild the same graph"
            + " (for example :load the file you :save'd), then ssc.start() restores its state and re-runs the"
            + " unfinished batches.";

    private final Terminal terminal;
    private final LineReader reader;
    private final ReentrantLock lock;
    private volatile Thread commandThread;
    private Runnable onIdle = () -> { };

    /**
     * A shell over this session and terminal.
     *
     * @param historyFile where history persists between runs, or {@code null} for none
     */
    public Repl(Session session, Terminal terminal, Path historyFile, CommandTable commands) {
        this(session, terminal, lineReader(session, terminal, historyFile, commands), commands);
    }

    private Repl(Session session, Terminal terminal, LineReader reader, CommandTable commands) {
        this(session, terminal, reader, lockOf(reader), commands);
    }

    private Repl(Session session, Terminal terminal, LineReader reader, ReentrantLock lock, CommandTable commands) {
        this(session, terminal, reader, lock, new PrintWriter(new LockedWriter(terminal.writer(), lock)), commands);
    }

    private Repl(Session session, Terminal terminal, LineReader reader, ReentrantLock lock, PrintWriter locked,
            CommandTable commands) {
        super(session, locked, locked, commands);
        this.terminal = terminal;
        this.reader = reader;
        this.lock = lock;
    }

    private static LineReader lineReader(Session session, Terminal terminal, Path historyFile, CommandTable commands) {
        LineReaderBuilder builder = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("sluice")
                .parser(new ReplParser(session))
                .completer(new ReplCompleter(session, commands))
                .variable(LineReader.SECONDARY_PROMPT_PATTERN, CONTINUATION_PROMPT)
                .variable(LineReader.BLINK_MATCHING_PAREN, 0)
                .variable(LineReader.HISTORY_SIZE, 2000)
                .variable(LineReader.HISTORY_FILE_SIZE, 2000)
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .option(LineReader.Option.INSERT_TAB, false)
                .option(LineReader.Option.AUTO_FRESH_LINE, true);
        if (historyFile != null) {
            builder.variable(LineReader.HISTORY_FILE, historyFile);
        }
        return builder.build();
    }

    /** The line reader, e.g. to print background output above its prompt. */
    public LineReader reader() {
        return reader;
    }

    /**
     * Returns the lock the line reader holds while it edits and redraws the line; anything else that
     * draws on the terminal from another thread (the status line) must hold it too, or its escape
     * sequences interleave with the reader's.
     */
    public ReentrantLock terminalLock() {
        return lock;
    }

    private static ReentrantLock lockOf(LineReader reader) {
        if (reader instanceof LineReaderImpl impl) {
            try {
                Field f = LineReaderImpl.class.getDeclaredField("lock");
                f.setAccessible(true);
                return (ReentrantLock) f.get(impl);
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.debug("cannot reach the line reader's lock", e);
            }
        }
        return new ReentrantLock();
    }

    /**
     * The shell's own output (snippet values, command output) written to the terminal under the
     * terminal lock: the status line's thread moves the cursor to the bottom row and back, and text
     * written in between would land on the status row and could split the escape sequence that
     * keeps that row out of the scrolling region.
     */
    private static final class LockedWriter extends Writer {
        private final PrintWriter terminal;
        private final ReentrantLock lock;

        LockedWriter(PrintWriter terminal, ReentrantLock lock) {
            this.terminal = terminal;
            this.lock = lock;
        }

        @Override
        public void write(char[] chars, int offset, int length) {
            lock.lock();
            try {
                terminal.write(chars, offset, length);
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void flush() {
            lock.lock();
            try {
                terminal.flush();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void close() {
            flush();
        }
    }

    /** Prints one line of background output above the prompt without disturbing what is typed. */
    public void printAbove(String line) {
        reader.printAbove(line);
    }

    /** Runs until Ctrl-D or {@code :exit}, then closes the session; returns the exit status. */
    public int run() {
        Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, signal -> interrupt());
        try {
            out.println("Sluice shell: Java against the live StreamingContext `ssc` (batch "
                    + dev.sluice.engine.Micros.formatMillis(session.options().batchInterval()) + " ms"
                    + (session.options().manualClock() ? ", manual clock: :step advances it" : "")
                    + "). Type :help for commands, Ctrl-D to exit.");
            if (session.context().recoversFromCheckpoint()) {
                out.println(CHECKPOINT_HINT);
            }
            out.flush();
            while (!exitRequested()) {
                String line;
                try {
                    line = reader.readLine(PROMPT);
                } catch (UserInterruptException e) {
                    continue;
                } catch (EndOfFileException e) {
                    break;
                }
                if (line.isBlank()) {
                    continue;
                }
                if (CommandTable.isCommand(line)) {
                    commandThread = Thread.currentThread();
                    try {
                        commands.dispatch(this, line);
                    } finally {
                        commandThread = null;
                        Thread.interrupted();
                    }
                } else if (commands.slashHint(line) != null) {
                    err.println(commands.slashHint(line));
                } else {
                    cells.run(line);
                }
                out.flush();
                onIdle.run();
            }
        } finally {
            terminal.handle(Terminal.Signal.INT, previous);
            try {
                reader.getHistory().save();
            } catch (IOException e) {
                LOG.warn("could not save the history: {}", e.getMessage());
            }
            out.println("stopping the streaming context...");
            out.flush();
            session.close();
        }
        return 0;
    }

    /**
     * What Ctrl-C does while the shell is busy: stops the running snippet, or else interrupts the
     * running command (such as a long {@code :step}). Streams keep running either way.
     */
    void interrupt() {
        if (!session.interrupt()) {
            Thread command = commandThread;
            if (command != null) {
                command.interrupt();
            }
        }
    }

    /** Runs after each command or cell, e.g. to refresh the status line. */
    public void onIdle(Runnable action) {
        this.onIdle = action;
    }
}
