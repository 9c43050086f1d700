package dev.sluice.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.session.Session;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandTableTest {

    /** A shell without a session, enough for commands that do not touch it. */
    private static final class FakeShell implements ShellContext {
        final StringWriter text = new StringWriter();
        final PrintWriter writer = new PrintWriter(text, true);
        final CommandTable commands;
        boolean exit;

        FakeShell(CommandTable commands) {
            this.commands = commands;
        }

        @Override
        public Session session() {
            throw new UnsupportedOperationException();
        }

        @Override
        public PrintWriter out() {
            return writer;
        }

        @Override
        public PrintWriter err() {
            return writer;
        }

        @Override
        public CommandTable commands() {
            return commands;
        }

        @Override
        public boolean runCell(String cell) {
            return true;
        }

        @Override
        public void requestExit() {
            exit = true;
        }
    }

    @Test
    void everyCommandHasUsageAndHelp() {
        List<String> names = new ArrayList<>();
        for (Command c : CommandTable.standard().all()) {
            names.add(c.name());
            assertFalse(c.summary().isBlank(), c.name());
            assertTrue(c.usage().startsWith(":" + c.name()), c.usage());
        }
        assertEquals(List.of("help", "streams", "batches", "stop", "start", "step", "vars", "imports", "dependency", "classpath", "repository", "doc", "history",
                "save", "load", "reset", "exit"), names);
    }

    @Test
    void helpListsEveryCommandAndExplainsOne() {
        FakeShell shell = new FakeShell(CommandTable.standard());
        assertTrue(shell.commands.dispatch(shell, ":help"));
        for (Command c : CommandTable.standard().all()) {
            assertTrue(shell.text.toString().contains(c.usage()), c.usage());
        }
        FakeShell one = new FakeShell(CommandTable.standard());
        assertTrue(one.commands.dispatch(one, ":help stop"));
        assertTrue(one.text.toString().startsWith(":stop <id|name>\n"), one.text.toString());
    }

    @Test
    void unknownCommandsAndBadArgumentsGetAnErrorAndTheUsage() {
        FakeShell shell = new FakeShell(CommandTable.standard());
        assertFalse(shell.commands.dispatch(shell, ":frobnicate"));
        assertEquals("error: unknown command :frobnicate; type :help for the list of commands\n", shell.text.toString());

        FakeShell bad = new FakeShell(CommandTable.standard());
        assertFalse(bad.commands.dispatch(bad, ":stop"));
        assertEquals("error: expected one output id or name\nusage: :stop <id|name>\n", bad.text.toString());

        FakeShell steps = new FakeShell(CommandTable.standard());
        assertFalse(steps.commands.dispatch(steps, ":step many"));
        assertEquals("error: 'many' is not a number of batches\nusage: :step [n]\n", steps.text.toString());
    }

    @Test
    void jshellStyleCommandsGetAHintAndJavaDoesNot() {
        CommandTable table = CommandTable.standard();
        assertEquals("Sluice's commands start with ':' instead of '/': type :exit", table.slashHint("/exit"));
        assertEquals("Sluice's commands start with ':' instead of '/': type :stop 2", table.slashHint("  /stop 2"));
        assertEquals("Sluice's commands start with ':' instead of '/'; :help lists them", table.slashHint("/list"));
        assertEquals("Sluice's commands start with ':' instead of '/'; :help lists them", table.slashHint("/?"));
        for (String java : new String[] {"// a comment", "/* a comment */ 1 + 1", "8 / 2", "/", "/ 2", ":exit", "x"}) {
            assertEquals(null, table.slashHint(java), java);
        }
    }

    @Test
    void aCommandThatTakesNoArgumentsRefusesOne() {
        for (Command c : CommandTable.standard().all()) {
            if (!c.arguments().isEmpty()) {
                continue;
            }
            FakeShell shell = new FakeShell(CommandTable.standard());
            assertFalse(shell.commands.dispatch(shell, ":" + c.name() + " extra"), c.name());
            assertEquals("error: :" + c.name() + " takes no arguments\nusage: :" + c.name() + "\n", shell.text.toString());
            assertFalse(shell.exit, c.name());
        }
    }

    @Test
    void exitAsksTheShellToEnd() {
        FakeShell shell = new FakeShell(CommandTable.standard());
        assertTrue(shell.commands.dispatch(shell, ":exit"));
        assertTrue(shell.exit);
    }

    @Test
    void commandLinesAreToldApartFromJava() {
        assertTrue(CommandTable.isCommand(":streams"));
        assertTrue(CommandTable.isCommand("  :stop 3"));
        assertFalse(CommandTable.isCommand("x ? a :b"));
        assertFalse(CommandTable.isCommand("::"));
        assertEquals(List.of(":save", "my file.jsh"), CommandTable.split(":save \"my file.jsh\""));
    }

    @Test
    void duplicateNamesAreRejected() {
        Command help = CommandTable.standard().find("help").orElseThrow();
        assertThrows(IllegalArgumentException.class, () -> new CommandTable(List.of(help, help)));
    }
}
