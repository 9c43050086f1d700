package dev.sluice.repl.command;

import dev.sluice.repl.Command;
import dev.sluice.repl.CommandFailedException;
import dev.sluice.repl.ScriptReader;
import dev.sluice.repl.ShellContext;
import dev.sluice.repl.UsageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code :load <file>}: runs the snippets and commands of a file, stopping at the first failure. */
public final class LoadCommand implements Command {

    @Override
    public String name() {
        return "load";
    }

    @Override
    public String arguments() {
        return "<file>";
    }

    @Override
    public String summary() {
        return "run the snippets of a file (such as one written by :save)";
    }

    @Override
    public void run(ShellContext shell, List<String> args) {
        if (args.size() != 1) {
            throw new UsageException("expected one file name");
        }
        Path file = Path.of(args.get(0));
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CommandFailedException("cannot read " + file + ": " + e.getMessage());
        }
        int ran = 0;
        for (String unit : ScriptReader.split(text, shell.session())) {
            if (unit.startsWith(":load")) {
                shell.err().println("error: :load inside a loaded file is skipped: " + unit);
                continue;
            }
            String hint = shell.commands().slashHint(unit);
            if (hint != null) {
                shell.err().println(hint);
            }
            boolean ok = hint == null && (ScriptReader.isCommandUnit(unit)
                    ? shell.commands().dispatch(shell, unit)
                    : shell.runCell(unit));
            if (!ok) {
                throw new CommandFailedException("stopped loading " + file + " after " + ran + " snippets");
            }
            ran++;
        }
        shell.out().println("loaded " + file + " (" + ran + " snippets)");
    }
}
