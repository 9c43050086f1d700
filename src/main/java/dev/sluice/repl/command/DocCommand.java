package dev.sluice.repl.command;

import dev.sluice.repl.Command;
import dev.sluice.repl.CommandFailedException;
import dev.sluice.repl.ShellContext;
import dev.sluice.repl.UsageException;
import java.util.List;

/** {@code :doc <expression>}: the signatures and javadoc of what an expression names. */
public final class DocCommand implements Command {

    @Override
    public String name() {
        return "doc";
    }

    @Override
    public String arguments() {
        return "<expression>";
    }

    @Override
    public String summary() {
        return "show the signatures and javadoc of a method, type or variable";
    }

    @Override
    public String help() {
        return summary() + ".\nExamples: :doc ssc.socketTextStream   :doc DStream   :doc Math.max"
                + "\nThe same at the cursor: Tab after an open parenthesis shows the signatures, Tab again the javadoc.";
    }

    @Override
    public void run(ShellContext shell, List<String> args) {
        if (args.isEmpty()) {
            throw new UsageException("expected an expression, such as ssc.socketTextStream");
        }
        String expr = String.join(" ", args).strip();
        String doc = shell.session().inspect(expr, expr.length());
        if (doc.isEmpty() && !expr.endsWith("(")) {
            // a method named without its call: document the call
            doc = shell.session().inspect(expr + "(", expr.length() + 1);
        }
        if (doc.isEmpty()) {
            throw new CommandFailedException("no documentation found for " + expr
                    + "; check the name (Tab completes it), or give a type or a method call such as ssc.start");
        }
        shell.out().println(doc);
    }
}
