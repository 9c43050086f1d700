package dev.sluice.repl.command;

import dev.sluice.repl.UsageException;
import java.util.List;

/** The optional number-of-batches argument of {@code :batches} and {@code :step}. */
final class BatchCount {

    private BatchCount() {
    }

    /** Returns the count given in {@code args} (at most one positive number), or {@code otherwise}. */
    static int parse(List<String> args, int otherwise) {
        if (args.size() > 1) {
            throw new UsageException("expected at most one number of batches");
        }
        if (args.isEmpty()) {
            return otherwise;
        }
        int n;
        try {
            n = Integer.parseInt(args.get(0));
        } catch (NumberFormatException e) {
            throw new UsageException("'" + args.get(0) + "' is not a number of batches");
        }
        if (n < 1) {
            throw new UsageException("the number of batches must be at least 1, got " + n);
        }
        return n;
    }
}
