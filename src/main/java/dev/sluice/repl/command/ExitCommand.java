package dev.sluice.repl.command;

import dev.sluice.repl.Command;
import dev.sluice.repl.ShellContext;
import java.util.List;

/** {@code :exit}: stops the streaming context gracefully and leaves the shell (as Ctrl-D does). */
public final class ExitCommand implements Command {

    @Override
    public String name() {
        return "exit";
    }

    @Override
    public String arguments() {
        return "";
    }

    @Override
    public String summary() {
        return "stop the context gracefully and leave (same as Ctrl-D)";
    }

    @Override
    public void run(ShellContext shell, List<String> args) {
        shell.requestExit();
    }
}
