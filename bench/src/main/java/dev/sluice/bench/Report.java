package dev.sluice.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoublePredicate;

/** Writes bench/RESULTS.md from the metrics a {@link Bench} collected. */
final class Report {
    private Report() {
    }

    static void write(Path out, Bench bench, Bench.Mode mode, int runs, Instant started, String sparkCp,
                      String sluiceCp) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# Sluice vs Apache Spark Streaming: results\n\n");
        md.append("Written by `bench/run.sh` (see bench/README.md for the method). Do not edit by hand.\n\n");
        md.append("| | |\n|---|---|\n");
        md.append("| date (UTC) | ").append(DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(
                started.atOffset(ZoneOffset.UTC).withNano(0))).append(" |\n");
        md.append("| mode | ").append(mode.name()).append(", ").append(runs).append(" run(s), ")
                .append(Duration.between(started, Instant.now()).toMinutes()).append(" min |\n");
        String began = System.getProperty("bench.began");
        if (began != null) {
            // bench/run.sh full: the JMH benchmarks, W7, the start-up race and the kernel ran first
            Instant first = Instant.ofEpochSecond(Long.parseLong(began));
            md.append("| the whole run (`bench/run.sh ").append(mode.name()).append("`: JMH, W7, start-up, kernel, then the above) | ")
                    .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(first.atOffset(ZoneOffset.UTC))).append(" to ")
                    .append(DateTimeFormatter.ISO_LOCAL_TIME.format(Instant.now().atOffset(ZoneOffset.UTC).withNano(0)))
                    .append(" UTC, ").append(Duration.between(first, Instant.now()).toMinutes()).append(" min |\n");
        }
        md.append("| Sluice commit | ").append(System.getProperty("bench.commit", "?")).append(" |\n");
        md.append("| JVM | ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.runtime.version")).append(" (").append(System.getProperty("java.vendor"))
                .append("), default options |\n");
        md.append("| machine | ").append(Machine.describe()).append(" |\n");
        md.append("| load average at write time | ").append(Machine.loadAverage()).append(" |\n");
        md.append("| Spark | spark-streaming_2.13 4.1.0, local[2], UI off (W5: UI on, all defaults); fed in place and with"
                + " `parallelize` (see Throughput) |\n\n");
        md.append("The machine is shared: other builds and tests run beside the benchmark, so absolute numbers\n")
                .append("are noisy. Compare the **ratios**, each computed from the two engines' numbers of the same\n")
                .append("run (engines alternate which goes first in each run), not numbers from different runs.\n")
                .append("Cells show the median over runs and, in brackets, the range.\n\n");

        md.append("## Throughput (highest sustained input rate, records/s, 1 s batches, 2 worker threads)\n\n");
        md.append("Spark is measured fed two ways. *In place*: each batch's tasks read their half of the batch\n")
                .append("straight from the JVM's pool, as Sluice's tasks read the queued lists, so Spark pays nothing to\n")
                .append("ship records. *parallelize*: each batch is `sc.parallelize(batch, 2)`, the way a Spark program\n")
                .append("feeds a queue stream from a list, so the records travel inside the serialized tasks. The\n")
                .append("targets are judged against both; in place is the stricter.\n\n");
        md.append("| workload | Sluice | Spark, in place | Sluice/Spark | Spark, parallelize | Sluice/Spark, parallelize"
                + " | target | met (in place / parallelize) |\n|---|---:|---:|---:|---:|---:|---|---|\n");
        for (Workload w : Workload.values()) {
            String s = w + ".sluice.rate";
            String k = w + ".spark.rate";
            String p = w + "." + StreamEngine.SPARK_PARALLELIZE + ".rate";
            if (!bench.metrics.containsKey(s) && !bench.metrics.containsKey(k)) {
                continue;
            }
            String target;
            String met;
            if (w == Workload.W1_WORD_COUNT) {
                double base = Stats.median(ratios(bench, s, "BASE.t2.rate"));
                target = "≥ 80% of the 2-thread baseline (now " + pct(base) + "); ~4x Spark";
                met = yes(base >= 0.8, base);
            } else {
                double factor = w.name().startsWith("W3") ? 10 : 4;
                double inPlace = Stats.median(ratios(bench, s, k));
                double shipped = Stats.median(ratios(bench, s, p));
                target = "≥ " + (int) factor + "x Spark";
                met = yes(inPlace >= factor, inPlace) + " / " + yes(shipped >= factor, shipped);
            }
            md.append("| ").append(w.title()).append(" | ").append(cell(bench, s, "%.0f")).append(" | ")
                    .append(cell(bench, k, "%.0f")).append(" | ").append(ratioCell(bench, s, k)).append(" | ")
                    .append(cell(bench, p, "%.0f")).append(" | ").append(ratioCell(bench, s, p)).append(" | ")
                    .append(target).append(" | ").append(met).append(" |\n");
        }
        if (bench.metrics.containsKey("BASE.t1.rate")) {
            md.append("| plain Java word count, 1 thread | ").append(cell(bench, "BASE.t1.rate", "%.0f"))
                    .append(" | | | | | practical limit | |\n");
            md.append("| plain Java word count, 2 threads | ").append(cell(bench, "BASE.t2.rate", "%.0f"))
                    .append(" | | | | | practical limit | |\n");
        }
        List<String> openEnded = new ArrayList<>();
        for (Workload w : Workload.values()) {
            for (String engine : List.of("sluice", "spark", StreamEngine.SPARK_PARALLELIZE)) {
                List<Double> flags = bench.metrics.getOrDefault(w + "." + engine + ".openEnded", List.of());
                long n = flags.stream().filter(v -> v == 1).count();
                if (n > 0) {
                    openEnded.add(w.title() + ", " + label(engine) + " (" + n + " of " + flags.size() + " runs)");
                }
            }
        }
        if (!openEnded.isEmpty()) {
            md.append("\nNo trial failed in these searches before they used up their trials, so the rate they\n")
                    .append("report is a lower bound: ").append(String.join("; ", openEnded)).append(".\n");
        }
        if (bench.metrics.containsKey("W1_WORD_COUNT.sluice@lambda.rate")) {
            md.append("\n## W1 with its reduce written three ways\n\n");
            md.append("The same W1 search on Sluice with `reduceByKey` given `Long::sum` (the rows above), the lambda\n")
                    .append("`(a, b) -> a + b`, and a user's static method `add(Long, Long)` (`-Dbench.reduce`). Target:\n")
                    .append("each within 10% of the best of the three, by sustained rate and by records per CPU-second.\n\n");
            md.append("| reduce | sustained lines/s | share of the best | lines per CPU-second | share of the best |\n")
                    .append("|---|---:|---:|---:|---:|\n");
            String[][] variants = {{"`Long::sum`", "sluice"}, {"`(a, b) -> a + b`", "sluice@lambda"},
                    {"static method", "sluice@static"}};
            double bestRate = 0;
            double bestCpu = 0;
            for (String[] v : variants) {
                bestRate = Math.max(bestRate, Stats.median(values(bench, "W1_WORD_COUNT." + v[1] + ".rate")));
                bestCpu = Math.max(bestCpu, Stats.median(values(bench, "W1_WORD_COUNT." + v[1] + ".perCpuSec")));
            }
            for (String[] v : variants) {
                String rate = "W1_WORD_COUNT." + v[1] + ".rate";
                String cpu = "W1_WORD_COUNT." + v[1] + ".perCpuSec";
                md.append("| ").append(v[0]).append(" | ").append(cell(bench, rate, "%.0f")).append(" | ")
                        .append(pct(Stats.median(values(bench, rate)) / bestRate)).append(" | ")
                        .append(cell(bench, cpu, "%.0f")).append(" | ")
                        .append(pct(Stats.median(values(bench, cpu)) / bestCpu)).append(" |\n");
            }
        }
        md.append("\n## Work per core (records per second of the engine JVM's CPU time, all its threads)\n\n");
        md.append("The machine is shared, so an engine may get much less than 2 cores during a trial; this measures\n")
                .append("what each engine does with the CPU it got: records processed over the measured batches divided\n")
                .append("by the JVM's CPU time over those batches (GC and JIT included), best of the search's passing\n")
                .append("trials. The baseline's figure is lines per CPU-second of its own JVM.\n\n");
        md.append("| workload | Sluice | Spark, in place | Sluice/Spark | Spark, parallelize | Sluice/Spark, parallelize"
                + " | machine busy % during the search (Sluice / Spark in place / Spark parallelize) |\n")
                .append("|---|---:|---:|---:|---:|---:|---|\n");
        for (Workload w : Workload.values()) {
            String s = w + ".sluice.perCpuSec";
            String k = w + ".spark.perCpuSec";
            String p = w + "." + StreamEngine.SPARK_PARALLELIZE + ".perCpuSec";
            if (!bench.metrics.containsKey(s) && !bench.metrics.containsKey(k)) {
                continue;
            }
            md.append("| ").append(w.title()).append(" | ").append(cell(bench, s, "%.0f")).append(" | ")
                    .append(cell(bench, k, "%.0f")).append(" | ").append(ratioCell(bench, s, k)).append(" | ")
                    .append(cell(bench, p, "%.0f")).append(" | ").append(ratioCell(bench, s, p)).append(" | ")
                    .append(cell(bench, w + ".sluice.machineBusy", "%.0f")).append(" / ")
                    .append(cell(bench, w + ".spark.machineBusy", "%.0f")).append(" / ")
                    .append(cell(bench, w + "." + StreamEngine.SPARK_PARALLELIZE + ".machineBusy", "%.0f"))
                    .append(" |\n");
        }
        if (bench.metrics.containsKey("BASE.t1.perCpuSec")) {
            md.append("| plain Java word count, 1 thread | ").append(cell(bench, "BASE.t1.perCpuSec", "%.0f"))
                    .append(" | | | | | |\n");
            md.append("| plain Java word count, 2 threads | ").append(cell(bench, "BASE.t2.perCpuSec", "%.0f"))
                    .append(" | | | | | |\n");
            md.append("\nW1 per CPU-second as a share of the 2-thread baseline's: Sluice ")
                    .append(pct(Stats.median(ratios(bench, "W1_WORD_COUNT.sluice.perCpuSec", "BASE.t2.perCpuSec"))))
                    .append(", Spark in place ")
                    .append(pct(Stats.median(ratios(bench, "W1_WORD_COUNT.spark.perCpuSec", "BASE.t2.perCpuSec"))))
                    .append(", Spark parallelize ")
                    .append(pct(Stats.median(ratios(bench, "W1_WORD_COUNT." + StreamEngine.SPARK_PARALLELIZE
                            + ".perCpuSec", "BASE.t2.perCpuSec"))))
                    .append(".\n");
        }
        md.append("\nPeak RSS of the searching JVMs (MB, default heap; includes every trial of the search):\n\n");
        md.append("| workload | Sluice | Spark, in place | Spark, parallelize |\n|---|---:|---:|---:|\n");
        for (Workload w : Workload.values()) {
            if (bench.metrics.containsKey(w + ".sluice.peakRssMb") || bench.metrics.containsKey(w + ".spark.peakRssMb")) {
                md.append("| ").append(w.title()).append(" | ").append(cell(bench, w + ".sluice.peakRssMb", "%.0f"))
                        .append(" | ").append(cell(bench, w + ".spark.peakRssMb", "%.0f"))
                        .append(" | ").append(cell(bench, w + "." + StreamEngine.SPARK_PARALLELIZE + ".peakRssMb", "%.0f"))
                        .append(" |\n");
            }
        }

        if (bench.metrics.containsKey("W4.sluice.smallestMs") || bench.metrics.containsKey("W4.spark.smallestMs")) {
            md.append("\n## W4: small batches (100 W1 lines per batch)\n\n");
            md.append("| metric | Sluice | Spark | Sluice/Spark | target | met |\n|---|---:|---:|---:|---|---|\n");
            double smallest = Stats.median(values(bench, "W4.sluice.smallestMs"));
            md.append("| smallest stable batch interval, ms (tried 1000 500 200 100 50 20 10 5) | ")
                    .append(cell(bench, "W4.sluice.smallestMs", "%.0f")).append(" | ")
                    .append(cell(bench, "W4.spark.smallestMs", "%.0f")).append(" | ")
                    .append(ratioCell(bench, "W4.sluice.smallestMs", "W4.spark.smallestMs"))
                    .append(" | ≤ 10 ms | ").append(yes(smallest <= 10, smallest)).append(" |\n");
            md.append("| processing time of a 100-record batch, ms (median, 1 s batches) | ")
                    .append(cell(bench, "W4.sluice.nearEmptyMs", "%.1f")).append(" | ")
                    .append(cell(bench, "W4.spark.nearEmptyMs", "%.1f")).append(" | ")
                    .append(ratioCell(bench, "W4.sluice.nearEmptyMs", "W4.spark.nearEmptyMs")).append(" | | |\n");
        }

        if (bench.metrics.containsKey("W5.sluice.firstBatchMs") || bench.metrics.containsKey("W5.spark.firstBatchMs")) {
            md.append("\n## W5: start-up, memory, classpath\n\n");
            md.append("Each figure comes from a fresh child JVM with default options (Spark: plus the `--add-opens`\n")
                    .append("flags it needs on Java 17). Load: W1 at ")
                    .append(bench.notes.containsKey("W5rate") ? "a rate not measured on Spark in this run (see the notes; "
                            : "Spark's sustained W1 rate of the same run (")
                    .append(cell(bench, "W5.rate", "%.0f")).append(" lines/s). Both engines put batch times on multiples of\n")
                    .append("the interval, so a started engine waits between 0 and 1 s for its first batch, by where the clock\n")
                    .append("stood when it started; the rows \"of which ... waited\" give that part.\n\n");
            md.append("| metric | Sluice | Spark | Sluice/Spark | target | met |\n|---|---:|---:|---:|---|---|\n");
            double first = Stats.median(values(bench, "W5.sluice.firstEmptyBatchMs"));
            md.append("| JVM start to first completed batch, ms (1 s batches, empty stream) | ")
                    .append(cell(bench, "W5.sluice.firstEmptyBatchMs", "%.0f")).append(" | ")
                    .append(cell(bench, "W5.spark.firstEmptyBatchMs", "%.0f")).append(" | ")
                    .append(ratioCell(bench, "W5.sluice.firstEmptyBatchMs", "W5.spark.firstEmptyBatchMs"))
                    .append(" | ≤ 1000 ms | ").append(yes(first <= 1000, first)).append(" |\n");
            md.append("| ... of which the started engine waited for its first batch time (a multiple of 1 s), ms | ")
                    .append(cell(bench, "W5.sluice.emptyBoundaryWaitMs", "%.0f")).append(" | ")
                    .append(cell(bench, "W5.spark.emptyBoundaryWaitMs", "%.0f")).append(" | | | |\n");
            md.append("| JVM start to first completed batch, ms (first batch holds the W1 load, pool generated first) | ")
                    .append(cell(bench, "W5.sluice.firstBatchMs", "%.0f")).append(" | ")
                    .append(cell(bench, "W5.spark.firstBatchMs", "%.0f")).append(" | ")
                    .append(ratioCell(bench, "W5.sluice.firstBatchMs", "W5.spark.firstBatchMs"))
                    .append(" | | |\n");
            md.append("| JVM start to main(), ms | ").append(cell(bench, "W5.sluice.mainMs", "%.0f")).append(" | ")
                    .append(cell(bench, "W5.spark.mainMs", "%.0f")).append(" | | | |\n");
            // The 256 MB target is set with the launcher's JVM options (the next row); with the JVM's
            // default options the heap may grow to a quarter of the machine's memory before collecting.
            md.append("| peak RSS (VmHWM) under W1 load, default JVM options, MB | ")
                    .append(cell(bench, "W5.sluice.peakRssMb", "%.0f"))
                    .append(" | ").append(cell(bench, "W5.spark.peakRssMb", "%.0f")).append(" | ")
                    .append(ratioCell(bench, "W5.sluice.peakRssMb", "W5.spark.peakRssMb"))
                    .append(" | none (the 256 MB target is with the launcher's options, next row) | |\n");
            if (bench.metrics.containsKey("W5.launcher.peakRssMb")) {
                double lrss = Stats.median(values(bench, "W5.launcher.peakRssMb"));
                md.append("| peak RSS under W1 load with the launcher's JVM options (`")
                        .append(String.join(" ", bench.launcherFlags)).append("`), MB | ")
                        .append(cell(bench, "W5.launcher.peakRssMb", "%.0f")).append(" | | | ≤ 256 MB | ")
                        .append(yes(lrss <= 256, lrss)).append(" |\n");
                double lfirst = Stats.median(values(bench, "W5.launcher.firstEmptyBatchMs"));
                md.append("| JVM start to first completed batch with the launcher's JVM options, ms (empty stream) | ")
                        .append(cell(bench, "W5.launcher.firstEmptyBatchMs", "%.0f")).append(" | | | ≤ 1000 ms | ")
                        .append(yes(lfirst <= 1000, lfirst)).append(" |\n");
                sluiceRow(md, bench, "| ... of which the started engine waited for its first batch time, ms | ", "W5.launcher.emptyBoundaryWaitMs");
                sluiceRow(md, bench, "| ... with the launcher's JVM options, first batch holding the W1 load, ms | ", "W5.launcher.firstBatchMs");
                sluiceRow(md, bench, "| RSS idle with the launcher's JVM options, MB | ", "W5.launcher.idleRssMb");
            }
            if (bench.metrics.containsKey("W5.held.peakRssMb")) {
                double hrss = Stats.median(values(bench, "W5.held.peakRssMb"));
                md.append("| peak RSS under W1 load with the launcher's JVM options, the JVM also holding a pool of ").append(Child.HELD)
                        .append(" batches of ").append(String.format(Locale.ROOT, "%,d", Child.HELD_LINES))
                        .append(" lines that every batch is taken from, MB | ")
                        .append(cell(bench, "W5.held.peakRssMb", "%.0f")).append(" | | | ≤ 256 MB | ")
                        .append(yes(hrss <= 256, hrss)).append(" |\n");
                sluiceRow(md, bench, "| ... heap that pool takes (after a full collection, before the engine starts), MB | ", "W5.held.heldMb");
                sluiceRow(md, bench, "| ... heap in use before them and the workload's pool, MB | ", "W5.held.heapBeforeMb");
                sluiceRow(md, bench, "| ... heap the JVM had taken at the end (committed), MB | ", "W5.held.heapCommittedMb");
                sluiceRow(md, bench, "| ... heap in use after a full collection at the end (the batches, the pool, the engine), MB | ", "W5.held.heapAfterGcEndMb");
                sluiceRow(md, bench, "| ... load sustained (1 = yes) | ", "W5.held.sustained");
            }
            md.append("| load sustained during that run (1 = yes) | ").append(cell(bench, "W5.sluice.sustained", "%.0f"))
                    .append(" | ").append(cell(bench, "W5.spark.sustained", "%.0f")).append(" | | | |\n");
            md.append("| RSS idle (6 empty batches), MB | ").append(cell(bench, "W5.sluice.idleRssMb", "%.0f"))
                    .append(" | ").append(cell(bench, "W5.spark.idleRssMb", "%.0f")).append(" | | | |\n");
            md.append("| runtime classpath, MB (jars + dirs) | ").append(Classpath.describe(sluiceCp, true)).append(" | ")
                    .append(Classpath.describe(sparkCp, false)).append(" | | | |\n");
        }

        if (bench.metrics.containsKey("W6.sluice.medianFirstOutputMs") || bench.metrics.containsKey("W6.spark.medianFirstOutputMs")) {
            md.append("\n## W6: ad-hoc windowed queries attached to a running stream\n\n");
            md.append("A W1 pipeline runs at 20,000 lines/s; ").append(mode.queries())
                    .append(" `reduceByKeyAndWindow` queries (windows of 2 to 10 s, sliding 1 s) are added one\n")
                    .append("after another, each once the previous one has produced output. Sluice attaches each to\n")
                    .append("the running context. Spark refuses outputs after `start()`, so each query costs a graceful\n")
                    .append("stop of the StreamingContext and a new one with all queries so far (its windows start empty).\n\n");
            md.append("| metric | Sluice | Spark | Sluice/Spark |\n|---|---:|---:|---:|\n");
            row(md, bench, "time from adding a query to its first output, median ms", "W6.%s.medianFirstOutputMs", "%.0f");
            row(md, bench, "... slowest of the queries, ms", "W6.%s.maxFirstOutputMs", "%.0f");
            row(md, bench, "running pipeline's batch processing time before any query, ms", "W6.%s.baseProcMs", "%.1f");
            row(md, bench, "batch processing time with all queries, ms", "W6.%s.allQueriesProcMs", "%.1f");
            row(md, bench, "gap between the base output's results around an attach, median ms (1000 = no interruption)",
                    "W6.%s.medianGapMs", "%.0f");
        }
        for (String note : bench.notes.values()) {
            md.append("\n").append(note).append("\n");
        }
        md.append(sections());
        String jmh = System.getProperty("bench.jmh");
        if (jmh != null && Files.exists(Path.of(jmh))) {
            md.append("\n").append(JmhReport.section(Path.of(jmh)));
        }
        Path profile = out.resolveSibling("PROFILE.md");
        List<String> profileHeadings = List.of();
        if (Files.exists(profile)) {
            String text = Files.readString(profile);
            md.append("\n").append(text);
            profileHeadings = text.lines().filter(l -> l.startsWith("## ")).toList();
        }
        md.append(keptSections(out, profileHeadings));
        Files.writeString(out, md.toString());
    }

    /**
     * The sections that {@code bench/run.sh full} measured before this JVM started, each a markdown
     * file whose first line is its {@code ## } heading: W7 at both rates, the race of the launcher and
     * jshell to their prompts, the kernel's round trip ({@code -Dbench.sections}, paths separated by
     * the path separator). A file that is missing says so under its name.
     */
    static String sections() throws IOException {
        String list = System.getProperty("bench.sections", "");
        StringBuilder md = new StringBuilder();
        for (String name : list.split(java.io.File.pathSeparator)) {
            if (name.isBlank()) {
                continue;
            }
            Path file = Path.of(name);
            md.append("\n");
            if (Files.exists(file)) {
                md.append(Files.readString(file).strip()).append("\n");
            } else {
                md.append("## ").append(file.getFileName()).append("\n\nNot measured: ").append(file)
                        .append(" was not written (see the run's output).\n");
            }
        }
        return md.toString();
    }

    /** Headings of the sections this report writes (and PROFILE.md brings); all others are kept. */
    private static final List<String> GENERATED = List.of("## Throughput", "## W1 with its reduce", "## Work per core",
            "## W4", "## W5", "## W6", "## W7: end-to-end latency (send to output", "## Interactive start-up",
            "## Kernel round trip", "## JMH",
            "## Caveats", "## Profiles");

    /**
     * The sections of the existing report that this class does not write (for example measurements of
     * the kernel added by hand), so that a new run keeps them at the end. A section whose heading is
     * one of {@code profileHeadings} came from PROFILE.md, which the new report brings again as it now
     * is: it is not kept.
     */
    static String keptSections(Path out, List<String> profileHeadings) throws IOException {
        if (!Files.exists(out)) {
            return "";
        }
        StringBuilder kept = new StringBuilder();
        boolean keep = false;
        for (String line : Files.readString(out).split("\n", -1)) {
            if (line.startsWith("## ")) {
                keep = GENERATED.stream().noneMatch(line::startsWith) && !profileHeadings.contains(line);
                if (keep) {
                    // One blank line between kept sections, however many the file had.
                    while (kept.length() >= 2 && kept.charAt(kept.length() - 1) == '\n'
                            && kept.charAt(kept.length() - 2) == '\n') {
                        kept.setLength(kept.length() - 1);
                    }
                    kept.append('\n');
                }
            } else if (line.startsWith("# ")) {
                keep = false;
            }
            if (keep) {
                kept.append(line).append('\n');
            }
        }
        return kept.toString().replaceAll("\n+$", "\n");
    }

    /** A row with Sluice's figure only ({@code title} starts with "| "), whole numbers. */
    private static void sluiceRow(StringBuilder md, Bench bench, String title, String key) {
        md.append(title).append(cell(bench, key, "%.0f")).append(" | | | | |\n");
    }

    private static void row(StringBuilder md, Bench bench, String title, String pattern, String fmt) {
        String s = String.format(pattern, "sluice");
        String k = String.format(pattern, "spark");
        md.append("| ").append(title).append(" | ").append(cell(bench, s, fmt)).append(" | ")
                .append(cell(bench, k, fmt)).append(" | ").append(ratioCell(bench, s, k)).append(" |\n");
    }

    static double[] values(Bench bench, String key) {
        return bench.metrics.getOrDefault(key, List.of()).stream().mapToDouble(Double::doubleValue)
                .filter(v -> !Double.isNaN(v)).toArray();
    }

    /** Per-run ratios a[r] / b[r], for the runs that have both. */
    static double[] ratios(Bench bench, String a, String b) {
        List<Double> x = bench.metrics.getOrDefault(a, List.of());
        List<Double> y = bench.metrics.getOrDefault(b, List.of());
        List<Double> r = new ArrayList<>();
        for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
            if (!Double.isNaN(x.get(i)) && !Double.isNaN(y.get(i)) && y.get(i) != 0) {
                r.add(x.get(i) / y.get(i));
            }
        }
        return r.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static String cell(Bench bench, String key, String fmt) {
        double[] v = values(bench, key);
        if (v.length == 0) {
            return "–";
        }
        String median = String.format(Locale.ROOT, fmt, Stats.median(v));
        if (v.length == 1) {
            return median;
        }
        return median + " [" + String.format(Locale.ROOT, fmt, Stats.min(v)) + "–"
                + String.format(Locale.ROOT, fmt, Stats.max(v)) + "]";
    }

    static String ratioCell(Bench bench, String a, String b) {
        double[] r = ratios(bench, a, b);
        if (r.length == 0) {
            return "–";
        }
        String median = String.format(Locale.ROOT, "%.2f", Stats.median(r));
        return r.length == 1 ? median : median + " [" + String.format(Locale.ROOT, "%.2f", Stats.min(r)) + "–"
                + String.format(Locale.ROOT, "%.2f", Stats.max(r)) + "]";
    }

    /** How the report names an engine of {@link Bench#throughputEngines}. */
    static String label(String engine) {
        return switch (engine) {
            case "sluice" -> "Sluice";
            case "spark" -> "Spark in place";
            case StreamEngine.SPARK_PARALLELIZE -> "Spark parallelize";
            default -> engine;
        };
    }

    static String pct(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.0f%%", v * 100);
    }

    static String yes(boolean met, double value) {
        return Double.isNaN(value) ? "not measured" : met ? "yes" : "**no**";
    }

    @SuppressWarnings("unused")
    private static DoublePredicate any() {
        return v -> true;
    }
}
