package dev.sluice.repl.command;

import dev.sluice.repl.Command;
import dev.sluice.repl.ShellContext;
import java.util.List;

/** {@code :imports}: the active imports. */
public final class ImportsCommand implements Command {

    @Override
    public String name() {
        return "imports";
    }

    @Override
    public String arguments() {
        return "";
    }

    @Override
    public String summary() {
        return "list the active imports";
    }

    @Override
    public void run(ShellContext shell, List<String> args) {
        shell.session().imports().forEach(shell.out()::println);
    }
}
