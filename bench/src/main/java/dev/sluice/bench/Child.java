package dev.sluice.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Entry point of one measuring JVM, started by {@link Bench}. It runs one measurement on one engine
 * and prints {@code RESULT key=value ...} lines (and {@code TRIAL} lines for the log) to stdout.
 *
 * <pre>
 * search   ENGINE WORKLOAD INTERVAL_MS WARMUP MEASURED START_RATE PRECISION MAX_TRIALS
 * fixed    ENGINE WORKLOAD INTERVAL_MS WARMUP MEASURED RATE
 * steady   ENGINE WORKLOAD INTERVAL_MS WARMUP MEASURED RATE
 * small    ENGINE PER_BATCH WARMUP_MS MEASURE_MS INTERVAL_MS...
 * startup  ENGINE PER_BATCH BATCHES
 * baseline THREADS PER_BATCH WARMUP_MS MEASURE_MS
 * attach   ENGINE PER_BATCH QUERIES
 * latency  ENGINE CASE INTERVAL_MS RATE WARMUP_S MEASURE_S KEYS [socket | kafka BOOTSTRAP TOPIC PARTITIONS LINGER_MS]
 * </pre>
 */
public final class Child {
    private Child() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        switch (args[0]) {
            case "search" -> search(args, out);
            case "fixed" -> fixed(args, out);
            case "steady" -> steady(args, out);
            case "small" -> small(args, out);
            case "startup" -> startup(args, out);
            case "baseline" -> baseline(args, out);
            case "attach" -> attach(args, out);
            case "latency" -> LatencyChild.run(args, out);
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
        out.flush();
        System.exit(0);
    }

    /** Creates an engine by name; Sluice by reflection so that a Spark JVM never loads it and back. */
    static StreamEngine engine(String name) throws Exception {
        return engine(name, false);
    }

    /** As {@link #engine(String)}; {@code sparkUi} keeps Spark's default of running its web UI. */
    static StreamEngine engine(String name, boolean sparkUi) throws Exception {
        return switch (name) {
            case "spark", StreamEngine.SPARK_PARALLELIZE -> (StreamEngine) Class.forName("dev.sluice.bench.SparkEngine")
                    .getConstructor(boolean.class, boolean.class).newInstance(sparkUi, !name.equals("spark"));
            case "sluice" -> (StreamEngine) Class.forName("dev.sluice.bench.SluiceEngine")
                    .getConstructor().newInstance();
            case StreamEngine.SLUICE_ON_SPARK -> (StreamEngine) Class.forName("dev.sluice.bench.SluiceEngine")
                    .getConstructor(String.class).newInstance("local[2]");
            default -> throw new IllegalArgumentException("unknown engine " + name);
        };
    }

    private static void search(String[] a, PrintStream out) throws Exception {
        Workload workload = Workload.valueOf(a[2]);
        long interval = Long.parseLong(a[3]);
        try (StreamEngine engine = engine(a[1])) {
            RateSearch.Result r = RateSearch.run(new TrialDriver(engine), workload, interval,
                    Integer.parseInt(a[4]), Integer.parseInt(a[5]), Double.parseDouble(a[6]),
                    Double.parseDouble(a[7]), Integer.parseInt(a[8]), out);
            Trial best = r.best();
            out.printf(Locale.ROOT, "RESULT sustained=%.0f failed=%.0f trials=%d perCpuSec=%.0f machineBusy=%.3f bestMeanMs=%.1f bestMaxMs=%d peakRssKb=%d%n",
                    r.sustained(), r.failed(), r.trials(), r.perCpuSecond(), r.machineBusy(),
                    best == null ? Double.NaN : best.meanProcessingMs(),
                    best == null ? -1 : best.maxProcessingMs(), ProcStatus.kb("VmHWM"));
        }
    }

