package dev.sluice.repl.command;

import dev.sluice.display.BatchText;
import dev.sluice.engine.BatchTimes;
import dev.sluice.engine.Micros;
import dev.sluice.repl.Command;
import dev.sluice.repl.CommandFailedException;
import dev.sluice.repl.ShellContext;
import dev.sluice.streaming.ManualClock;
import dev.sluice.streaming.StreamingContext;
import dev.sluice.streaming.StreamingContextState;
import dev.sluice.streaming.Time;
import java.time.Duration;
import java.util.List;

/** {@code :step [n]}: with a manual clock, advances time by n batch intervals and waits for each batch. */
public final class StepCommand implements Command {

    /** How long to wait for one batch to complete before giving up. */
    static final Duration BATCH_TIMEOUT = Duration.ofSeconds(60);

    @Override
    public String name() {
        return "step";
    }

    @Override
    public String arguments() {
        return "[n]";
    }

    @Override
    public String summary() {
        return "with --manual-clock: run the next n batches (default 1)";
    }

    @Override
    public String help() {
        return summary() + ".\nAdvances the manual clock one batch interval at a time and waits until each batch has completed,"
                + "\nso the output of those batches is printed before the prompt returns.";
    }

    @Override
    public void run(ShellContext shell, List<String> args) {
        int n = BatchCount.parse(args, 1);
        ManualClock clock = shell.session().manualClock().orElseThrow(() -> new CommandFailedException(
                "the clock is not manual; start the shell with --manual-clock to step batches"));
        StreamingContext ssc = shell.session().context();
        if (ssc.state() != StreamingContextState.ACTIVE) {
            throw new CommandFailedException("the context is not running; run :start (or ssc.start()) first");
        }
        long interval = Micros.of(ssc.batchInterval());
        for (int i = 0; i < n; i++) {
            long next = (clock.micros() / interval + 1) * interval;
            clock.advance(Micros.toDuration(next - clock.micros()));
            boolean done;
            try {
                done = ssc.awaitBatch(Time.ofMicros(next), BATCH_TIMEOUT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CommandFailedException("interrupted while waiting for batch " + BatchTimes.describeMicros(next));
            }
            if (!done) {
                throw new CommandFailedException("batch " + BatchTimes.describeMicros(next) + " did not complete within "
                        + BATCH_TIMEOUT.toSeconds() + " s");
            }
        }
        shell.out().println("time is now " + BatchTimes.describeMicros(clock.micros()) + " (" + n + (n == 1 ? " batch)" : " batches)"));
    }
}
