package dev.sluice.repl;

import dev.sluice.display.TextDisplay;
import dev.sluice.session.EvalResult;
import dev.sluice.session.Session;
import dev.sluice.session.SessionException;
import dev.sluice.session.SnippetOutcome;
import java.io.PrintWriter;

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
        try {
            EvalResult result = session.eval(cell);
            for (SnippetOutcome s : result.snippets()) {
                show(s);
            }
            out.flush();
            return true;
        } catch (SessionException e) {
            out.flush();
            err.println(e.getMessage());
            err.flush();
            return false;
        }
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
