package dev.sluice.repl;

import dev.sluice.session.Completions;
import dev.sluice.session.Session;
import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/** Offers command names after a leading colon, and JShell's completions everywhere else. */
final class ReplCompleter implements Completer {

    private final Session session;
    private final CommandTable commands;

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
        candidates(session, line, cursor, wordStart).forEach(out::add);
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
