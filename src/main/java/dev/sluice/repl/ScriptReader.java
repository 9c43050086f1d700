package dev.sluice.repl;

import dev.sluice.session.Completeness;
import dev.sluice.session.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Cuts a script, line by line, into units the shell runs one by one: a line starting with {@code :}
 * is a command; other lines gather into a cell until JShell says the cell is complete. A complete
 * cell is held until the next line other than a blank or comment line, and taken further if that line
 * continues a method chain (it starts with {@code .name}), so a script may split a chain before its
 * dots as a notebook cell may:
 *
 * <pre>
 * var words = ssc.socketTextStream("127.0.0.1", 9999)
 *     .flatMap(l -&gt; List.of(l.split(" ")));
 * </pre>
 */
public final class ScriptReader {

    private final Session session;
    private final StringBuilder cell = new StringBuilder();
    /** Lines fed so far; the line the cell being gathered starts on. */
    private int lineNo;
    private int cellLine;
    private final List<Integer> unitLines = new ArrayList<>();
    /** True while {@link #cell} is complete but the next line may still continue it. */
    private boolean held;

    /** A reader that asks this session whether a cell is complete. */
    public ScriptReader(Session session) {
        this.session = session;
    }

    /**
     * Takes the next line; returns the units it completes, in order: none, one, or two (a held cell
     * that this line does not continue, then this line if it is a command).
     */
    public List<String> feed(String line) {
        lineNo++;
        unitLines.clear();
        return feedLine(line);
    }

    /**
     * The line (counting from 1) each unit the last {@link #feed} (or {@link #finish}) returned
     * starts on, in the same order.
     */
    public List<Integer> lines() {
        return List.copyOf(unitLines);
    }

    private List<String> feedLine(String line) {
        List<String> units = new ArrayList<>(2);
        if (held) {
            String s = line.strip();
            if (s.isEmpty() || s.startsWith("//")) {
                // as in a notebook cell, blank and comment lines do not end a chain
                cell.append('\n').append(line);
                return units;
            }
            held = false;
            if (!continuesChain(line)) {
                add(units, cell.toString(), cellLine);
                cell.setLength(0);
            }
        }
        if (cell.length() == 0) {
            if (line.isBlank()) {
                return units;
            }
            if (CommandTable.isCommand(line)) {
                add(units, line.strip(), lineNo);
                return units;
            }
            cellLine = lineNo;
        } else {
            cell.append('\n');
        }
        cell.append(line);
        Completeness c = session.isComplete(cell.toString());
        if (c == Completeness.INCOMPLETE) {
            return units;
        }
        if (c == Completeness.COMPLETE) {
            held = true;
            return units;
        }
        String unit = cell.toString();
        cell.setLength(0);
        if (c != Completeness.EMPTY) {
            add(units, unit, cellLine);
        }
        return units;
    }

    private void add(List<String> units, String unit, int line) {
        units.add(unit);
        unitLines.add(line);
    }

    /** Whether {@code line} goes on with the method chain of the line before: {@code .name...}. */
    static boolean continuesChain(String line) {
        String s = line.stripLeading();
        return s.length() > 1 && s.charAt(0) == '.' && Character.isJavaIdentifierStart(s.charAt(1));
    }

    /** The cell left at the end of the script, complete or not, if any, to be run (and reported) as it is. */
    public Optional<String> finish() {
        unitLines.clear();
        unitLines.add(cellLine);
        String rest = cell.toString();
        cell.setLength(0);
        held = false;
        return rest.isBlank() ? Optional.empty() : Optional.of(rest);
    }

    /** The units of a whole script, in order. */
    public static List<String> split(String text, Session session) {
        ScriptReader reader = new ScriptReader(session);
        List<String> units = new ArrayList<>();
        for (String line : text.split("\r?\n", -1)) {
            units.addAll(reader.feed(line));
        }
        reader.finish().ifPresent(units::add);
        return units;
    }

    /** Whether a unit returned by this reader is a command. */
    public static boolean isCommandUnit(String unit) {
        return CommandTable.isCommand(unit) && !unit.contains("\n");
    }
}
