package dev.sluice.repl.command;

import dev.sluice.display.TextDisplay;
import dev.sluice.repl.Command;
import dev.sluice.repl.CommandFailedException;
import dev.sluice.repl.ShellContext;
import dev.sluice.repl.UsageException;
import dev.sluice.streaming.OutputHandle;
import dev.sluice.streaming.StreamingContext;
import dev.sluice.streaming.StreamingContextState;
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
        return summary() + ".\nThe output stops at the next batch boundary. :streams lists outputs with their ids and names;"
                + "\nan output's name is its kind (print, foreachRDD, ...), so a name given with .name(\"...\") to a stream"
                + "\nis the handy one. To stop everything, use ssc.stop().";
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
            throw new CommandFailedException(whyNothingToStop(ssc, key));
        }
        for (OutputHandle o : matches) {
            o.stop();
            shell.out().println("stopped " + TextDisplay.output(o).replaceFirst(" \\([a-z]+\\)$", "") + " (from the next batch)");
        }
    }

    /** Says why {@code key} names no active output: stopped already, a stream without one, or nothing. */
    static String whyNothingToStop(StreamingContext ssc, String key) {
        if (ssc.state() == StreamingContextState.STOPPED) {
            return "the context is stopped, and every output with it; :reset starts a fresh ssc";
        }
        List<OutputHandle> byOutput = ssc.outputs().stream()
                .filter(o -> key.equals(String.valueOf(o.id())) || key.equals(o.name())).toList();
        if (!byOutput.isEmpty()) {
            return (byOutput.size() == 1 ? "output " + byOutput.get(0).id() + " is" : "the outputs named '" + key + "' are")
                    + " already stopped";
        }
        boolean stream = ssc.streams().stream().anyMatch(d -> key.equals(d.name()));
        if (stream) {
            return "stream '" + key + "' has no active output to stop; :streams lists the outputs";
        }
        return "no output or stream has id or name '" + key + "'; :streams lists them";
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
