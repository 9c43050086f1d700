package dev.sluice.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.streaming.StreamingError;
import dev.sluice.testing.CapturingConsole;
import dev.sluice.testing.Wait;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A receiver written as a snippet class that fails outside any output (in onStart, or in a thread
 * it started) is reported as a failed output is: in {@code ssc.recentErrors()} with its stream and
 * exception, and on the console of the session that created it with the snippet's name and line,
 * the engine's frames folded; the front ends' warnings ({@link ErrorNotices}) do not show it again.
 */
class SessionReceiverErrorsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final CapturingConsole console = new CapturingConsole();
    private final List<String> warnings = new ArrayList<>();
    private Session session;

    @BeforeEach
    void open() {
        session = Session.open(SessionOptions.builder().batchInterval(Duration.ofSeconds(1)).manualClock(true)
                .console(() -> console).build());
        session.context().addListener(new ErrorNotices(line -> {
            synchronized (warnings) {
                warnings.add(line);
            }
        }));
    }

    @AfterEach
    void close() {
        session.close();
    }

    @Test
    void aSnippetReceiverThatThrowsShowsItsSnippetAndLine() {
        session.eval("class Flaky extends Receiver<String> {\n"
                + "    public void onStart() {\n"
                + "        throw new IllegalStateException(\"no source configured\");\n"
                + "    }\n"
                + "    public void onStop() { }\n"
                + "}");
        session.eval("class Dying extends Receiver<String> {\n"
                + "    public void onStart() {\n"
                + "        new Thread(() -> {\n"
                + "            int[] none = new int[0];\n"
                + "            store(\"x\" + none[1]);\n"
                + "        }, \"reader\").start();\n"
                + "    }\n"
                + "    public void onStop() { }\n"
                + "}");
        session.eval("ssc.receiverStream(new Flaky()).foreachRDD(r -> { });\n"
                + "ssc.receiverStream(new Dying()).foreachRDD(r -> { });\n"
                + "ssc.start();");
        Wait.until("both reports on the console", () -> console.errText().split("the same failure of this receiver", -1).length == 3,
                TIMEOUT, console::errText);
        String shown = console.errText();
        assertTrue(Pattern.compile("warning: Receiver Flaky failed to start: java.lang.IllegalStateException: no source configured\n"
                + "java.lang.IllegalStateException: no source configured\n"
                + "\tat onStart \\(snippet #\\d+, line 3\\): throw new IllegalStateException\\(\"no source configured\"\\);\n"
                + "\t\\.\\.\\. 3 frames in the engine\n").matcher(shown).find(), shown);
        assertTrue(Pattern.compile("warning: Receiver Dying: its thread 'reader' ended with an exception: "
                + "java.lang.ArrayIndexOutOfBoundsException: Index 1 out of bounds for length 0\n"
                + "java.lang.ArrayIndexOutOfBoundsException: Index 1 out of bounds for length 0\n"
                + "\tat lambda in onStart \\(snippet #\\d+, line 5\\): store\\(\"x\" \\+ none\\[1\\]\\);\n").matcher(shown).find(), shown);
        assertFalse(shown.contains("dev.sluice.engine"), shown);

        @SuppressWarnings("unchecked")
        List<StreamingError> errors = (List<StreamingError>) session.eval("ssc.recentErrors()").value();
        StreamingError failed = errors.stream().filter(e -> e.contains("Flaky")).findFirst().orElseThrow();
        assertTrue(failed.stream().orElseThrow().startsWith("receiverStream(Flaky)"), failed.toString());
        assertEquals("IllegalStateException", failed.exception().orElseThrow().getClass().getSimpleName());
        assertTrue(failed.onConsole());
        synchronized (warnings) {
            assertEquals(List.of(), warnings, "shown once, on the console that owns the receiver");
        }
    }
}
