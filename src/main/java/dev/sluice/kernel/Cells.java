package dev.sluice.kernel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Knows which cell owns output written right now: the cell a thread was started from (threads
 * inherit it from the thread that created them), else the running cell, else the last cell run.
 *
 * <p>Also remembers every cell output that something still refers to, so that text written
 * without a final newline is published by a periodic {@link #flushAll()}.
 */
final class Cells {
    private final InheritableThreadLocal<CellOutput> inherited = new InheritableThreadLocal<>();
    private final Set<CellOutput> live = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
    private volatile CellOutput running;
    private volatile CellOutput last;

    /** Called on the evaluating thread before a cell runs; threads it starts inherit the cell. */
    void begin(CellOutput cell) {
        live.add(cell);
        inherited.set(cell);
        running = cell;
        last = cell;
    }

    /** Called on the evaluating thread after a cell ran. */
    void end(CellOutput cell) {
        cell.flush();
        if (running == cell) running = null;
    }

    /** The cell running now, or null between cells. */
    CellOutput running() {
        return running;
    }

    /** The cell that owns output written by the calling thread now, or null before any cell ran. */
    CellOutput owner() {
        CellOutput cell = inherited.get();
        return cell != null ? cell : latest();
    }

    /** The running cell, else the last cell run; null before any cell ran. */
    CellOutput latest() {
        CellOutput cell = running;
        return cell != null ? cell : last;
    }

    /** Publishes text that is waiting for a newline in any cell. */
    void flushAll() {
        List<CellOutput> cells;
        synchronized (live) {
            cells = new ArrayList<>(live);
        }
        for (CellOutput cell : cells) {
            if (cell.hasPending()) cell.flush();
        }
    }
}
