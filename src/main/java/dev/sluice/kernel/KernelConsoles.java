package dev.sluice.kernel;

import dev.sluice.session.SessionOptions;
import dev.sluice.streaming.Console;

import java.io.PrintStream;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Gives the engine a console per output operation that writes into the cell that created the
 * output, and tells the {@code System.out} router which console's job runs on the current thread.
 */
final class KernelConsoles {
    private final Cells cells;
    private volatile PrintStream routedOut;
    private volatile PrintStream routedErr;

    KernelConsoles(Cells cells) {
        this.cells = cells;
    }

    /** The session options with this kernel's console supplier. */
    SessionOptions configure(SessionOptions options) {
        return options.toBuilder().console(supplier()).build();
    }

    /**
     * A console supplier for a streaming context: each output created while a cell runs (or from a
     * thread a cell started) writes into that cell, also after the cell returned.
     */
    Supplier<Console> supplier() {
        return () -> {
            CellOutput cell = cells.owner();
            return cell == null ? Console.system() : new CellConsole(cell);
        };
    }

    void setRouted(PrintStream out, PrintStream err) {
        this.routedOut = out;
        this.routedErr = err;
    }

    /**
     * The stream of the engine console whose output job runs on this thread, unless that console
     * writes to {@code System.out}/{@code System.err} themselves (which would loop back here).
     */
    PrintStream engineStream(boolean err) {
        Optional<Console> console = Console.current();
        if (console.isEmpty()) return null;
        PrintStream stream = err ? console.get().err() : console.get().out();
        return stream == routedOut || stream == routedErr ? null : stream;
    }

    /** A console over one cell's streams. */
    private record CellConsole(CellOutput cell) implements Console {
        @Override
        public PrintStream out() {
            return cell.out();
        }

        @Override
        public PrintStream err() {
            return cell.err();
        }
    }
}
