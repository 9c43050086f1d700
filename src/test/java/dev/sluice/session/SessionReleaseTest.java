package dev.sluice.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A variable declared again lets go of what it held before; the current value stays. */
class SessionReleaseTest {
    private Session session;

    @BeforeEach
    void open() {
        session = Session.open(SessionOptions.builder().batchInterval(Duration.ofSeconds(1)).manualClock(true).build());
    }

    @AfterEach
    void close() {
        session.close();
    }

    /**
     * Keeps a weak reference to the value of {@code variable} outside the session's variables (a
     * variable whose initializer names another is reset by JShell itself when that one changes type).
     */
    private void watch(String variable) {
        session.eval("System.getProperties().put(\"sluice.test.watched\", new java.lang.ref.WeakReference<Object>(" + variable + "));");
    }

    /** Collects garbage until the watched value is gone; at most 20 tries. */
    private boolean cleared() {
        java.lang.ref.WeakReference<?> ref = (java.lang.ref.WeakReference<?>) System.getProperties().get("sluice.test.watched");
        for (int i = 0; i < 20 && ref.get() != null; i++) {
            System.gc();
        }
        System.getProperties().remove("sluice.test.watched");
        return ref.get() == null;
    }

    @Test
    void onlyTheLastExpressionResultsStayReadableAndOlderValuesAreReleased() {
        String firstName = session.eval("new StringBuilder(\"first result\")").snippets().get(0).name();
        watch(firstName);
        String last = null;
        for (int i = 0; i < Session.KEPT_RESULTS; i++) {
            last = session.eval(i + " * 2").snippets().get(0).name();
        }
        assertTrue(cleared(), "the value of " + firstName + " is let go once " + Session.KEPT_RESULTS + " newer results exist");
        CompileException gone = assertThrows(CompileException.class, () -> session.eval(firstName + ".length()"));
        assertTrue(gone.getMessage().contains(firstName), gone.getMessage());
        assertEquals((Session.KEPT_RESULTS - 1) * 2, session.eval(last).value(), "the newest result is still readable");
    }

    @Test
    void aVariableDeclaredAgainWithAnotherTypeReleasesItsOldValue() {
        session.eval("var held = new StringBuilder(\"old\");");
        watch("held");
        session.eval("var held = \"a string now\";");
        assertTrue(cleared(), "the old StringBuilder is no longer reachable");
        assertEquals("a string now", session.eval("held").value());
        session.eval("var held = new StringBuilder(\"again\");");
        assertEquals("again", session.eval("held.toString()").value());
    }

    @Test
    void aVariableDeclaredAgainWithTheSameTypeKeepsItsNewValue() {
        session.eval("var held = new StringBuilder(\"old\");");
        watch("held");
        session.eval("var held = new StringBuilder(\"new\");");
        assertTrue(cleared());
        assertEquals("new", session.eval("held.toString()").value());
    }

    @Test
    void aStreamAVariableNoLongerNamesLeavesTheContext() {
        session.eval("var s = ssc.queueStream(new java.util.ArrayDeque<java.util.List<Integer>>()).map(x -> x + 1);");
        watch("s");
        assertEquals(true, session.eval("ssc.streams().contains(s)").value(), "a stream a variable names is listed");
        session.eval("var s = 42;");
        assertTrue(cleared(), "the replaced stream is no longer reachable");
    }
}
