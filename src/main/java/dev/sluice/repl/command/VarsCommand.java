package dev.sluice.repl.command;

import dev.sluice.display.TextTable;
import dev.sluice.repl.Command;
import dev.sluice.repl.ShellContext;
import dev.sluice.session.VarInfo;
import java.util.List;

/** {@code :vars}: the variables declared so far, with their types and values. */
public final class VarsCommand implements Command {

    @Override
    public String name() {
        return "vars";
    }

    @Override
    public String arguments() {
        return "";
    }

    @Override
    public String summary() {
        return "list the variables with their types and values";
    }

    @Override
    public void run(ShellContext shell, List<String> args) {
        TextTable table = TextTable.of("name", "type", "value");
        for (VarInfo v : shell.session().vars()) {
            table.row(v.name(), v.typeName(), v.value());
        }
        shell.out().println(table.render());
    }
}
