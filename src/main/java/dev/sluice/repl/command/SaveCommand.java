package dev.sluice.repl.command;

import dev.sluice.repl.Command;
import dev.sluice.repl.CommandFailedException;
import dev.sluice.repl.ShellContext;
import dev.sluice.repl.UsageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code :save <file>}: writes the snippets that ran successfully, so {@code :load} can replay them. */
public final class SaveCommand implements Command {

    @Override
    public String name() {
        return "save";
    }

    @Override
    public String arguments() {
        return "<file>";
    }

    @Override
    public String summary() {
        return "save the snippets that ran successfully to a file";
    }

    @Override
    public String help() {
        return summary() + ", after the :dependency and :classpath lines of the libraries added.\nReplaying the file with :load (or `sluice <file>`) rebuilds the variables and the stream graph,"
                + "\nwhich is also how a graph is rebuilt after a restart with --checkpoint.";
    }

    @Override
    public void run(ShellContext shell, List<String> args) {
        if (args.size() != 1) {
            throw new UsageException("expected one file name");
        }
        Path file = Path.of(args.get(0));
        List<String> snippets = shell.session().replayableSnippets();
        StringBuilder text = new StringBuilder();
        for (String library : shell.session().libraries()) {
            text.append(library).append('\n'); // first, so the snippets that use them compile
        }
        for (String s : snippets) {
            text.append(s).append('\n');
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CommandFailedException("cannot write " + file + ": " + e.getMessage());
        }
        shell.out().println("saved " + snippets.size() + " snippets to " + file);
    }
}
