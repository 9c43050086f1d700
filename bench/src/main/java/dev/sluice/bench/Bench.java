package dev.sluice.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs every workload on both engines and the baseline, each measurement in its own child JVM, for
 * a number of rounds, and writes the report.
 *
 * <pre>
 * java -cp bench/target/classes dev.sluice.bench.Bench --mode quick|full --runs N
 *      --spark-cp FILE --sluice-cp FILE --out bench/RESULTS.md --log FILE [--only W1,W2,W3,W4,W5,W6,BASE]
 *      [--w5-rate LINES_PER_SECOND]
 * </pre>
 */
public final class Bench {
    static final List<String> SPARK_JVM_FLAGS = List.of(
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
            "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
            "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
            "-Djdk.reflect.useDirectMethodHandle=false",
            "-Dio.netty.tryReflectionSetAccessible=true");

    static final String[] ENGINES = {"sluice", "spark"};

    /**
     * W1 on Sluice with its reduce written as {@code (a, b) -> a + b} and as a user's static method
     * ({@code -Dbench.reduce}, see {@code SluiceEngine.sum}); the plain {@code sluice} engine reduces
     * with {@code Long::sum}.
     */
    static final List<String> REDUCE_VARIANTS = List.of("sluice@lambda", "sluice@static");

    /** Settings of one mode. */
    record Mode(String name, int warmup, int measured, int windowWarmup, double precision, int maxTrials,
                long baselineWarmMs, long baselineMs, int startupBatches, int queries, long smallWarmMs,
                long smallMeasureMs) {
        static Mode of(String name) {
            return switch (name) {
                case "quick" -> new Mode("quick", 2, 3, 10, 0.5, 3, 1000, 2000, 6, 5, 500, 1000);
                case "full" -> new Mode("full", 4, 8, 11, 0.12, 6, 2000, 5000, 15, 20, 3000, 5000);
                default -> throw new IllegalArgumentException("mode is quick or full, not " + name);
            };
        }
    }

    private final Mode mode;
    private final String sparkCp;
    private final String sluiceCp;
    private final PrintStream log;
    private final Set<String> only;
    /** W5's load in lines/s when given ({@code --w5-rate}); otherwise Spark's sustained W1 rate of the run. */
    double w5Rate = Double.NaN;
    /** The JVM options the Sluice launcher script passes (empty if there is none). */
    final List<String> launcherFlags;
    /** metric -> one value per run (NaN where the run has none). */
    final Map<String, List<Double>> metrics = new LinkedHashMap<>();
    final Map<String, String> notes = new LinkedHashMap<>();
    private int run;

    Bench(Mode mode, String sparkCp, String sluiceCp, PrintStream log, Set<String> only) {
        this.mode = mode;
        this.sparkCp = sparkCp;
        this.sluiceCp = sluiceCp;
        this.log = log;
        this.only = only;
        this.launcherFlags = new ArrayList<>();
    }

