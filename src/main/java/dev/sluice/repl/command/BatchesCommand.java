package dev.sluice.repl.command;

import dev.sluice.display.BatchText;
import dev.sluice.repl.Command;
import dev.sluice.repl.ShellContext;
import dev.sluice.repl.UsageException;
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
        if (args.size() > 1) {
            throw new UsageException("expected at most one number of batches");
        }
        int n = 10;
        if (args.size() == 1) {
            try {
                n = Integer.parseInt(args.get(0));
            } catch (NumberFormatException e) {
                throw new UsageException("'" + args.get(0) + "' is not a number of batches");
            }
            if (n < 1) {
                throw new UsageException("the number of batches must be at least 1, got " + n);
            }
        }
        List<BatchInfo> all = shell.session().context().recentBatches();
        List<BatchInfo> last = all.subList(Math.max(0, all.size() - n), all.size());
        shell.out().println(BatchText.table(last));
    }
}
