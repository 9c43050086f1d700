package dev.sluice.repl.command;

import dev.sluice.repl.Command;
import dev.sluice.repl.CommandFailedException;
import dev.sluice.repl.ShellContext;
import dev.sluice.repl.UsageException;
import java.nio.file.Path;
import java.util.List;

/** {@code :dependency group:artifact:version}: resolves a Maven library and its dependencies for the snippets. */
public final class DependencyCommand implements Command {

    @Override
    public String name() {
        return "dependency";
    }

    @Override
    public String arguments() {
        return "<group:artifact:version>...";
    }

    @Override
    public String summary() {
        return "add a Maven library (and what it depends on) to the snippets' class path";
    }

    @Override
    public String help() {
        return summary() + ".\nResolved from ~/.m2/repository and Maven Central (or the --repository URLs), downloads shown as they go;"
                + "\nlater snippets can import its classes, also in lambdas of running streams. :save keeps it."
                + "\nExample: :dependency org.apache.commons:commons-lang3:3.17.0"
                + "\nThe same on start: sluice --dependency group:artifact:version; in a notebook: %maven group:artifact:version";
    }

    @Override
    public void run(ShellContext shell, List<String> args) {
        if (args.isEmpty()) {
            throw new UsageException("expected a Maven coordinate such as org.apache.commons:commons-lang3:3.17.0");
        }
        for (String coordinates : args) {
            List<Path> jars;
            try {
                jars = shell.session().addDependency(coordinates, line -> {
                    shell.err().println(line);
                    shell.err().flush();
                });
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new CommandFailedException(e.getMessage());
            }
            shell.out().println("added " + coordinates + ": " + describe(jars));
        }
    }

    static String describe(List<Path> entries) {
        if (entries.isEmpty()) {
            return "already on the class path";
        }
        StringBuilder text = new StringBuilder(entries.size() + (entries.size() == 1 ? " jar" : " jars"));
        String names = String.join(", ", entries.stream().map(p -> p.getFileName().toString()).toList());
        return text.append(" (").append(names).append(')').toString();
    }
}
