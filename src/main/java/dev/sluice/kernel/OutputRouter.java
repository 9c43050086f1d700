package dev.sluice.kernel;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.function.Function;

/**
 * Stands in for {@code System.out} or {@code System.err} while the kernel runs and forwards each
 * write to the stream of the cell that owns it: the console of the engine output whose job is
 * running on this thread, else the cell the thread belongs to ({@link Cells#owner()}), else the
 * process's own stream (the kernel's log).
 */
final class OutputRouter extends OutputStream {
    private final Function<Boolean, PrintStream> engineConsole;
    private final Cells cells;
    private final boolean err;
    private final PrintStream fallback;

    /**
     * @param engineConsole the stream of the engine console active on this thread for this router's
     *                      kind (out or err), or null
     */
    OutputRouter(Function<Boolean, PrintStream> engineConsole, Cells cells, boolean err, PrintStream fallback) {
        this.engineConsole = engineConsole;
        this.cells = cells;
        this.err = err;
        this.fallback = fallback;
    }

    private PrintStream target() {
        PrintStream console = engineConsole.apply(err);
        if (console != null) return console;
        CellOutput cell = cells.owner();
        if (cell != null) return err ? cell.err() : cell.out();
        return fallback;
    }

    @Override
    public void write(int b) {
        target().write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        target().write(b, off, len);
    }

    @Override
    public void flush() {
        target().flush();
    }
}
