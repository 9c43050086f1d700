package dev.sluice.repl.command;

import dev.sluice.repl.Command;
import dev.sluice.repl.CommandFailedException;
import dev.sluice.repl.ShellContext;
import dev.sluice.streaming.StreamingContext;
import dev.sluice.streaming.StreamingContextState;
import java.util.List;

/** {@code :start}: starts the streaming context (the same as {@code ssc.start()}). */
public final class StartCommand implements Command {

    @Override
    public String name() {
        return "start";
    }

    @Override
    public String arguments() {
        return "";
    }

    @Override
    public String summary() {
        return "start the streaming context (same as ssc.start())";
    }

    @Override
    public void run(ShellContext shell, List<String> args) {
        StreamingContext ssc = shell.session().context();
        StreamingContextState state = ssc.state();
        if (state == StreamingContextState.ACTIVE) {
            shell.out().println("the context is already running");
            return;
        }
        if (state == StreamingContextState.STOPPED) {
            throw new CommandFailedException("the context was stopped and cannot start again; :reset makes a new one (:save first, then :load, to replay the snippets)");
        }
        try {
            ssc.start();
        } catch (RuntimeException e) {
            throw new CommandFailedException("the context did not start: " + e.getMessage());
        }
        shell.out().println("started; batches every " + dev.sluice.engine.Micros.formatMillis(ssc.batchInterval()) + " ms"
                + (shell.session().manualClock().isPresent() ? " of manual time: :step advances the clock" : ""));
    }
}
