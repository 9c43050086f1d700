package dev.sluice.repl;

import dev.sluice.display.TextDisplay;
import dev.sluice.session.CompileException;
import dev.sluice.session.EvalResult;
import dev.sluice.session.EvalRuntimeException;
import dev.sluice.session.Session;
import dev.sluice.session.SessionException;
import dev.sluice.session.SnippetOutcome;
import java.io.PrintWriter;
import java.util.List;

/** Evaluates a cell in the session and prints what each snippet produced, or the failure. */
public final class CellRunner {

    private final Session session;
    private final PrintWriter out;
    private final PrintWriter err;

    /** Prints results to {@code out} and failures to {@code err} (which may be the same writer). */
    public CellRunner(Session session, PrintWriter out, PrintWriter err) {
        this.session = session;
        this.out = out;
        this.err = err;
    }

    /** Runs the cell; returns whether every snippet in it succeeded. */
    public boolean run(String cell) {
        return run(cell, null, 0);
    }

    /**
     * Runs a cell read from {@code file} (null: typed), whose first line is line {@code firstLine}
     * there; a failure names the file and line of the snippet that failed, and the snippet.
     */
    public boolean run(String cell, String file, int firstLine) {
        try {
            EvalResult result = file == null ? session.eval(cell) : session.eval(cell, file, firstLine);
            for (SnippetOutcome s : result.snippets()) {
                show(s);
            }
            out.flush();
            return true;
        } catch (SessionException e) {
            out.flush();
            if (file != null) {
                err.println(where(cell, file, firstLine, e));
            }
            err.println(e.getMessage());
            err.flush();
            return false;
        }
    }

    /** {@code file:LINE: } and the failed snippet (its first lines), for a failure in a script. */
    static String where(String cell, String file, int firstLine, SessionException e) {
        String source = e instanceof CompileException c ? c.source()
                : e instanceof EvalRuntimeException r ? r.source()
                : cell;
        String snippet = source == null || source.isBlank() ? cell.strip() : source.strip();
        int at = cell.indexOf(snippet.lines().findFirst().orElse(""));
        int line = firstLine + (at < 0 ? 0 : (int) cell.substring(0, at).chars().filter(c -> c == '\n').count());
        List<String> lines = snippet.lines().toList();
        String shown = lines.size() <= 3 ? String.join("\n  ", lines)
                : String.join("\n  ", lines.subList(0, 3)) + "\n  ... (" + (lines.size() - 3) + " more lines)";
        return file + ":" + line + ": the snippet failed:\n  " + shown;
    }

    private void show(SnippetOutcome s) {
        switch (s.kind()) {
            case EXPRESSION, VARIABLE -> {
                if (!s.hasValue()) {
                    return;
                }
                String text = TextDisplay.render(s.value());
                if (text.contains("\n")) {
                    out.println(s.name() + " ==>");
                    out.println(text);
                } else {
                    out.println(s.name() + " ==> " + text);
                }
            }
            case METHOD, TYPE -> out.println(s.feedback());
            default -> {
            }
        }
    }
}
