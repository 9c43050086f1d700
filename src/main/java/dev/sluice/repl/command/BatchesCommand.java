package dev.sluice.repl.command;

import dev.sluice.display.BatchText;
import dev.sluice.repl.Command;
import dev.sluice.repl.ShellContext;
import dev.sluice.streaming.BatchInfo;
import java.util.List;

/** {@code :batches [n]}: the most recent batches with their records, delays and output results. */
public final class BatchesCommand implements Command {

    @Override
    public String name() {
        return "batches";
    }

    @Override
    public String arguments() {
        return "[n]";
    }

    @Override
    public String summary() {
        return "show the last n batches (default 10): records, delays, outputs";
    }

    @Override
    public void run(ShellContext shell, List<String> args) {
        int n = BatchCount.parse(args, 10);
        List<BatchInfo> all = shell.session().context().recentBatches();
        List<BatchInfo> last = all.subList(Math.max(0, all.size() - n), all.size());
        shell.out().println(BatchText.table(last));
    }
}
