package dev.sluice.repl;

import dev.sluice.session.Session;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * Runs a script (a file, or piped standard input) without a terminal: each snippet and command in
 * order, stopping at the first failure, which makes the exit status non-zero.
 */
public final class ScriptRunner extends ShellBase {

    /** Exit status when every unit succeeded. */
    public static final int OK = 0;
    /** Exit status when a snippet or command failed. */
    public static final int FAILED = 1;

    /** A runner printing results to {@code out} and failures to {@code err}. */
    public ScriptRunner(Session session, PrintWriter out, PrintWriter err, CommandTable commands) {
        super(session, out, err, commands);
    }

    /** Runs the script read from {@code input} as lines arrive; returns the exit status. */
    public int run(Reader input) {
        return run(input, null);
    }

    /**
     * Runs the script read from {@code input} as lines arrive; a failure names {@code file} (null:
     * none) and the line of the snippet that failed. Returns the exit status.
     */
    public int run(Reader input, String file) {
        ScriptReader script = new ScriptReader(session);
        BufferedReader lines = new BufferedReader(input);
        try {
            String line;
            while (!exitRequested() && (line = lines.readLine()) != null) {
                List<String> units = script.feed(line);
                List<Integer> at = script.lines();
                for (int i = 0; i < units.size(); i++) {
                    if (!runUnit(units.get(i), file, at.get(i))) {
                        return FAILED;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!exitRequested()) {
            Optional<String> rest = script.finish();
            if (rest.isPresent() && !runUnit(rest.get(), file, script.lines().get(0))) {
                return FAILED;
            }
        }
        return OK;
    }

    private boolean runUnit(String unit, String file, int line) {
        if (ScriptReader.isCommandUnit(unit)) {
            boolean ok = commands.dispatch(this, unit);
            out.flush();
            if (!ok && file != null) {
                err.println(file + ":" + line + ": the command failed: " + unit);
                err.flush();
            }
            return ok;
        }
        String hint = commands.slashHint(unit);
        if (hint != null) {
            err.println((file == null ? "" : file + ":" + line + ": ") + hint);
            err.flush();
            return false;
        }
        return cells.run(unit, file, line);
    }
}
