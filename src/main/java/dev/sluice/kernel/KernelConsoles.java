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

    /** How many batches a {@code print()} output created from now on keeps in its cell (0: all, as a growing log). */
    static volatile int keepBatches = 1;

    /**
     * A console over one cell's streams. {@code print()} blocks replace the output's previous
     * block in place (one display per output, keeping the last {@code keep} blocks), so a cell
     * printing a stream shows its latest batches instead of growing without limit.
     */
    static final class CellConsole implements Console {
        private final CellOutput cell;
        private final String displayId = "sluice-print-" + java.util.UUID.randomUUID();
        private final java.util.ArrayDeque<String> blocks = new java.util.ArrayDeque<>();
        private volatile int keep = keepBatches;
        private boolean shown;

        CellConsole(CellOutput cell) {
            this.cell = cell;
        }

        @Override
        public PrintStream out() {
            return cell.out();
        }

        @Override
        public PrintStream err() {
            return cell.err();
        }

        /** Keeps the last {@code n} batches (0: every batch, appended as text). */
        void keep(int n) {
            if (n < 0) throw new IllegalArgumentException("the number of batches to keep must be 0 (all) or more, got " + n);
            keep = n;
        }

        @Override
        public synchronized void printBatch(String block) {
            SluiceKernel kernel = SluiceKernel.active();
            int n = keep;
            if (n == 0 || kernel == null) {
                Console.super.printBatch(block);
                return;
            }
            blocks.addLast(block);
            while (blocks.size() > n) blocks.removeFirst();
            String text = String.join("", blocks);
            if (!shown) cell.flush();
            kernel.publishDisplay(cell.parent(), displayId, java.util.Map.of("text/plain", text.stripTrailing()), shown);
            shown = true;
        }
    }
}