    /**
     * Reads the JVM options that {@code launcher} (the shell's start script) always passes to java:
     * the words of its {@code opts=(...)} array, leaving out variables (options the script adds only
     * in some cases, such as the class data archive or the Spark runner's flags, are not read).
     */
    static List<String> launcherFlags(Path launcher) throws IOException {
        List<String> flags = new ArrayList<>();
        if (launcher == null || !Files.exists(launcher)) {
            return flags;
        }
        for (String line : Files.readAllLines(launcher)) {
            String t = line.strip();
            if (t.startsWith("opts=(") && t.endsWith(")")) {
                for (String token : t.substring("opts=(".length(), t.length() - 1).split("\\s+")) {
                    if (token.startsWith("-") && !token.contains("$")) {
                        flags.add(token);
                    }
                }
                break;
            }
        }
        return flags;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opt.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Mode mode = Mode.of(opt.getOrDefault("mode", "quick"));
        int runs = Integer.parseInt(opt.getOrDefault("runs", mode.name().equals("quick") ? "1" : "3"));
        Set<String> only = new LinkedHashSet<>(Arrays.asList(
                opt.getOrDefault("only", "BASE,W1,REDUCE,W2,W3,W4,W5,W6").split(",")));
        Path out = Path.of(opt.getOrDefault("out", "bench/RESULTS.md"));
        Path logFile = Path.of(opt.getOrDefault("log", "bench/target/bench.log"));
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        String sparkCp = Files.readString(Path.of(opt.get("spark-cp"))).trim();
        String sluiceCp = Files.readString(Path.of(opt.get("sluice-cp"))).trim();
        Instant started = Instant.now();
        try (PrintStream log = new PrintStream(Files.newOutputStream(logFile), true, StandardCharsets.UTF_8)) {
            Bench bench = new Bench(mode, sparkCp, sluiceCp, log, only);
            if (opt.containsKey("w5-rate")) {
                bench.w5Rate = Double.parseDouble(opt.get("w5-rate"));
            }
            bench.launcherFlags.addAll(launcherFlags(opt.containsKey("launcher") ? Path.of(opt.get("launcher")) : null));
            for (int r = 0; r < runs; r++) {
                bench.run = r;
                bench.round(r);
                Report.write(out, bench, mode, r + 1, started, sparkCp, sluiceCp);
                say("run " + (r + 1) + "/" + runs + " done; report written to " + out);
            }
        }
        say("finished in " + Duration.between(started, Instant.now()).toSeconds() + " s");
    }

    static void say(String line) {
        System.out.println("[bench " + java.time.LocalTime.now().withNano(0) + "] " + line);
        System.out.flush();
    }

