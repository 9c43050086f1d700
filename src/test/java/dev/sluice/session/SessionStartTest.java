package dev.sluice.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.streaming.StreamingContextState;
import dev.sluice.testing.CapturingConsole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A session opened with {@link Session#openStarting}: usable at once, its JShell made on a thread of its own. */
class SessionStartTest {

    private static Session starting(CapturingConsole console) {
        return Session.openStarting(SessionOptions.builder()
                .batchInterval(Duration.ofSeconds(1))
                .parallelism(2)
                .manualClock(true)
                .console(() -> console)
                .build());
    }

    @Test
    void theContextIsThereAtOnceAndCellsWaitForTheShell() {
        try (Session session = starting(new CapturingConsole())) {
            // what a shell needs before its prompt: the context, the clock, the options; no snippet runs yet
            assertNotNull(session.context());
            assertEquals(StreamingContextState.INITIALIZED, session.context().state());
            assertTrue(session.manualClock().isPresent());
            assertFalse(session.isRunning());
            assertFalse(session.interrupt());
            // a cell entered right away waits for the shell, then runs with ssc bound
            assertEquals(Completeness.INCOMPLETE, session.isComplete("for (int i = 0; i < 3; i++) {"));
            assertEquals(2, session.eval("1 + 1").value());
            assertSame(session.context(), session.eval("ssc").value());
            assertTrue(session.awaitStarted());
            assertTrue(session.imports().containsAll(List.of("import dev.sluice.streaming.*;", "import java.util.*;")));
        }
    }

    @Test
    void aContextThatCannotBeBuiltFailsTheOpeningWithItsOwnError(@TempDir Path dir) throws Exception {
        // the JShell is already being made while the context is built; the context's error is what the caller sees
        Path notADirectory = Files.writeString(dir.resolve("checkpoint"), "not a directory");
        SessionOptions options = SessionOptions.builder()
                .batchInterval(Duration.ofSeconds(1))
                .manualClock(true)
                .checkpointDir(notADirectory)
                .console(CapturingConsole::new)
                .build();
        RuntimeException starting = assertThrows(RuntimeException.class, () -> Session.openStarting(options));
        RuntimeException direct = assertThrows(RuntimeException.class, () -> Session.open(options));
        assertEquals(direct.getClass(), starting.getClass());
        assertEquals(direct.getMessage(), starting.getMessage());
    }

    @Test
    void closingWhileTheShellIsStillBeingMadeStopsTheContext() {
        Session session = starting(new CapturingConsole());
        session.close();
        assertEquals(StreamingContextState.STOPPED, session.context().state());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> session.eval("1 + 1"));
        assertEquals("the session is closed", e.getMessage());
    }
}
