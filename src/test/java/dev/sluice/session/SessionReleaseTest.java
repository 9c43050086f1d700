package dev.sluice.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a session keeps and lets go of: a variable declared again lets go of what it held before (the
 * current value stays); expression results are kept by the session, not as JShell variables, and
 * come back into JShell, with their types, when a snippet names them.
 */
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

    // ---- expression results ($1, $2, ...): kept by the session, declared in JShell only when named

    private String result(String expression) {
        return session.eval(expression).snippets().get(0).name();
    }

    @Test
    void resultsAreNotJShellVariablesUntilASnippetNamesThem() {
        long before = session.variablesInJShell();   // ssc
        for (int i = 0; i < 10; i++) {
            result(i + " * 2");
        }
        assertEquals(before, session.variablesInJShell(), "no result is imported into every snippet");
        String list = result("List.of(1, 2, 3)");
        assertEquals(before, session.variablesInJShell());
        assertEquals(5, session.eval(list + ".get(1) + " + list + ".size()").value(), "its type came back: List<Integer>");
        assertEquals(before + 1, session.variablesInJShell(), "named once, it is a variable again");
    }

    @Test
    void aResultNamedOnlyInAStringOrACommentIsNotDeclaredAgain() {
        long before = session.variablesInJShell();
        String name = result("40 + 2");
        assertEquals(name + " is 42", session.eval("\"" + name + " is \" + 42 /* not " + name + " */ // nor " + name + "\n").value());
        assertEquals(before, session.variablesInJShell(), "the string and the comments named no result");
        assertEquals(43, session.eval(name + " + 1").value());
        assertEquals(before + 1, session.variablesInJShell());
    }

    @Test
    void theClassFilesOfDroppedResultsAreNotListedInLaterCompilerPasses() {
        result("0");
        int before = session.classFilesInJShell();
        assertTrue(before > 0, "JShell's class files are reachable (the tests open jdk.jshell, as the launcher does)");
        for (int i = 0; i < 30; i++) {
            result(i + " + 1");
        }
        assertThrows(EvalRuntimeException.class, () -> session.eval("Integer.parseInt(\"x\")"));
        assertEquals(before, session.classFilesInJShell());
        session.eval("int kept = 3;");
        assertEquals(before + 1, session.classFilesInJShell(), "a declaration's class stays");
        session.eval("int[] counter = {0};");
        int withCounter = session.classFilesInJShell();
        for (int i = 0; i < 10; i++) {   // statements and assignments: their classes ran once
            session.eval("counter[0]++;");
            session.eval("if (counter[0] > 0) { counter[0] += 0; }");
            session.eval("counter = counter");
        }
        assertEquals(withCounter, session.classFilesInJShell(), "nor are the class files of statements and assignments");
        session.eval("Runnable[] later = new Runnable[1];");
        session.eval("later[0] = () -> counter[0] += 100;");   // the lambda's code is in this statement's class
        session.eval("later[0].run();");
        assertEquals(110, session.eval("counter[0]").value(), "code a statement left behind still runs");
    }

    @Test
    void jshellsListOfSnippetsKeepsTheActiveOnesAndDoesNotGrowWithEveryCell() {
        session.eval("int kept = 1;");
        session.eval("String redeclared = \"first\";");
        assertTrue(session.snippetsListedByJShell() > 0, "JShell's list is reachable (the tests open jdk.jshell, as the launcher does)");
        for (int i = 0; i < 300; i++) {
            result(i + " + 1");                       // a variable dropped right after its value is read
            session.eval("kept += 1;");               // a statement
            if (i % 50 == 0) {
                session.eval("String redeclared = \"again " + i + "\";"); // overwrites the one before
                assertThrows(CompileException.class, () -> session.eval("int broken = ;"));
            }
        }
        int listed = session.snippetsListedByJShell();
        assertTrue(listed < 100, "finished snippets are taken out of JShell's list: " + listed + " after 600 cells");
        assertEquals(301, session.eval("kept").value());
        assertEquals("again 250", session.eval("redeclared").value());
        assertTrue(session.vars().stream().anyMatch(v -> v.name().equals("kept")), "the variables are listed as before");
        assertTrue(session.imports().contains("import java.util.*;"), "so are the imports");
        session.eval("int twice(int n) { return 2 * n; }");
        assertEquals(602, session.eval("twice(kept)").value());
    }

    @Test
    void aResultCanBeAssignedNullOrPrimitiveAndIsListedWithTheVariables() {
        String text = result("\"abc\"");
        String none = result("(String) null");
        String two = result("1 + 1");
        assertEquals(true, session.eval(none + " == null").value());
        assertEquals(6, session.eval(two + " * 3").value());
        session.eval(text + " = \"wxyz\"");
        assertEquals(4, session.eval(text + ".length()").value());
        List<VarInfo> vars = session.vars();
        assertTrue(vars.contains(new VarInfo(text, "String", "\"wxyz\"")), vars.toString());
        assertTrue(vars.contains(new VarInfo(none, "String", "null")), vars.toString());
        assertTrue(vars.contains(new VarInfo(two, "int", "2")), vars.toString());
    }

    @Test
    void aResultOfAnAnonymousClassKeepsItsMembers() {
        String anon = result("new Object() { int x = 4; }");
        for (int i = 0; i < 3; i++) {
            result("\"later\"");
        }
        assertEquals(4, session.eval(anon + ".x").value());
    }

    @Test
    void aResultWhoseClassWasDeclaredAgainIsStillReadableAsAnObject() {
        session.eval("class Box { int v = 9; }");
        String box = result("new Box()");
        session.eval("class Box { int w = 1; }");
        assertTrue(session.eval(box + ".toString()").value().toString().contains("Box"));
    }

    @Test
    void anExpressionThatThrewLeavesNoVariableBehind() {
        session.eval("int boom() { throw new IllegalStateException(\"no\"); }");
        long before = session.variablesInJShell();
        for (int i = 0; i < 3; i++) {
            assertThrows(EvalRuntimeException.class, () -> session.eval("boom()"));
        }
        assertEquals(before, session.variablesInJShell());
    }

    @Test
    void aResultCompletesAtTheCursorAsAVariableDoes() {
        String text = result("\"abc\"");
        String code = text + ".toUpp";
        Completions c = session.complete(code, code.length());
        assertTrue(c.candidates().stream().anyMatch(s -> s.startsWith("toUpperCase(")), c.toString());
    }

    @Test
    void aMethodDeclaredBeforeTheResultItNamesWorksOnceTheResultExists() {
        session.eval("int len() { return $3.length(); }");
        result("\"a\"");
        result("\"bc\"");
        String third = result("\"def\"");
        assertEquals("$3", third);
        assertEquals(3, session.eval("len()").value());
    }

    @Test
    void aMethodThatNamesAResultKeepsWorking() {
        String text = result("\"abc\"");
        session.eval("int len() { return " + text + ".length(); }");
        for (int i = 0; i < 5; i++) {
            result(i + " + 1");
        }
        assertEquals(3, session.eval("len()").value());
        for (int i = 0; i < Session.KEPT_RESULTS; i++) {
            result(i + " + 2");
        }
        // the result is gone, and with it what len() needs; len() itself is still compiled against
        EvalRuntimeException unresolved = assertThrows(EvalRuntimeException.class, () -> session.eval("len()"));
        assertTrue(unresolved.getMessage().contains(text), unresolved.getMessage());
        session.eval("String " + text + " = \"again\";");
        assertEquals(5, session.eval("len()").value());
    }
}
