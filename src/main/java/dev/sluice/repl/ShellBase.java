package dev.sluice.repl;

import dev.sluice.session.Session;
import java.io.PrintWriter;

/**
 * What the terminal shell and the script runner share: the session, where output and errors go,
 * the command table, the cell runner, and the request to stop.
 */
abstract class ShellBase implements ShellContext {

    protected final Session session;
    protected final PrintWriter out;
    protected final PrintWriter err;
    protected final CommandTable commands;
    protected final CellRunner cells;
    private volatile boolean exit;

    ShellBase(Session session, PrintWriter out, PrintWriter err, CommandTable commands) {
        this.session = session;
        this.out = out;
        this.err = err;
        this.commands = commands;
        this.cells = new CellRunner(session, out, err);
    }

    /** Whether {@link #requestExit()} was called. */
    protected final boolean exitRequested() {
        return exit;
    }

    @Override
    public Session session() {
        return session;
    }

    @Override
    public PrintWriter out() {
        return out;
    }

    @Override
    public PrintWriter err() {
        return err;
    }

    @Override
    public CommandTable commands() {
        return commands;
    }

    @Override
    public boolean runCell(String cell) {
        return cells.run(cell);
    }

    @Override
    public void requestExit() {
        exit = true;
    }
}
