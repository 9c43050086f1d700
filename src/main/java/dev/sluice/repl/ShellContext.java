package dev.sluice.repl;

import dev.sluice.session.Session;
import java.io.PrintWriter;

/** What a command may use: the session, the shell's output, the command table and the shell itself. */
public interface ShellContext {

    /** The session the shell evaluates in. */
    Session session();

    /** Where commands print (tool output, not stream output). */
    PrintWriter out();

    /** Where commands print their errors. */
    PrintWriter err();

    /** All commands, for {@code :help}. */
    CommandTable commands();

    /** Evaluates a cell and shows its result, as if typed; returns whether it succeeded. */
    boolean runCell(String cell);

    /** Ends the shell after the current command. */
    void requestExit();
}
