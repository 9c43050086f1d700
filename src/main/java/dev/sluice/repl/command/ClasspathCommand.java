package dev.sluice.repl.command;

import dev.sluice.repl.Command;
import dev.sluice.repl.CommandFailedException;
import dev.sluice.repl.ShellContext;
import dev.sluice.repl.UsageException;
import java.util.List;

/** {@code :classpath path}: adds local jars or a folder of classes to the snippets' class path. */
public final class ClasspathCommand implements Command {

    @Override
    public String name() {
        return "classpath";
    }

    @Override
    public String arguments() {
        return "<jar|folder|glob>...";
    }

    @Override
    public String summary() {
        return "add local jars or a folder of classes to the snippets' class path";
    }

    @Override
    public String help() {
        return summary() + ".\nA jar, a folder of .class files, a folder ending in /* (its jars) or a glob such as lib/*.jar."
                + "\nLater snippets can use the classes; :save keeps it."
                + "\nThe same on start: sluice --classpath path; in a notebook: %jars path or %classpath path";
    }

    @Override
    public void run(ShellContext shell, List<String> args) {
        if (args.isEmpty()) {
            throw new UsageException("expected a jar, a folder of classes or a glob such as lib/*.jar");
        }
        for (String path : args) {
            try {
                shell.out().println("added " + DependencyCommand.describe(shell.session().addClasspath(path))
                        .replace(" jars (", " entries (").replace(" jar (", " entry ("));
            } catch (IllegalArgumentException e) {
                throw new CommandFailedException(e.getMessage());
            }
        }
    }
}
