package dev.sluice.repl;

import dev.sluice.session.Completeness;
import dev.sluice.session.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Cuts a script, line by line, into units the shell runs one by one: a line starting with {@code :}
 * is a command; other lines gather into a cell until JShell says the cell is complete.
 */
public final class ScriptReader {

    private final Session session;
    private final StringBuilder cell = new StringBuilder();

    /** A reader that asks this session whether a cell is complete. */
    public ScriptReader(Session session) {
        this.session = session;
    }

    /** Takes the next line; returns a unit when the line completes one. */
    public Optional<String> feed(String line) {
        if (cell.length() == 0) {
            if (line.isBlank()) {
                return Optional.empty();
            }
            if (CommandTable.isCommand(line)) {
                return Optional.of(line.strip());
            }
        } else {
            cell.append('\n');
        }
        cell.append(line);
        Completeness c = session.isComplete(cell.toString());
        if (c == Completeness.INCOMPLETE) {
            return Optional.empty();
        }
        String unit = cell.toString();
        cell.setLength(0);
        return c == Completeness.EMPTY ? Optional.empty() : Optional.of(unit);
    }

    /** The unfinished cell at the end of the script, if any, to be run (and reported) as it is. */
    public Optional<String> finish() {
        String rest = cell.toString();
        cell.setLength(0);
        return rest.isBlank() ? Optional.empty() : Optional.of(rest);
    }

    /** The units of a whole script, in order. */
    public static List<String> split(String text, Session session) {
        ScriptReader reader = new ScriptReader(session);
        List<String> units = new ArrayList<>();
        for (String line : text.split("\r?\n", -1)) {
            reader.feed(line).ifPresent(units::add);
        }
        reader.finish().ifPresent(units::add);
        return units;
    }

    /** Whether a unit returned by this reader is a command. */
    public static boolean isCommandUnit(String unit) {
        return CommandTable.isCommand(unit) && !unit.contains("\n");
    }
}
