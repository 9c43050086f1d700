package dev.sluice.bench;

import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * One W7 measurement in its own JVM ({@code Child latency ENGINE CASE INTERVAL_MS RATE WARMUP_S
 * MEASURE_S KEYS [socket | kafka BOOTSTRAP TOPIC PARTITIONS LINGER_MS]}): starts the engine on the
 * case with its source reading a {@link LatencyFeeder} of this JVM (its socket, or the Kafka topic,
 * which must exist and be empty, that the feeder produces to), feeds for the warm-up and the measured
 * time, waits (bounded) for the measured records to come out, stops the context and the feeder, and
 * prints one {@code RESULT} line.
 */
final class LatencyChild {
    private LatencyChild() {
    }

    static void run(String[] a, PrintStream out) throws Exception {
        String engineName = a[1];
        LatencyCase c = LatencyCase.valueOf(a[2]);
        long interval = LatencyBench.micros(a[3]);     // the batch interval, in microseconds
        long rate = Long.parseLong(a[4]);
        long warmupMs = Long.parseLong(a[5]) * 1000;
        long measureMs = Long.parseLong(a[6]) * 1000;
        int keys = Integer.parseInt(a[7]);
        LatencySource kafka = a.length > 8 && a[8].equals("kafka")
                ? LatencySource.kafka(a[9], a[10], Integer.parseInt(a[11]), Integer.parseInt(a[12]))
                : null;
        LatencyEngine engine = (LatencyEngine) Class.forName(engineName.equals("spark")
                ? "dev.sluice.bench.LatencySpark" : "dev.sluice.bench.LatencySluice").getConstructor().newInstance();
        LatencySink sink = new LatencySink(interval);
        LatencySink.install(sink);
        boolean drained;
        long expected;
        String error = "";
        long[] gc0 = gc();
        try (LatencyFeeder feeder = kafka != null ? LatencyFeeder.kafka(rate, keys, kafka) : new LatencyFeeder(rate, keys)) {
            AutoCloseable context = engine.start(c, interval, feeder.source(), sink);
            try {
                feeder.start(60_000, warmupMs, measureMs, sink);
                if (!feeder.awaitSent(warmupMs + measureMs + 30_000)) {
                    error = "feeder did not finish";
                }
                expected = c.filters() ? feeder.keptMeasured() : feeder.sentMeasured();
                // the last measured records need their batch (and, on Spark, their block) to complete
                drained = sink.awaitMeasured(expected, Math.max(10_000, 20 * interval / 1000));
            } finally {
                context.close();
            }
            if (feeder.failure() != null) {
                error = "feeder: " + feeder.failure();
            }
            long[] gc1 = gc();
            LatencyRecorder l = sink.latencies();
            long missing = Math.max(0, expected - sink.measuredOutputs());
            LatencyRecorder lag = feeder.lag();
            out.printf(Locale.ROOT, "RESULT engine=%s case=%s intervalMs=%s rate=%d measuredS=%d stable=%b drained=%b "
                            + "outputs=%d records=%d missing=%d invalid=%d negative=%d p50Ms=%.3f p99Ms=%.3f p999Ms=%.3f maxMs=%.3f meanMs=%.3f "
                            + "allBatches=%d firstBatchMs=%d batches=%d meanProcMs=%.3f maxProcMs=%.1f overInterval=%d lateDelayMs=%.3f maxDelayMs=%.1f "
                            + "feederLagP99Ms=%.3f feederLagMaxMs=%.3f sent=%d gcMs=%d gcCount=%d setup=\"%s\"%s%n",
                    engineName, c, LatencyBench.millis(interval), rate, measureMs / 1000, sink.stable(missing), drained,
                    sink.outputs(), l.count(), missing, sink.invalid(), l.negative(), ms(l.percentile(0.5)), ms(l.percentile(0.99)),
                    ms(l.percentile(0.999)), ms(l.max()), l.mean() / 1e6,
                    sink.allBatches(), sink.firstBatchFromWindowMs(), sink.batches(), sink.meanProcessingMs(), sink.maxProcessingMs(), sink.overInterval(),
                    sink.lateSchedulingDelayMs(), sink.maxSchedulingDelayMs(),
                    ms(lag.percentile(0.99)), ms(lag.max()), feeder.sent(), gc1[0] - gc0[0], gc1[1] - gc0[1], engine.setup(interval, feeder.source()).replace('"', '\''),
                    error.isEmpty() ? "" : " error=\"" + error.replace('"', '\'') + "\"");
        }
    }

    /** {milliseconds, collections} of this JVM's garbage collectors so far. */
    private static long[] gc() {
        long ms = 0;
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ms += Math.max(0, gc.getCollectionTime());
            n += Math.max(0, gc.getCollectionCount());
        }
        return new long[] {ms, n};
    }

    private static double ms(long nanos) {
        return nanos < 0 ? Double.NaN : nanos / 1e6;
    }
}