    private void round(int r) throws Exception {
        // alternate which engine goes first, so that drift in the machine's load favours neither
        String[] order = r % 2 == 0 ? ENGINES : new String[] {"spark", "sluice"};
        if (only.contains("BASE")) {
            for (int threads = 1; threads <= 2; threads++) {
                Map<String, String> res = child("baseline", "baseline", Integer.toString(threads), "200000",
                        Long.toString(mode.baselineWarmMs()), Long.toString(mode.baselineMs())).result();
                put("BASE.t" + threads + ".rate", num(res, "linesPerSecond"));
                put("BASE.t" + threads + ".perCpuSec", num(res, "perCpuSec"));
            }
        }
        List<Workload> workloads = new ArrayList<>();
        if (only.contains("W1")) {
            workloads.add(Workload.W1_WORD_COUNT);
        }
        if (only.contains("W2")) {
            workloads.add(Workload.W2_WINDOW);
            workloads.add(Workload.W2_WINDOW_INVERSE);
        }
        if (only.contains("W3")) {
            workloads.add(Workload.W3_LINES_UPDATE_STATE);
        }
        // the pooled-key W3 (one key per record) is not the workload issue 30 specifies; its figures
        // come from the JMH benchmarks and from runs that ask for it with --only W3POOLED
        if (only.contains("W3POOLED")) {
            workloads.add(Workload.W3_UPDATE_STATE);
            workloads.add(Workload.W3_MAP_WITH_STATE);
        }
        for (Workload w : workloads) {
            List<String> engines = throughputEngines(order, r);
            if (w == Workload.W1_WORD_COUNT && only.contains("REDUCE")) {
                // W1 with its reduce written as a user would type it, beside Long::sum
                engines.addAll(REDUCE_VARIANTS);
            }
            for (String engine : engines) {
                String key = w + "." + engine;
                double start = startRate(key + ".rate", engine, w);
                int warmup = w.windowBatches() > 0 ? mode.windowWarmup() : mode.warmup();
                // W1's target is a share of the baseline, which is measured without a search step:
                // both engines' W1 searches bisect twice as finely (and may take two more trials),
                // so that W1's rate is not up to a whole step below its limit.
                boolean fine = w == Workload.W1_WORD_COUNT;
                double precision = fine ? mode.precision() / 2 : mode.precision();
                int maxTrials = fine ? mode.maxTrials() + 2 : mode.maxTrials();
                Map<String, String> res = child(engine, "search", engine, w.name(), "1000", Integer.toString(warmup),
                        Integer.toString(mode.measured()), String.format(Locale.ROOT, "%.0f", start),
                        Double.toString(precision), Integer.toString(maxTrials)).result();
                put(key + ".rate", num(res, "sustained"));
                // no trial failed before the search ran out of trials: the rate is a lower bound
                put(key + ".openEnded", Double.isInfinite(num(res, "failed")) ? 1 : 0);
                put(key + ".peakRssMb", num(res, "peakRssKb") / 1024);
                put(key + ".perCpuSec", num(res, "perCpuSec"));
                put(key + ".machineBusy", num(res, "machineBusy") * 100);
            }
        }
        if (only.contains("W4")) {
            for (String engine : order) {
                List<String> args = new ArrayList<>(List.of("small", engine, "100",
                        Long.toString(mode.smallWarmMs()), Long.toString(mode.smallMeasureMs())));
                for (long i : new long[] {1000, 500, 200, 100, 50, 20, 10, 5}) {
                    args.add(Long.toString(i));
                }
                Result res = child(engine, args.toArray(String[]::new));
                double smallest = Double.NaN;
                for (Map<String, String> line : res.results) {
                    long interval = Long.parseLong(line.get("interval"));
                    if (interval == 1000) {
                        put("W4." + engine + ".nearEmptyMs", num(line, "medianMs"));
                    }
                    if (Boolean.parseBoolean(line.get("sustained"))) {
                        smallest = interval;
                    }
                }
                put("W4." + engine + ".smallestMs", smallest);
            }
        }
        if (only.contains("W5")) {
            double sparkRate = last("W1_WORD_COUNT.spark.rate");
            if (!Double.isNaN(w5Rate)) {
                sparkRate = w5Rate;
                notes.put("W5rate", String.format(Locale.ROOT, "W5 used %,.0f lines/s, given with --w5-rate.", w5Rate));
            } else if (Double.isNaN(sparkRate) || sparkRate <= 0) {
                sparkRate = 300_000;
                notes.put("W5rate", "W1 was not measured on Spark in this run; W5 used 300,000 lines/s.");
            }
            put("W5.rate", sparkRate);
            for (String engine : order) {
                long t0 = System.currentTimeMillis();
                Result res = child(engine, "startup", engine, String.format(Locale.ROOT, "%.0f", sparkRate),
                        Integer.toString(mode.startupBatches()));
                Map<String, String> r0 = res.result();
                put("W5." + engine + ".firstBatchMs", res.firstBatchAt > 0 ? res.firstBatchAt - res.spawnedAt : Double.NaN);
                put("W5." + engine + ".mainMs", num(r0, "mainEnteredMs") - res.spawnedAt);
                put("W5." + engine + ".peakRssMb", num(r0, "peakRssKb") / 1024);
                put("W5." + engine + ".sustained", sustained(r0));
                Result idle = child(engine, "startup", engine, "0", "6");
                put("W5." + engine + ".firstEmptyBatchMs", idle.firstBatchAt > 0 ? idle.firstBatchAt - idle.spawnedAt : Double.NaN);
                put("W5." + engine + ".emptyBoundaryWaitMs", boundaryWait(idle.result()));
                put("W5." + engine + ".idleRssMb", num(idle.result(), "rssKb") / 1024);
                put("W5." + engine + ".idlePeakRssMb", num(idle.result(), "peakRssKb") / 1024);
                log.println("W5 " + engine + " took " + (System.currentTimeMillis() - t0) + " ms");
            }
            if (!launcherFlags.isEmpty()) {
                Result res = child(launcherFlags, "sluice", "startup", "sluice", String.format(Locale.ROOT, "%.0f", sparkRate),
                        Integer.toString(mode.startupBatches()));
                put("W5.launcher.firstBatchMs", res.firstBatchAt > 0 ? res.firstBatchAt - res.spawnedAt : Double.NaN);
                put("W5.launcher.peakRssMb", num(res.result(), "peakRssKb") / 1024);
                put("W5.launcher.sustained", sustained(res.result()));
                Result idle = child(launcherFlags, "sluice", "startup", "sluice", "0", "6");
                put("W5.launcher.firstEmptyBatchMs", idle.firstBatchAt > 0 ? idle.firstBatchAt - idle.spawnedAt : Double.NaN);
                put("W5.launcher.emptyBoundaryWaitMs", boundaryWait(idle.result()));
                put("W5.launcher.idleRssMb", num(idle.result(), "rssKb") / 1024);
                Result held = child(launcherFlags, "sluice", "startup", "sluice", String.format(Locale.ROOT, "%.0f", sparkRate),
                        Integer.toString(mode.startupBatches()), "held");
                put("W5.held.peakRssMb", num(held.result(), "peakRssKb") / 1024);
                put("W5.held.heldMb", num(held.result(), "heldMb"));
                put("W5.held.heapBeforeMb", num(held.result(), "heapBeforeMb"));
                put("W5.held.heapCommittedMb", num(held.result(), "heapCommittedMb"));
                put("W5.held.heapAfterGcEndMb", num(held.result(), "heapAfterGcEndMb"));
                put("W5.held.sustained", sustained(held.result()));
            }
        }
        if (only.contains("W6")) {
            for (String engine : order) {
                Result res = child(engine, "attach", engine, "20000", Integer.toString(mode.queries()));
                Map<String, String> r0 = res.result();
                double[] first = res.queries.stream().mapToDouble(Double::doubleValue).toArray();
                put("W6." + engine + ".medianFirstOutputMs", Stats.median(first));
                put("W6." + engine + ".maxFirstOutputMs", Stats.max(first));
                put("W6." + engine + ".baseProcMs", num(r0, "baseProcMs"));
                put("W6." + engine + ".allQueriesProcMs", num(r0, "allQueriesProcMs"));
                put("W6." + engine + ".medianGapMs", num(r0, "medianGapMs"));
            }
        }
    }

