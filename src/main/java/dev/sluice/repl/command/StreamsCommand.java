package dev.sluice.repl.command;

import dev.sluice.display.TextTable;
import dev.sluice.repl.Command;
import dev.sluice.repl.ShellContext;
import dev.sluice.repl.UsageException;
import dev.sluice.streaming.BatchInfo;
import dev.sluice.streaming.DStream;
import dev.sluice.streaming.OutputHandle;
import dev.sluice.streaming.ReceiverInfo;
import dev.sluice.streaming.StreamingContext;
import java.util.List;
import java.util.Map;

/**
 * {@code :streams [plan]}: the live graph: streams, their outputs, the receivers, and the input
 * rate of each source; with {@code plan}, the logical plan in the API's (and Spark's) terms.
 */
public final class StreamsCommand implements Command {

    @Override
    public String name() {
        return "streams";
    }

    @Override
    public String arguments() {
        return "[plan]";
    }

    @Override
    public String summary() {
        return "show the live graph: streams, outputs, receivers and input rates; plan: each operator as code";
    }

    /** The description after the {@code Kind[id] 'name': } prefix, without the output count. */
    static String lineage(DStream<?> s) {
        String text = s.toString();
        int colon = text.indexOf(": ");
        String rest = colon >= 0 ? text.substring(colon + 2) : text;
        return rest.replaceAll(", \\d+ outputs?$", "");
    }

    /**
     * A row per receiver: whether it runs, what it stored and dropped, the rate it stored at over the
     * last batch, the rate limit in force (its maxRate, or what backpressure set; "none" if
     * unlimited), and its last error.
     */
    static TextTable receivers(List<ReceiverInfo> receivers) {
        TextTable table = TextTable.of("receiver", "state", "records", "dropped", "rate/s", "limit/s", "last error")
                .maxCellWidth(100);
        for (ReceiverInfo r : receivers) {
            String prefix = "Receiver " + r.name() + ": ";
            String error = r.lastError().map(e -> e.startsWith(prefix) ? e.substring(prefix.length()) : e).orElse("-");
            table.row(r.name(), r.active() ? "running" : "not running", r.recordsReceived(), r.recordsDropped(),
                    Math.round(r.ratePerSecond()), r.rateLimit() > 0 ? String.valueOf(r.rateLimit()) : "none", error);
        }
        return table;
    }

    @Override
    public void run(ShellContext shell, List<String> args) {
        StreamingContext ssc = shell.session().context();
        if (args.size() > 1 || (args.size() == 1 && !args.get(0).equals("plan"))) {
            throw new UsageException("expected nothing or 'plan', got '" + String.join(" ", args) + "'");
        }
        if (args.size() == 1) {
            String plan = ssc.explain();
            shell.out().println(plan.isEmpty() ? "no streams yet" : plan.stripTrailing());
            return;
        }
        shell.out().println("context " + ssc.state().name().toLowerCase(java.util.Locale.ROOT)
                + ", batch interval " + dev.sluice.engine.Micros.formatMillis(ssc.batchInterval()) + " ms");
        List<DStream<?>> streams = ssc.streams();
        List<OutputHandle> outputs = ssc.outputs();
        TextTable table = TextTable.of("id", "name", "outputs", "computed as").maxCellWidth(110);
        for (DStream<?> s : streams) {
            long n = outputs.stream().filter(o -> o.stream().id() == s.id() && o.isActive()).count();
            table.row(s.id(), s.name() == null ? "-" : s.name(), n, lineage(s));
        }
        shell.out().println(streams.isEmpty() ? "no streams yet" : table.render());
        if (!outputs.isEmpty()) {
            TextTable out = TextTable.of("output", "name", "stream", "state");
            for (OutputHandle o : outputs) {
                String stream = o.stream().id() + (o.stream().name() == null ? "" : " " + o.stream().name());
                out.row(o.id(), o.name(), stream, o.isActive() ? "active" : "stopped");
            }
            shell.out().println(out.render());
        }
        TextTable receivers = receivers(ssc.receivers());
        if (receivers.size() > 0) {
            shell.out().println(receivers.render());
        }
        List<BatchInfo> recent = ssc.recentBatches();
        if (!recent.isEmpty()) {
            BatchInfo last = recent.get(recent.size() - 1);
            double seconds = Math.max(1, dev.sluice.engine.Micros.of(ssc.batchInterval())) / 1e6;
            TextTable rates = TextTable.of("source", "records/s (last batch)");
            for (Map.Entry<String, Long> e : last.inputRecords().entrySet()) {
                rates.row(e.getKey(), Math.round(e.getValue() / seconds));
            }
            if (rates.size() > 0) {
                shell.out().println(rates.render());
            }
        }
    }
}
