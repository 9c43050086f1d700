package dev.sluice.repl.command;

import dev.sluice.repl.Command;
import dev.sluice.repl.CommandFailedException;
import dev.sluice.repl.Repl;
import dev.sluice.repl.ShellContext;
import dev.sluice.session.Session;
import java.util.List;

/**
 * {@code :reset}: stops the context and starts over with a new one and no snippets, as leaving and
 * starting the shell again would, without leaving (the only way to run again after
 * {@code ssc.stop()}).
 */
public final class ResetCommand implements Command {

    @Override
    public String name() {
        return "reset";
    }

    @Override
    public String arguments() {
        return "";
    }

    @Override
    public String summary() {
        return "stop the context (and any other your snippets built), drop every snippet and bind ssc to a new context (:save first to keep them)";
    }

    @Override
    public void run(ShellContext shell, List<String> args) {
        Session session = shell.session();
        int dropped = session.replayableSnippets().size();
        try {
            session.reset();
        } catch (IllegalStateException e) {
            throw new CommandFailedException(e.getMessage() + "; ssc is still the stopped context and the snippets"
                    + " are kept: remove the cause and :reset again, or leave with :exit");
        }
        shell.out().println("reset: the old context is stopped and " + dropped
                + (dropped == 1 ? " snippet" : " snippets") + " dropped; ssc is a new context, not started");
        if (session.context().recoversFromCheckpoint()) {
            shell.out().println(Repl.CHECKPOINT_HINT);
        }
    }
}