    /**
     * One trial at a fixed rate, after an unjudged warm-up trial at half of it, as a search begins:
     * what {@code bench/run.sh ab} runs to set builds side by side at the same load.
     */
    private static void fixed(String[] a, PrintStream out) throws Exception {
        Workload workload = Workload.valueOf(a[2]);
        long interval = Long.parseLong(a[3]);
        // a windowed workload warms up until its windows are full
        int warmup = Math.max(Integer.parseInt(a[4]), workload.windowBatches() + 2);
        int measured = Integer.parseInt(a[5]);
        int perBatch = (int) Math.max(1, Math.round(Double.parseDouble(a[6]) * interval / 1000));
        try (StreamEngine engine = engine(a[1])) {
            TrialDriver driver = new TrialDriver(engine);
            Trial warm = driver.run(workload, Math.max(1, perBatch / 2), interval, Math.max(1, warmup),
                    Math.max(2, measured / 2));
            out.println("WARMUP " + workload + " " + warm.summary());
            long gc0 = gcMillis();
            Trial t = driver.run(workload, perBatch, interval, warmup, measured);
            long gc = gcMillis() - gc0;
            out.println("TRIAL " + workload + " " + t.summary());
            out.printf(Locale.ROOT, "RESULT sustained=%d meanMs=%.1f medianMs=%.1f maxMs=%d cores=%.2f perCpuSec=%.0f "
                            + "gcMs=%d machineBusy=%.3f peakRssKb=%d%n",
                    t.sustained() ? 1 : 0, t.meanProcessingMs(), t.medianProcessingMs(), t.maxProcessingMs(),
                    t.coresUsed(), t.recordsPerCpuSecond(), gc, t.machineBusy(), ProcStatus.kb("VmHWM"));
        }
    }

    /**
     * One trial at a fixed rate that runs on while the engine falls behind (batches queue up and run
     * one after another): reports the batches' processing times and the records per CPU-second of
     * the measured batches, which a loaded machine disturbs less than whether a rate is sustained.
     * What {@code bench/run.sh runner} runs on each engine.
     */
    private static void steady(String[] a, PrintStream out) throws Exception {
        Workload workload = Workload.valueOf(a[2]);
        long interval = Long.parseLong(a[3]);
        int warmup = Math.max(Integer.parseInt(a[4]), workload.windowBatches() + 2);
        int measured = Integer.parseInt(a[5]);
        int perBatch = (int) Math.max(1, Math.round(Double.parseDouble(a[6]) * interval / 1000));
        try (StreamEngine engine = engine(a[1])) {
            TrialDriver driver = new TrialDriver(engine).allowBacklog();
            long gc0 = gcMillis();
            Trial t = driver.run(workload, perBatch, interval, warmup, measured);
            long gc = gcMillis() - gc0;
            out.println("TRIAL " + workload + " " + t.summary());
            out.printf(Locale.ROOT, "RESULT batches=%d meanMs=%.1f medianMs=%.1f maxMs=%d cores=%.2f perCpuSec=%.0f "
                            + "gcMs=%d machineBusy=%.3f peakRssKb=%d%n",
                    t.batches().size() - warmup, t.meanProcessingMs(), t.medianProcessingMs(), t.maxProcessingMs(),
                    t.coresUsed(), t.recordsPerCpuSecond(), gc, t.machineBusy(), ProcStatus.kb("VmHWM"));
        }
    }

