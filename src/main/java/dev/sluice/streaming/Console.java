package dev.sluice.streaming;

import dev.sluice.engine.scheduler.OutputScope;
import java.io.PrintStream;
import java.util.Optional;

/**
 * Where an output operation's text goes: {@code print()} blocks and reports of its failed jobs.
 *
 * <p>A context asks its console supplier (see {@link StreamingContext.Builder#console}) for a
 * console each time an output operation is created, and keeps it with that output. A notebook
 * kernel uses this to send a stream's output to the cell that created it; a terminal uses it to
 * print above the prompt.
 */
public interface Console {

    /** The stream for normal output. */
    PrintStream out();

    /** The stream for error reports. */
    PrintStream err();

    /**
     * Writes one batch's {@code print()} block (header and elements). Terminals write it to
     * {@link #out()}; a notebook replaces the output's previous block in place.
     */
    default void printBatch(String block) {
        PrintStream out = out();
        out.print(block);
        out.flush();
    }

    /** Returns a console writing to {@link System#out} and {@link System#err} as they are when written to. */
    static Console system() {
        return SystemConsole.INSTANCE;
    }

    /** Returns a console over the given streams. */
    static Console of(PrintStream out, PrintStream err) {
        return new Console() {
            @Override
            public PrintStream out() {
                return out;
            }

            @Override
            public PrintStream err() {
                return err;
            }
        };
    }

    /**
     * Returns the console of the output operation whose job is running on this thread, including
     * the worker threads that run that job's tasks; empty on any other thread.
     */
    static Optional<Console> current() {
        return Optional.ofNullable(OutputScope.current());
    }

    /** The console over the system streams. */
    final class SystemConsole implements Console {
        static final SystemConsole INSTANCE = new SystemConsole();

        private SystemConsole() {
        }

        @Override
        public PrintStream out() {
            return System.out;
        }

        @Override
        public PrintStream err() {
            return System.err;
        }
    }
}
