package dev.sluice.display;

import dev.sluice.engine.BatchTimes;
import dev.sluice.streaming.BatchInfo;
import dev.sluice.streaming.OutputOperationInfo;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Batch statistics as text: one-line summaries, the table of recent batches, the status line (batch times as {@link BatchTimes} reads them). */
public final class BatchText {

    private BatchText() {
    }

    /** A length of time for people: {@code 500 ms}, {@code 1 s}, {@code 1.5 s}, {@code 2 min}, {@code 1 h 30 min}. */
    public static String duration(long millis) {
        if (millis < 1000) return millis + " ms";
        if (millis < 60_000) {
            return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        if (millis < 3_600_000) {
            long s = millis / 1000;
            return s % 60 == 0 ? s / 60 + " min" : s / 60 + " min " + s % 60 + " s";
        }
        long m = millis / 60_000;
        return m % 60 == 0 ? m / 60 + " h" : m / 60 + " h " + m % 60 + " min";
    }

    /** A duration in whole milliseconds, or {@code -} when not known. */
    public static String millis(Optional<Duration> d) {
        return millis(d, false);
    }

    /**
     * A duration in milliseconds, or {@code -} when not known: {@code fine}, as for batches shorter
     * than a millisecond, below 10 ms with a fraction ({@code 3.2 ms}, {@code 0.21 ms}); else in
     * whole milliseconds.
     */
    public static String millis(Optional<Duration> d, boolean fine) {
        return d.map(x -> millis(x, fine)).orElse("-");
    }

    private static String millis(Duration d, boolean fine) {
        long us = d.toNanos() / 1000;
        if (!fine || us % 1000 == 0 || us >= 10_000) {
            return us / 1000 + " ms";
        }
        return String.format(java.util.Locale.ROOT, us < 1000 ? "%.2f ms" : "%.1f ms", us / 1000.0);
    }

    /** True for a batch between milliseconds, whose context's batches are shorter than a millisecond. */
    private static boolean fine(BatchInfo b) {
        return b.batchTime().microseconds() % 1000 != 0;
    }

    /** One line: time, records, delays and outputs of a batch. */
    public static String summary(BatchInfo b) {
        boolean fine = fine(b);
        return "batch " + b.batchTime().toLocalString() + ": " + b.numRecords() + " records, processing "
                + millis(b.processingDelay(), fine) + ", scheduling delay " + millis(b.schedulingDelay(), fine)
                + ", outputs " + outputs(b.outputs());
    }

    /** {@code "2 ok"} or {@code "1 ok, 1 failed"}. */
    public static String outputs(List<OutputOperationInfo> outputs) {
        long failed = outputs.stream().filter(o -> o.failure().isPresent()).count();
        long ok = outputs.size() - failed;
        return ok + " ok" + (failed > 0 ? ", " + failed + " failed" : "");
    }

    /** The batches as a table, oldest first, with the first line of each failure listed under it. */
    public static String table(List<BatchInfo> batches) {
        if (batches.isEmpty()) {
            return "(no batches yet)";
        }
        TextTable table = TextTable.of("batch time", "records", "scheduling delay", "processing", "total delay", "outputs");
        StringBuilder failures = new StringBuilder();
        boolean fine = batches.stream().anyMatch(BatchText::fine);
        for (BatchInfo b : batches) {
            table.row(b.batchTime().toLocalString(), b.numRecords(), millis(b.schedulingDelay(), fine),
                    millis(b.processingDelay(), fine), millis(b.totalDelay(), fine), outputs(b.outputs()));
            for (OutputOperationInfo o : b.outputs()) {
                o.failure().ifPresent(f -> failures.append("\n").append(f.strip().lines().findFirst().orElse("")));
            }
        }
        return table.render() + failures;
    }

    /**
     * The status line: last batch time, input rate, processing time, scheduling delay and active
     * outputs.
     */
    public static String status(Optional<BatchInfo> last, Duration batchInterval, long activeOutputs, String state) {
        if (last.isEmpty()) {
            return "sluice | context " + state + " | no batch yet | " + outputs(activeOutputs);
        }
        BatchInfo b = last.get();
        long intervalMicros = dev.sluice.engine.Micros.of(batchInterval);
        double seconds = Math.max(1, intervalMicros) / 1e6;
        long rate = Math.round(b.numRecords() / seconds);
        boolean fine = intervalMicros < 1000;
        return "sluice | batch " + b.batchTime().toLocalString() + " | " + rate + " rec/s | processing "
                + millis(b.processingDelay(), fine) + " | scheduling delay " + millis(b.schedulingDelay(), fine) + " | "
                + outputs(activeOutputs)
                + (b.outputs().stream().anyMatch(o -> o.failure().isPresent()) ? " | last batch had failures (:batches)" : "");
    }

    private static String outputs(long active) {
        return active + " active output" + (active == 1 ? "" : "s");
    }
}
