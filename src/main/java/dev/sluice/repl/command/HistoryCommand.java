package dev.sluice.repl.command;

import dev.sluice.repl.Command;
import dev.sluice.repl.ShellContext;
import java.util.List;

/** {@code :history}: the snippets entered in this session, numbered, including failed ones. */
public final class HistoryCommand implements Command {

    @Override
    public String name() {
        return "history";
    }

    @Override
    public String arguments() {
        return "";
    }

    @Override
    public String summary() {
        return "list the snippets entered so far";
    }

    @Override
    public void run(ShellContext shell, List<String> args) {
        List<String> history = shell.session().history();
        for (int i = 0; i < history.size(); i++) {
            shell.out().printf("%4d  %s%n", i + 1, history.get(i).replace("\n", "\n      "));
        }
    }
}
