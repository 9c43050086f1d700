package dev.sluice.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.session.Session;
import dev.sluice.session.SessionOptions;
import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.EOFError;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser.ParseContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ReplParserTest {

    private static Session session;

    @BeforeAll
    static void open() {
        session = Session.open(SessionOptions.builder().manualClock(true).parallelism(1).build());
        session.eval("var numbers = ssc.parallelize(List.of(1, 2, 3));");
    }

    @AfterAll
    static void close() {
        session.close();
    }

    @Test
    void anUnfinishedSnippetAsksForMoreLines() {
        ReplParser parser = new ReplParser(session);
        assertThrows(EOFError.class, () -> parser.parse("int f() {", 9, ParseContext.ACCEPT_LINE));
        assertThrows(EOFError.class, () -> parser.parse("numbers.map(", 12, ParseContext.ACCEPT_LINE));
        assertEquals("int f() {\n return 1; }", parser.parse("int f() {\n return 1; }", 5, ParseContext.ACCEPT_LINE).line());
        assertEquals(":stop", parser.parse(":stop", 5, ParseContext.ACCEPT_LINE).line(), "commands are never continued");
        assertEquals("int 3x = ;", parser.parse("int 3x = ;", 3, ParseContext.ACCEPT_LINE).line(), "invalid input runs and reports");
    }

    @Test
    void theWordIsTheIdentifierOrCommandBeforeTheCursor() {
        ReplParser parser = new ReplParser(session);
        ParsedLine line = parser.parse("numbers.col", 11, ParseContext.COMPLETE);
        assertEquals("col", line.word());
        assertEquals(3, line.wordCursor());
        assertEquals(":st", parser.parse(":st", 3, ParseContext.COMPLETE).word());
        assertEquals("b", parser.parse("a ? x :b", 8, ParseContext.COMPLETE).word());
    }

    @Test
    void completionOffersJShellsCandidatesForTheWord() {
        List<Candidate> members = ReplCompleter.candidates(session, "numbers.col", 11, 8);
        assertTrue(members.stream().anyMatch(c -> c.value().equals("collect()")), members.toString());
        List<Candidate> vars = ReplCompleter.candidates(session, "numb", 4, 0);
        assertEquals(List.of("numbers"), vars.stream().map(Candidate::value).toList());
    }
}