    /** Total collection time of this JVM's garbage collectors so far, in milliseconds. */
    private static long gcMillis() {
        long sum = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            sum += Math.max(0, gc.getCollectionTime());
        }
        return sum;
    }

    private static void small(String[] a, PrintStream out) throws Exception {
        int perBatch = Integer.parseInt(a[2]);
        long warmupMs = Long.parseLong(a[3]);
        long measureMs = Long.parseLong(a[4]);
        try (StreamEngine engine = engine(a[1])) {
            TrialDriver driver = new TrialDriver(engine);
            for (int i = 5; i < a.length; i++) {
                long interval = Long.parseLong(a[i]);
                int warmup = (int) Math.max(3, warmupMs / interval);
                int measured = (int) Math.max(10, measureMs / interval);
                Trial t = driver.run(Workload.W1_WORD_COUNT, perBatch, interval, warmup, measured);
                out.println("TRIAL W4 " + t.summary());
                out.printf(Locale.ROOT, "RESULT interval=%d sustained=%b medianMs=%.2f meanMs=%.2f lateDelayMs=%d%n",
                        interval, t.sustained(), t.medianProcessingMs(), t.meanProcessingMs(),
                        t.maxLateSchedulingDelayMs());
                out.flush();
            }
        }
    }

    private static void startup(String[] a, PrintStream out) throws Exception {
        int perBatch = Integer.parseInt(a[2]);
        int batches = Integer.parseInt(a[3]);
        long t0 = System.currentTimeMillis();
        AtomicLong firstBatchTime = new AtomicLong(-1);
        // "held": the JVM first makes a pool of HELD batches of HELD_LINES W1 lines each (each line a
        // string of its own, its characters copied) and feeds every batch, of perBatch lines, from
        // that pool in turn (wrapping), as a generator that keeps its records in memory does; the
        // heap the pool takes is measured after a full collection
        List<String> held = new ArrayList<>();
        double heldMb = Double.NaN;
        double heapBeforeMb = Double.NaN;
        if (a.length > 4 && a[4].equals("held")) {
            heapBeforeMb = heapAfterGcMb();
            Data lines = Workload.W1_WORD_COUNT.data();
            double withPool = heapAfterGcMb();
            for (int b = 0; b < HELD; b++) {
                for (String line : lines.slice(b * HELD_LINES, HELD_LINES)) {
                    held.add(new String(line.toCharArray()));
                }
            }
            heldMb = heapAfterGcMb() - withPool;
        }
        try (StreamEngine engine = engine(a[1], true)) {
            long built = System.currentTimeMillis();
            TrialDriver driver = new TrialDriver(engine).observe(stat -> {
                if (firstBatchTime.compareAndSet(-1, stat.batchTimeMs())) {
                    out.println("FIRST_BATCH " + stat.completedAtMs());
                    out.flush();
                }
            });
            if (!held.isEmpty()) {
                driver.batches(i -> new java.util.AbstractList<String>() {
                    private final long start = (long) i * perBatch;

                    @Override
                    public String get(int k) {
                        return held.get((int) ((start + k) % held.size()));
                    }

                    @Override
                    public int size() {
                        return perBatch;
                    }
                });
            }
            Trial t = driver.run(Workload.W1_WORD_COUNT, perBatch, 1000, Math.min(2, batches - 1), batches - Math.min(2, batches - 1));
            out.println("TRIAL W5 " + t.summary());
            // the heap the JVM had taken from the system at the end, and what of it was in use after a collection
            long committedMb = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted() >> 20;
            double heapEndMb = held.isEmpty() ? Double.NaN : heapAfterGcMb();
            // batch times fall on multiples of the interval: from start to the first of them the engine waits
            out.printf(Locale.ROOT, "RESULT mainEnteredMs=%d engineBuiltMs=%d startedMs=%d firstBatchTimeMs=%d peakRssKb=%d rssKb=%d "
                            + "sustained=%b heapMaxMb=%d heldMb=%.1f heapBeforeMb=%.1f heapCommittedMb=%d heapAfterGcEndMb=%.1f%n",
                    t0, built, driver.startedAtMs(), firstBatchTime.get(), ProcStatus.kb("VmHWM"), ProcStatus.kb("VmRSS"),
                    t.sustained(), Runtime.getRuntime().maxMemory() >> 20, heldMb, heapBeforeMb, committedMb, heapEndMb);
        }
    }

    /** Batches in the pool a "held" start-up measurement keeps in memory (issue 30: four of 400,000 lines). */
    static final int HELD = 4;
    /** Lines in each of those batches. */
    static final int HELD_LINES = 400_000;

    /** Heap in use after full collections, in MB. */
    private static double heapAfterGcMb() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0);
    }

    private static void baseline(String[] a, PrintStream out) throws Exception {
        Baseline.Rate rate = Baseline.linesPerSecond(Integer.parseInt(a[1]), Integer.parseInt(a[2]),
                Long.parseLong(a[3]), Long.parseLong(a[4]));
        out.printf(Locale.ROOT, "RESULT linesPerSecond=%.0f perCpuSec=%.0f%n", rate.perSecond(), rate.perCpuSecond());
    }

    private static void attach(String[] a, PrintStream out) throws Exception {
        int perBatch = Integer.parseInt(a[2]);
        int queries = Integer.parseInt(a[3]);
        Class<?> type = Class.forName(a[1].equals("spark") ? "dev.sluice.bench.SparkAttach" : "dev.sluice.bench.SluiceAttach");
        AttachBench bench = (AttachBench) type.getConstructor().newInstance();
        bench.run(perBatch, queries, out);
    }

    /** Reads this JVM's memory figures from /proc/self/status. */
    static final class ProcStatus {
        static long kb(String field) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                    if (line.startsWith(field + ":")) {
                        return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
                    }
                }
            } catch (IOException | RuntimeException e) {
                return -1;
            }
            return -1;
        }
    }
}
