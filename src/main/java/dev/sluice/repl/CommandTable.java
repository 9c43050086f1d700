package dev.sluice.repl;

import dev.sluice.repl.command.BatchesCommand;
import dev.sluice.repl.command.ClasspathCommand;
import dev.sluice.repl.command.DependencyCommand;
import dev.sluice.repl.command.DocCommand;
import dev.sluice.repl.command.ExitCommand;
import dev.sluice.repl.command.HelpCommand;
import dev.sluice.repl.command.HistoryCommand;
import dev.sluice.repl.command.ImportsCommand;
import dev.sluice.repl.command.LoadCommand;
import dev.sluice.repl.command.RepositoryCommand;
import dev.sluice.repl.command.ResetCommand;
import dev.sluice.repl.command.SaveCommand;
import dev.sluice.repl.command.StartCommand;
import dev.sluice.repl.command.StepCommand;
import dev.sluice.repl.command.StopCommand;
import dev.sluice.repl.command.StreamsCommand;
import dev.sluice.repl.command.VarsCommand;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The shell's commands, registered in one place, and the parsing of a {@code :command args} line. */
public final class CommandTable {

    private final Map<String, Command> byName = new LinkedHashMap<>();

    /** A table holding the given commands, in this order. */
    public CommandTable(List<Command> commands) {
        for (Command c : commands) {
            if (byName.putIfAbsent(c.name(), c) != null) {
                throw new IllegalArgumentException("two commands named :" + c.name());
            }
        }
    }

    /** Every command of the shell. */
    public static CommandTable standard() {
        return new CommandTable(List.of(
                new HelpCommand(),
                new StreamsCommand(),
                new BatchesCommand(),
                new StopCommand(),
                new StartCommand(),
                new StepCommand(),
                new VarsCommand(),
                new ImportsCommand(),
                new DependencyCommand(),
                new ClasspathCommand(),
                new RepositoryCommand(),
                new DocCommand(),
                new HistoryCommand(),
                new SaveCommand(),
                new LoadCommand(),
                new ResetCommand(),
                new ExitCommand()));
    }

    /** The commands in registration order. */
    public Collection<Command> all() {
        return byName.values();
    }

    /** The command with this name (with or without the colon). */
    public Optional<Command> find(String name) {
        return Optional.ofNullable(byName.get(name.startsWith(":") ? name.substring(1) : name));
    }

    /** Whether a line of input is a command rather than Java. */
    public static boolean isCommand(String line) {
        String s = line.strip();
        return s.length() > 1 && s.charAt(0) == ':' && Character.isLetter(s.charAt(1));
    }

    /**
     * What to say about a line that starts as a JShell command does ({@code /exit}, {@code /vars}):
     * no Java line starts with a slash and a letter, and Sluice's commands start with a colon. Null
     * for any other line.
     */
    public String slashHint(String line) {
        String s = line.strip();
        if (s.length() < 2 || s.charAt(0) != '/' || !(Character.isLetter(s.charAt(1)) || s.charAt(1) == '?')) {
            return null;
        }
        String name = s.substring(1).split("\\s+", 2)[0];
        Command command = byName.get(name);
        if (command != null) {
            return "Sluice's commands start with ':' instead of '/': type :" + name + s.substring(1 + name.length());
        }
        return "Sluice's commands start with ':' instead of '/'; :help lists them";
    }

    /**
     * Runs a {@code :command args} line; unknown commands and bad arguments print a one-line error and
     * the usage. A command whose {@link Command#arguments()} is empty is refused any argument here.
     *
     * @return whether the command ran without error
     */
    public boolean dispatch(ShellContext shell, String line) {
        List<String> words = split(line.strip());
        String name = words.get(0).substring(1);
        Command command = byName.get(name);
        if (command == null) {
            shell.err().println("error: unknown command :" + name + "; type :help for the list of commands");
            shell.err().flush();
            return false;
        }
        List<String> args = words.subList(1, words.size());
        try {
            if (command.arguments().isEmpty() && !args.isEmpty()) {
                throw new UsageException(":" + name + " takes no arguments");
            }
            command.run(shell, args);
            return true;
        } catch (UsageException e) {
            shell.err().println("error: " + e.getMessage() + "\nusage: " + command.usage());
            shell.err().flush();
            return false;
        } catch (CommandFailedException e) {
            shell.err().println("error: " + e.getMessage());
            shell.err().flush();
            return false;
        }
    }

    /** Splits on blanks; double quotes keep blanks inside an argument. */
    static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (char c : line.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (any) {
                    words.add(word.toString());
                    word.setLength(0);
                    any = false;
                }
            } else {
                word.append(c);
                any = true;
            }
        }
        if (any) {
            words.add(word.toString());
        }
        return words;
    }
}
