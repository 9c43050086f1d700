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
 * Expression results ({@code $1}, {@code $2}, ...) are kept by the session, not as JShell
 * variables, and come back into JShell, with their types, when a snippet names them.
 */
class SessionResultsTest {
    private Session session;

    @BeforeEach
    void open() {
        session = Session.open(SessionOptions.builder().batchInterval(Duration.ofSeconds(1)).manualClock(true).build());
    }

    @AfterEach
    void close() {
        session.close();
    }

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