    /**
     * The engines whose sustained rates a round searches: Sluice, Spark reading its batches in place,
     * and Spark fed with {@code parallelize} (see {@link StreamEngine#SPARK_PARALLELIZE}), the order
     * reversed every other round like {@code order}.
     */
    static List<String> throughputEngines(String[] order, int round) {
        List<String> engines = new ArrayList<>(List.of(order));
        engines.add(round % 2 == 0 ? engines.size() : 0, StreamEngine.SPARK_PARALLELIZE);
        return engines;
    }

    private double startRate(String key, String engine, Workload w) {
        double previous = Stats.median(values(key));
        if (!Double.isNaN(previous) && previous > 0) {
            return previous;
        }
        return isSpark(engine) ? (w.name().startsWith("W3") ? 40_000 : 150_000)
                : (w.name().startsWith("W3") ? 200_000 : 400_000);
    }

    private double[] values(String key) {
        return metrics.getOrDefault(key, List.of()).stream().mapToDouble(Double::doubleValue)
                .filter(v -> !Double.isNaN(v)).toArray();
    }

    private double last(String key) {
        List<Double> v = metrics.getOrDefault(key, List.of());
        return v.size() > run ? v.get(run) : Double.NaN;
    }

    void put(String key, double value) {
        List<Double> list = metrics.computeIfAbsent(key, k -> new ArrayList<>());
        while (list.size() < run) {
            list.add(Double.NaN);
        }
        list.add(value);
        log.printf(Locale.ROOT, "METRIC run=%d %s=%.3f%n", run + 1, key, value);
    }

