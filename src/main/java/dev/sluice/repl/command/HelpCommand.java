package dev.sluice.repl.command;

import dev.sluice.repl.Command;
import dev.sluice.repl.ShellContext;
import dev.sluice.repl.UsageException;
import java.util.List;

/** {@code :help [command]}: lists the commands, or explains one. */
public final class HelpCommand implements Command {

    @Override
    public String name() {
        return "help";
    }

    @Override
    public String arguments() {
        return "[command]";
    }

    @Override
    public String summary() {
        return "list the commands, or explain one";
    }

    @Override
    public void run(ShellContext shell, List<String> args) {
        if (args.size() > 1) {
            throw new UsageException("expected at most one command name, got " + args.size() + " arguments");
        }
        if (args.size() == 1) {
            Command c = shell.commands().find(args.get(0))
                    .orElseThrow(() -> new UsageException("no command named " + args.get(0)));
            shell.out().println(c.usage());
            shell.out().println("  " + c.help().replace("\n", "\n  "));
            return;
        }
        int width = shell.commands().all().stream().mapToInt(c -> c.usage().length()).max().orElse(0);
        shell.out().println("Type Java to evaluate it against the live context `ssc`; Tab completes, Ctrl-C interrupts a running snippet, Ctrl-D exits.");
        for (Command c : shell.commands().all()) {
            shell.out().println("  " + c.usage() + " ".repeat(width - c.usage().length()) + "  " + c.summary());
        }
    }
}
