package dev.sluice.repl;

import dev.sluice.session.Completeness;
import dev.sluice.session.Session;
import java.util.List;
import org.jline.reader.CompletingParsedLine;
import org.jline.reader.EOFError;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;

/**
 * Tells JLine where a Java snippet ends: on Enter, a snippet JShell finds unfinished raises
 * {@link EOFError}, so JLine keeps the buffer and shows the secondary prompt. For completion, the word
 * is the identifier (or {@code :command}) before the cursor.
 */
final class ReplParser implements Parser {

    private final Session session;

    ReplParser(Session session) {
        this.session = session;
    }

    @Override
    public ParsedLine parse(String line, int cursor, ParseContext context) {
        if (context == ParseContext.ACCEPT_LINE && !CommandTable.isCommand(line)
                && session.isComplete(line) == Completeness.INCOMPLETE) {
            throw new EOFError(-1, -1, "unfinished snippet", "continue the snippet");
        }
        return new JavaLine(line, cursor);
    }

    @Override
    public boolean isEscapeChar(char ch) {
        return false;
    }

    /** A line whose single word is the identifier being typed at the cursor. */
    static final class JavaLine implements CompletingParsedLine {
        private final String line;
        private final int cursor;
        private final int wordStart;

        JavaLine(String line, int cursor) {
            this.line = line;
            this.cursor = cursor;
            this.wordStart = wordStart(line, cursor);
        }

        static int wordStart(String line, int cursor) {
            int i = Math.min(cursor, line.length());
            while (i > 0 && Character.isJavaIdentifierPart(line.charAt(i - 1))) {
                i--;
            }
            if (i > 0 && line.charAt(i - 1) == ':' && line.substring(0, i - 1).isBlank()) {
                i--;
            }
            return i;
        }

        int wordStart() {
            return wordStart;
        }

        @Override
        public String word() {
            return line.substring(wordStart, cursor);
        }

        @Override
        public int wordCursor() {
            return cursor - wordStart;
        }

        @Override
        public int wordIndex() {
            return 0;
        }

        @Override
        public List<String> words() {
            return List.of(word());
        }

        @Override
        public String line() {
            return line;
        }

        /** Java needs no escaping: candidates are inserted as they are. */
        @Override
        public CharSequence escape(CharSequence candidate, boolean complete) {
            return candidate;
        }

        @Override
        public int rawWordCursor() {
            return wordCursor();
        }

        @Override
        public int rawWordLength() {
            return word().length();
        }

        @Override
        public int cursor() {
            return cursor;
        }
    }
}
