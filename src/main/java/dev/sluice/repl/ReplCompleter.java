package dev.sluice.repl;

import dev.sluice.session.Completions;
import dev.sluice.session.Session;
import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Offers command names after a leading colon, and JShell's completions everywhere else. In a
 * call's arguments (after {@code (} or {@code ,}) Tab shows the signatures that fit above the
 * prompt, as jshell does, and a second Tab there shows their javadoc.
 */
final class ReplCompleter implements Completer {

    static final String AGAIN = "<press Tab again to see the documentation>";

    private final Session session;
    private final CommandTable commands;
    /** Where the signatures were last shown, so that a second Tab there shows the documentation. */
    private String shownLine;
    private int shownCursor = -1;

    ReplCompleter(Session session, CommandTable commands) {
        this.session = session;
        this.commands = commands;
    }

    @Override
    public void complete(LineReader reader, ParsedLine parsed, List<Candidate> out) {
        String line = parsed.line();
        int cursor = parsed.cursor();
        int wordStart = ReplParser.JavaLine.wordStart(line, cursor);
        if (line.substring(0, cursor).stripLeading().startsWith(":")) {
            if (!line.substring(0, cursor).contains(" ")) {
                for (Command c : commands.all()) {
                    out.add(new Candidate(":" + c.name(), ":" + c.name(), null, c.summary(), null, null, true));
                }
            }
            return;
        }
        String help = help(line, cursor);
        if (help != null) {
            reader.printAbove(help);
            return;
        }
        candidates(session, line, cursor, wordStart).forEach(out::add);
    }

    /**
     * What Tab shows above the prompt at the cursor: in a call's arguments, the signatures (the
     * first time) or their documentation (Tab again at the same place); else null.
     */
    String help(String line, int cursor) {
        String before = line.substring(0, cursor).stripTrailing();
        if (!(before.endsWith("(") || before.endsWith(","))) {
            shownLine = null;
            return null;
        }
        List<String> signatures = session.signatures(line, cursor);
        if (signatures.isEmpty()) {
            shownLine = null;
            return null;
        }
        if (line.equals(shownLine) && cursor == shownCursor) {
            shownLine = null;
            String doc = session.inspect(line, cursor);
            return doc.isEmpty() ? String.join("\n", signatures) + "\n(no documentation found)" : doc;
        }
        shownLine = line;
        shownCursor = cursor;
        return "Signatures:\n  " + String.join("\n  ", signatures) + "\n" + AGAIN;
    }

    /** JShell's candidates, rewritten to replace the word JLine replaces (from wordStart to the cursor). */
    static List<Candidate> candidates(Session session, String line, int cursor, int wordStart) {
        Completions c = session.complete(line, cursor);
        int anchor = c.anchor();
        return c.candidates().stream().map(text -> {
            String value;
            if (anchor <= wordStart) {
                String skipped = line.substring(anchor, wordStart);
                value = text.startsWith(skipped) ? text.substring(skipped.length()) : text;
            } else {
                value = line.substring(wordStart, anchor) + text;
            }
            return new Candidate(value, text, null, null, null, null, false);
        }).toList();
    }
}
