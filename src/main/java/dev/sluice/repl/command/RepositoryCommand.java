package dev.sluice.repl.command;

import dev.sluice.repl.Command;
import dev.sluice.repl.CommandFailedException;
import dev.sluice.repl.ShellContext;
import dev.sluice.repl.UsageException;
import java.util.List;

/** {@code :repository url}: adds a remote Maven repository that {@code :dependency} searches too. */
public final class RepositoryCommand implements Command {

    @Override
    public String name() {
        return "repository";
    }

    @Override
    public String arguments() {
        return "<url>";
    }

    @Override
    public String summary() {
        return "add a Maven repository (http(s) or file: URL) for :dependency";
    }

    @Override
    public void run(ShellContext shell, List<String> args) {
        if (args.size() != 1) {
            throw new UsageException("expected one URL, such as https://repo.example.com/maven2/");
        }
        try {
            shell.session().addRepository(args.get(0));
        } catch (IllegalArgumentException e) {
            throw new CommandFailedException(e.getMessage());
        }
        shell.out().println("added Maven repository " + args.get(0));
    }
}
