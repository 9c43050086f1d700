package dev.sluice.usercode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.streaming.ManualClock;
import dev.sluice.streaming.Receiver;
import dev.sluice.streaming.StreamingContext;
import dev.sluice.streaming.StreamingError;
import dev.sluice.testing.CapturingConsole;
import dev.sluice.testing.Wait;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A receiver of a plain Java program (this package is outside Sluice's, so its frames are the
 * user's) that fails outside any output: its failures are kept in {@code ssc.recentErrors()} with
 * its stream and exception, and shown on the console it was created with, the first time with its
 * own frames and the engine's folded, the same failure again counted.
 */
class ReceiverFailuresTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final CapturingConsole console = new CapturingConsole();
    private final ManualClock clock = new ManualClock();
    private StreamingContext ssc;

    static final class FailsToStart extends Receiver<String> {
        @Override
        public void onStart() {
            throw new IllegalStateException("no source configured");
        }

        @Override
        public void onStop() {
        }
    }

    static final class ThreadDies extends Receiver<String> {
        @Override
        public void onStart() {
            new Thread(() -> {
                throw new IllegalArgumentException("reader broke");
            }, "reader").start();
        }

        @Override
        public void onStop() {
        }
    }

    static final class StoresWhatCannotBeLogged extends Receiver<Object> {
        @Override
        public void onStart() {
            new Thread(() -> store(List.of(new Object())), "writer").start();
        }

        @Override
        public void onStop() {
        }
    }

    private StreamingContext context(Path checkpoints) {
        StreamingContext.Builder b = StreamingContext.builder().batchInterval(Duration.ofSeconds(1)).clock(clock)
                .console(() -> console);
        if (checkpoints != null) {
            b.checkpointDir(checkpoints);
        }
        return b.build();
    }

    @AfterEach
    void stop() {
        if (ssc != null) {
            ssc.stop();
        }
    }

    private StreamingError awaitError(String text) {
        Wait.until("an error with " + text, () -> find(text).isPresent(), TIMEOUT, () -> ssc.recentErrors().toString());
        return find(text).orElseThrow();
    }

    private Optional<StreamingError> find(String text) {
        return ssc.recentErrors().stream().filter(e -> e.contains(text)).findFirst();
    }

    private static int count(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }

    @Test
    void aReceiverThatThrowsInOnStartIsReportedWithItsFramesOnItsConsoleAndRepeatsAreCounted() throws Exception {
        ssc = context(null);
        ssc.receiverStream(new FailsToStart()).foreachRDD(r -> { });
        ssc.start();
        StreamingError error = awaitError("failed to start");
        assertEquals("Receiver FailsToStart failed to start: java.lang.IllegalStateException: no source configured", error.message());
        assertTrue(error.stream().orElseThrow().matches("receiverStream\\(FailsToStart\\)\\[\\d+\\]"), error.toString());
        assertInstanceOf(IllegalStateException.class, error.exception().orElseThrow());
        assertTrue(error.onConsole());
        assertTrue(error.output().isEmpty());

        Wait.until("the report on the receiver's console", () -> console.errText().contains("the same failure of this receiver"),
                TIMEOUT, console::errText);
        String shown = console.errText();
        assertTrue(shown.startsWith("warning: Receiver FailsToStart failed to start: java.lang.IllegalStateException: no source configured\n"
                + "java.lang.IllegalStateException: no source configured\n"
                + "\tat dev.sluice.usercode.ReceiverFailuresTest$FailsToStart.onStart(ReceiverFailuresTest.java:41)\n"
                + "\t... "), shown);
        assertTrue(shown.contains(" frames in the engine\n"), shown);
        assertFalse(shown.contains("dev.sluice.engine"), "the engine's frames are folded: " + shown);

        // the supervisor restarts it after the backoff on the context's clock: the same failure again is counted, not shown
        clock.advance(Duration.ofMillis(100));
        Wait.until("the second failure", () -> find("failed to start").orElseThrow().count() >= 2, TIMEOUT,
                () -> ssc.recentErrors().toString());
        assertEquals(1, count(console.errText(), "failed to start"), console.errText());
    }

    @Test
    void aThreadOfTheReceiverThatEndsWithAnExceptionIsReportedAndTheReceiverRestarts() throws Exception {
        ssc = context(null);
        ssc.receiverStream(new ThreadDies()).foreachRDD(r -> { });
        ssc.start();
        StreamingError error = awaitError("its thread 'reader'");
        assertEquals("Receiver ThreadDies: its thread 'reader' ended with an exception: java.lang.IllegalArgumentException: reader broke",
                error.message());
        assertTrue(error.stream().orElseThrow().startsWith("receiverStream(ThreadDies)"), error.toString());
        Wait.until("the report on the receiver's console", () -> console.errText().contains("the same failure of this receiver"),
                TIMEOUT, console::errText);
        assertTrue(console.errText().contains("\tat dev.sluice.usercode.ReceiverFailuresTest$ThreadDies.lambda$onStart$0(ReceiverFailuresTest.java:53)\n"),
                console.errText());
        assertEquals(1, ssc.receivers().size());
        assertFalse(ssc.receivers().get(0).active(), "restarting: " + ssc.receivers());
        // started again after the backoff, its thread dies again: counted
        clock.advance(Duration.ofMillis(100));
        Wait.until("the second death", () -> find("its thread 'reader'").orElseThrow().count() >= 2, TIMEOUT,
                () -> ssc.recentErrors().toString());
        assertEquals(1, count(console.errText(), "its thread 'reader'"), console.errText());
    }

    @Test
    void aStoreThatFailsInTheReceiversThreadIsReportedWithTheLineThatStored(@TempDir Path dir) throws Exception {
        ssc = context(Files.createDirectories(dir.resolve("checkpoints")));
        ssc.receiverStream(new StoresWhatCannotBeLogged()).foreachRDD(r -> { });
        ssc.start();
        StreamingError error = awaitError("its thread 'writer'");
        assertInstanceOf(UncheckedIOException.class, error.exception().orElseThrow());
        assertTrue(error.message().contains("could not write 1 records of receiver StoresWhatCannotBeLogged to the write-ahead log"),
                error.message());
        Wait.until("the report on the receiver's console", () -> console.errText().contains("the same failure of this receiver"),
                TIMEOUT, console::errText);
        assertTrue(console.errText().contains(
                "\tat dev.sluice.usercode.ReceiverFailuresTest$StoresWhatCannotBeLogged.lambda$onStart$0(ReceiverFailuresTest.java:65)\n"),
                console.errText());
    }
}
