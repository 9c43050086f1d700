package dev.sluice.repl.command;

import dev.sluice.display.TextDisplay;
import dev.sluice.repl.Command;
import dev.sluice.repl.CommandFailedException;
import dev.sluice.repl.ShellContext;
import dev.sluice.repl.UsageException;
import dev.sluice.streaming.OutputHandle;
import dev.sluice.streaming.StreamingContext;
import java.util.List;

/** {@code :stop <id|name>}: stops one output (or the outputs of a named stream); the rest keep running. */
public final class StopCommand implements Command {

    @Override
    public String name() {
        return "stop";
    }

    @Override
    public String arguments() {
        return "<id|name>";
    }

    @Override
    public String summary() {
        return "stop an output by id or name (or all outputs of a named stream); others keep running";
    }

    @Override
    public String help() {
        return summary() + ".\nThe output stops at the next batch boundary. :streams lists outputs with their ids and names."
                + "\nTo stop everything, use ssc.stop().";
    }

    @Override
    public void run(ShellContext shell, List<String> args) {
        if (args.size() != 1) {
            throw new UsageException("expected one output id or name");
        }
        String key = args.get(0);
        StreamingContext ssc = shell.session().context();
        List<OutputHandle> matches = matches(ssc, key);
        if (matches.isEmpty()) {
            throw new CommandFailedException("no active output or stream has id or name '" + key + "'; :streams lists them");
        }
        for (OutputHandle o : matches) {
            o.stop();
            shell.out().println("stopped " + TextDisplay.output(o).replace(" (active)", "").replace(" (stopped)", "")
                    + " (from the next batch)");
        }
    }

    static List<OutputHandle> matches(StreamingContext ssc, String key) {
        List<OutputHandle> active = ssc.outputs().stream().filter(OutputHandle::isActive).toList();
        List<OutputHandle> byOutput = active.stream()
                .filter(o -> key.equals(String.valueOf(o.id())) || key.equals(o.name())).toList();
        if (!byOutput.isEmpty()) {
            return byOutput;
        }
        return active.stream().filter(o -> key.equals(o.stream().name())).toList();
    }
}