    static double num(Map<String, String> res, String key) {
        String v = res.get(key);
        if (v == null) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /**
     * How long a started engine waited for its first batch time: batch times fall on multiples of the
     * interval, so this part of the time to the first batch is set by the clock, not the engine.
     */
    /** A child's {@code sustained} field as 1 (yes) or 0 (no), NaN when it printed none. */
    private static double sustained(Map<String, String> result) {
        String v = result.get("sustained");
        return v == null ? Double.NaN : Boolean.parseBoolean(v) ? 1 : 0;
    }

    static double boundaryWait(Map<String, String> startup) {
        double started = num(startup, "startedMs");
        double first = num(startup, "firstBatchTimeMs");
        return Double.isNaN(started) || Double.isNaN(first) || first < 0 ? Double.NaN : Math.max(0, first - started);
    }

    /** What a child JVM printed. */
    static final class Result {
        final List<Map<String, String>> results = new ArrayList<>();
        final List<Double> queries = new ArrayList<>();
        long spawnedAt;
        long firstBatchAt;
        int exitCode;

        Map<String, String> result() {
            return results.isEmpty() ? Map.of() : results.get(results.size() - 1);
        }
    }

    /** Whether {@code engine} names a Spark child (its JVM flags and classpath). */
    static boolean isSpark(String engine) {
        return engine.startsWith("spark");
    }

    private Result child(String engine, String... args) throws IOException, InterruptedException {
        return child(List.of(), engine, args);
    }

    private Result child(List<String> jvmFlags, String engine, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmFlags);
        int at = engine.indexOf('@');
        if (at > 0) {
            // a variant of an engine: its JVM gets -Dbench.reduce, its child the engine's own name
            jvmFlags = new ArrayList<>(jvmFlags);
            jvmFlags.add("-Dbench.reduce=" + engine.substring(at + 1));
            cmd.add(jvmFlags.get(jvmFlags.size() - 1));
            String base = engine.substring(0, at);
            engine = base;
            args = Arrays.stream(args).map(a -> a.startsWith(base + "@") ? base : a).toArray(String[]::new);
        }
        if (isSpark(engine)) {
            cmd.addAll(SPARK_JVM_FLAGS);
        }
        cmd.add("-cp");
        cmd.add(engine.equals("sluice") ? sluiceCp : sparkCp);
        cmd.add("dev.sluice.bench.Child");
        cmd.addAll(Arrays.asList(args));
        say("run " + (run + 1) + ": " + String.join(" ", jvmFlags) + (jvmFlags.isEmpty() ? "" : " ") + String.join(" ", args));
        log.println("CHILD " + String.join(" ", args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Result result = new Result();
        result.spawnedAt = System.currentTimeMillis();
        Process p = pb.start();
        Consumer<String> onLine = line -> {
            log.println("  " + line);
            if (line.startsWith("RESULT ")) {
                Map<String, String> kv = new LinkedHashMap<>();
                for (String part : line.substring(7).trim().split("\\s+")) {
                    int eq = part.indexOf('=');
                    if (eq > 0) {
                        kv.put(part.substring(0, eq), part.substring(eq + 1));
                    }
                }
                result.results.add(kv);
            } else if (line.startsWith("FIRST_BATCH ")) {
                result.firstBatchAt = Long.parseLong(line.substring(12).trim());
            } else if (line.startsWith("QUERY ")) {
                for (String part : line.split("\\s+")) {
                    if (part.startsWith("firstOutputMs=")) {
                        result.queries.add(Double.parseDouble(part.substring(14)));
                    }
                }
            }
            if (line.startsWith("TRIAL") || line.startsWith("QUERY") || line.startsWith("RESULT")) {
                say("  " + line);
            }
        };
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                onLine.accept(line);
            }
        }
        if (!p.waitFor(60, TimeUnit.MINUTES)) {
            p.destroyForcibly();
        }
        result.exitCode = p.exitValue();
        if (result.exitCode != 0) {
            say("  child exited with " + result.exitCode + " (see the log)");
        }
        return result;
    }
}
