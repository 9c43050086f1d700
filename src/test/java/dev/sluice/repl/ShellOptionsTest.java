package dev.sluice.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShellOptionsTest {

    @Test
    void readsEveryOption() {
        ShellOptions o = ShellOptions.parse("--batch", "500ms", "--parallelism", "3", "--checkpoint", "ck",
                "--manual-clock", "--remember", "2m", "tour.jsh");
        assertEquals(Duration.ofMillis(500), o.session().batchInterval());
        assertEquals(3, o.session().parallelism());
        assertEquals(Path.of("ck"), o.session().checkpointDir().orElseThrow());
        assertTrue(o.session().manualClock());
        assertEquals(Duration.ofMinutes(2), o.session().remember());
        assertEquals(Path.of("tour.jsh"), o.script().orElseThrow());
        assertFalse(o.help());
        assertTrue(o.session().master().isEmpty());
    }

    @Test
    void readsTheMasterAndEachConfEntryInOrder() {
        ShellOptions o = ShellOptions.parse("--master", "spark://127.0.0.1:7077", "--conf", "spark.executor.memory=512m",
                "--conf", "spark.driver.extraJavaOptions=-Da=b -Dc=d", "--conf", "spark.executor.memory=1g");
        assertEquals("spark://127.0.0.1:7077", o.session().master().orElseThrow());
        assertEquals(List.of("spark.executor.memory=1g", "spark.driver.extraJavaOptions=-Da=b -Dc=d"),
                o.session().conf().entrySet().stream().map(Object::toString).toList());
        assertEquals("--conf expects key=value, got 'spark.cores.max'",
                assertThrows(IllegalArgumentException.class, () -> ShellOptions.parse("--conf", "spark.cores.max")).getMessage());
        assertEquals("--conf expects key=value, got '=2'",
                assertThrows(IllegalArgumentException.class, () -> ShellOptions.parse("--conf", "=2")).getMessage());
        assertEquals("--master needs a value",
                assertThrows(IllegalArgumentException.class, () -> ShellOptions.parse("--master")).getMessage());
        assertTrue(ShellOptions.USAGE.contains("--master <url>") && ShellOptions.USAGE.contains("--conf <key>=<value>"));
    }

    @Test
    void defaultsForAnInteractiveShell() {
        ShellOptions o = ShellOptions.parse();
        assertEquals(Duration.ofSeconds(1), o.session().batchInterval());
        assertEquals(Duration.ofSeconds(60), o.session().remember());
        assertFalse(o.session().manualClock());
        assertTrue(o.script().isEmpty());
        assertTrue(ShellOptions.parse("--help").help());
    }

    @Test
    void badArgumentsSayWhatIsWrong() {
        assertEquals("unknown option --fast",
                assertThrows(IllegalArgumentException.class, () -> ShellOptions.parse("--fast")).getMessage());
        assertEquals("--batch needs a value",
                assertThrows(IllegalArgumentException.class, () -> ShellOptions.parse("--batch")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ShellOptions.parse("--parallelism", "x"))
                .getMessage().contains("whole number"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ShellOptions.parse("--parallelism", "0"))
                .getMessage().contains("at least 1"));
        // The context builder's own rules, checked when the options are read rather than at start.
        assertEquals("batch interval must be at least 0.1 ms, got 0ms",
                assertThrows(IllegalArgumentException.class, () -> ShellOptions.parse("--batch", "0ms")).getMessage());
        assertEquals("remember duration must not be negative, got -1s",
                assertThrows(IllegalArgumentException.class, () -> ShellOptions.parse("--remember", "PT-1S")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ShellOptions.parse("a.jsh", "b.jsh"))
                .getMessage().contains("only one script"));
    }
}
