package dev.sluice.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * W7, end-to-end latency: for each case and engine, one child JVM per batch interval ({@link
 * LatencyChild}), the intervals tried from the smallest until one is stable (all of them with {@code
 * --all}); then a markdown report of each engine's best stable interval per case and of every run.
 *
 * <p>{@code --source socket} (the default): the feeder writes to a loopback socket the engine's
 * socket stream reads. {@code --source kafka}: a real single-node Kafka broker ({@link
 * LatencyKafkaBroker}, a JVM of its own) is started for the run; each child gets a new topic of
 * {@code --partitions} partitions (deleted after it), the feeder produces to it ({@code acks=1},
 * {@code linger.ms} from {@code --kafka-linger-ms}) and the engine's Kafka direct stream reads it.
 * Spark has no Kafka run ({@link LatencySource#SPARK_NOT_THROUGH_KAFKA}); the report says so.
 *
 * <pre>
 * java -cp bench/target/classes dev.sluice.bench.LatencyBench --spark-cp FILE --sluice-cp FILE
 *      [--seconds 60] [--warmup 15] [--rate 100000] [--keys 1000] [--cases STATELESS,WINDOW,STATE]
 *      [--engines sluice,spark] [--sluice-intervals 1,5,20] [--spark-intervals 100,200,500] [--all]
 *      [--source socket|kafka] [--partitions 2] [--kafka-linger-ms 0] [--broker-cp FILE]
 *      [--out bench/target/latency.md] [--log bench/target/latency.log]
 * </pre>
 */
public final class LatencyBench {
    private static final Pattern FIELD = Pattern.compile("(\\w+)=(\"[^\"]*\"|\\S+)");

    private final PrintStream log;
    private final Map<String, String> cp = new HashMap<>();
    /** Extra JVM options of the Sluice child JVMs ({@code --sluice-jvm "-XX:+UseZGC ..."}); none by default. */
    private final List<String> sluiceJvm = new ArrayList<>();
    /** The child JVM running now, ended by a shutdown hook if the benchmark is interrupted. */
    private volatile Process running;

    private LatencyBench(PrintStream log) {
        this.log = log;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new HashMap<>();
        boolean all = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--all")) {
                all = true;
            } else if (args[i].startsWith("--") && i + 1 < args.length) {
                opt.put(args[i].substring(2), args[++i]);
            } else {
                throw new IllegalArgumentException("unknown argument " + args[i] + " (see bench/README.md, W7)");
            }
        }
        long seconds = Long.parseLong(opt.getOrDefault("seconds", "60"));
        long warmup = Long.parseLong(opt.getOrDefault("warmup", "15"));
        long rate = Long.parseLong(opt.getOrDefault("rate", "100000"));
        int keys = Integer.parseInt(opt.getOrDefault("keys", "1000"));
        List<LatencyCase> cases = Arrays.stream(opt.getOrDefault("cases", "STATELESS,WINDOW,STATE").split(","))
                .map(n -> LatencyCase.valueOf(n.trim().toUpperCase(Locale.ROOT))).toList();
        List<String> engines = Arrays.asList(opt.getOrDefault("engines", "sluice,spark").split(","));
        Map<String, List<Long>> intervals = Map.of(
                "sluice", intervals(opt.getOrDefault("sluice-intervals", "1,5,20")),
                "spark", intervals(opt.getOrDefault("spark-intervals", "100,200,500")));
        String sourceName = opt.getOrDefault("source", "socket");
        if (!sourceName.equals("socket") && !sourceName.equals("kafka")) {
            throw new IllegalArgumentException("--source is socket or kafka, not " + sourceName);
        }
        boolean kafka = sourceName.equals("kafka");
        int partitions = Integer.parseInt(opt.getOrDefault("partitions", "2"));
        int lingerMs = Integer.parseInt(opt.getOrDefault("kafka-linger-ms", "0"));
        if (partitions < 1 || lingerMs < 0) {
            throw new IllegalArgumentException("--partitions must be at least 1 and --kafka-linger-ms at least 0");
        }
        String sourceTitle = kafka
                ? "W7 through Kafka (" + LatencySource.describeKafka(partitions, lingerMs) + ")"
                : "W7 through a loopback socket";
        Path out = Path.of(opt.getOrDefault("out", "bench/target/latency.md"));
        Path logFile = Path.of(opt.getOrDefault("log", "bench/target/latency.log"));
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        try (PrintStream log = new PrintStream(Files.newOutputStream(logFile), true, StandardCharsets.UTF_8)) {
            LatencyBench bench = new LatencyBench(log);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                Process p = bench.running;
                if (p != null && p.isAlive()) {
                    p.destroyForcibly();
                }
            }, "w7-child-stop"));
            bench.cp.put("sluice", Files.readString(Path.of(opt.get("sluice-cp"))).trim());
            String jvm = opt.getOrDefault("sluice-jvm", "").trim();
            if (!jvm.isEmpty()) {
                bench.sluiceJvm.addAll(Arrays.asList(jvm.split("\\s+")));
            }
            bench.cp.put("spark", Files.readString(Path.of(opt.get("spark-cp"))).trim());
            Instant began = Instant.now();
            String loadBefore = Machine.loadAverage();
            List<Map<String, String>> runs = new ArrayList<>();
            LatencyKafkaBroker broker = null;
            try {
                if (kafka) {
                    System.out.println("[bench] starting a single-node Kafka broker");
                    broker = LatencyKafkaBroker.start(Path.of(opt.getOrDefault("broker-cp", "bench/target/broker.classpath")), log);
                    System.out.println("[bench] Kafka broker (pid " + broker.pid() + ") on " + broker.bootstrap());
                }
                int topics = 0;
                for (LatencyCase c : cases) {
                    for (String engine : engines) {
                        if (kafka && engine.equals("spark")) {
                            System.out.println("[bench] " + c + " spark: " + LatencySource.SPARK_NOT_THROUGH_KAFKA);
                            runs.add(new LinkedHashMap<>(Map.of("engine", engine, "case", c.name(), "intervalMs", "-",
                                    "notMeasured", LatencySource.SPARK_NOT_THROUGH_KAFKA)));
                            continue;
                        }
                        for (long interval : intervals.get(engine)) {
                            Map<String, String> r;
                            if (kafka) {
                                String topic = String.format(Locale.ROOT, "w7-%s-%s-%dus-%d", c.name().toLowerCase(Locale.ROOT),
                                        engine, interval, ++topics);
                                r = bench.kafkaChild(broker, topic, partitions, lingerMs, engine, c, interval, rate, warmup, seconds, keys);
                            } else {
                                r = bench.child(engine, c, interval, rate, warmup, seconds, keys, List.of());
                            }
                            runs.add(r);
                            if (!all && "true".equals(r.get("stable"))) {
                                break;
                            }
                        }
                    }
                }
            } finally {
                if (broker != null) {
                    broker.close();
                    System.out.println("[bench] Kafka broker (pid " + broker.pid() + ") stopped, its directory deleted");
                }
            }
            String report = report(sourceTitle, runs, cases, engines, rate, seconds, warmup, keys, began, loadBefore, Machine.loadAverage(),
                    String.join(" ", args));
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, report);
            System.out.println(report);
            System.out.println("[bench] W7 report written to " + out + "; every run in " + logFile);
        }
    }

    /** The batch intervals in {@code csv}, milliseconds with up to three decimals ({@code 0.5,1,5}), as microseconds. */
    private static List<Long> intervals(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).map(LatencyBench::micros).sorted().toList();
    }

    /** Milliseconds written with up to three decimals ({@code 0.5}) as microseconds. */
    static long micros(String ms) {
        try {
            return new java.math.BigDecimal(ms).movePointRight(3).longValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("a batch interval is milliseconds with at most three decimals, as 0.5 or 5; got " + ms);
        }
    }

    /** Microseconds as milliseconds, with decimals only when not whole ({@code 0.5}, {@code 5}). */
    static String millis(long micros) {
        return java.math.BigDecimal.valueOf(micros, 3).stripTrailingZeros().toPlainString();
    }

    /**
     * Runs one child JVM on a new topic of {@code partitions} partitions, deleted afterwards (so the
     * broker's disk holds one run's records at most); a topic that cannot be made is a failed run.
     */
    private Map<String, String> kafkaChild(LatencyKafkaBroker broker, String topic, int partitions, int lingerMs, String engine,
                                           LatencyCase c, long interval, long rate, long warmup, long seconds, int keys)
            throws IOException, InterruptedException {
        try {
            broker.createTopic(topic, partitions);
        } catch (IOException | RuntimeException e) {
            System.out.println("[bench]   could not create topic " + topic + ": " + e.getMessage());
            log.println("  topic " + topic + " not created: " + e);
            return new LinkedHashMap<>(Map.of("engine", engine, "case", c.name(), "intervalMs", millis(interval),
                    "error", "topic " + topic + " not created: " + String.valueOf(e.getMessage()).lines().findFirst().orElse("")));
        }
        try {
            return child(engine, c, interval, rate, warmup, seconds, keys,
                    List.of("kafka", broker.bootstrap(), topic, Integer.toString(partitions), Integer.toString(lingerMs)));
        } finally {
            try {
                broker.deleteTopic(topic);
            } catch (IOException | RuntimeException e) {
                System.out.println("[bench]   could not delete topic " + topic + ": " + e.getMessage());
                log.println("  topic " + topic + " not deleted: " + e);
            }
        }
    }

    /** Runs one child JVM; its RESULT fields, or {@code error} when it printed none. */
    private Map<String, String> child(String engine, LatencyCase c, long interval, long rate, long warmup, long seconds,
                                      int keys, List<String> source) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (engine.equals("spark")) {
            cmd.addAll(Bench.SPARK_JVM_FLAGS);
        } else {
            cmd.addAll(sluiceJvm);
        }
        cmd.addAll(List.of("-cp", cp.get(engine), "dev.sluice.bench.Child", "latency", engine, c.name(),
                millis(interval), Long.toString(rate), Long.toString(warmup), Long.toString(seconds),
                Integer.toString(keys)));
        cmd.addAll(source);
        String args = String.join(" ", cmd.subList(cmd.indexOf("latency"), cmd.size()));
        System.out.println("[bench] " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + " " + args);
        log.println("CHILD " + args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Process p = pb.start();
        running = p;
        Map<String, String> result = new LinkedHashMap<>();
        List<String> tail = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    log.println("  " + line);
                    synchronized (result) {
                        if (line.startsWith("RESULT ")) {
                            result.putAll(fields(line.substring(7)));
                        } else if (!line.isBlank()) {
                            tail.add(line);
                            if (tail.size() > 3) {
                                tail.remove(0);
                            }
                        }
                    }
                }
            } catch (IOException e) {
                log.println("  (reading the child's output failed: " + e + ")");
            }
        }, "w7-child-reader");
        reader.start();
        long timeoutS = warmup + seconds + 240;
        if (!p.waitFor(timeoutS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
            synchronized (result) {
                result.put("error", "timed out after " + timeoutS + " s");
            }
        }
        reader.join(10_000);
        synchronized (result) {
            result.putIfAbsent("engine", engine);
            result.putIfAbsent("case", c.name());
            result.putIfAbsent("intervalMs", millis(interval));
            if (!result.containsKey("p99Ms") && !result.containsKey("error")) {
                result.put("error", "exit " + p.exitValue() + ": " + String.join(" | ", tail));
            }
            String summary = result.containsKey("p99Ms")
                    ? String.format(Locale.ROOT, "stable=%s p50=%s p99=%s max=%s ms, mean batch %s ms, %s records, missing %s",
                            result.get("stable"), result.get("p50Ms"), result.get("p99Ms"), result.get("maxMs"),
                            result.get("meanProcMs"), result.get("records"), result.get("missing"))
                    : "";
            System.out.println("[bench]   " + summary + (result.containsKey("error") ? " error: " + result.get("error") : ""));
            return new LinkedHashMap<>(result);
        }
    }

    /** The key=value fields of a RESULT line; a value may be quoted. */
    static Map<String, String> fields(String line) {
        Map<String, String> kv = new LinkedHashMap<>();
        Matcher m = FIELD.matcher(line);
        while (m.find()) {
            String v = m.group(2);
            kv.put(m.group(1), v.startsWith("\"") ? v.substring(1, v.length() - 1) : v);
        }
        return kv;
    }

    /** The best run of an engine on a case: its stable run with the lowest p99, or null. */
    static Map<String, String> best(List<Map<String, String>> runs, String engine, LatencyCase c) {
        Map<String, String> best = null;
        for (Map<String, String> r : runs) {
            if (engine.equals(r.get("engine")) && c.name().equals(r.get("case")) && "true".equals(r.get("stable"))
                    && (best == null || num(r, "p99Ms") < num(best, "p99Ms"))) {
                best = r;
            }
        }
        return best;
    }

    /** Why an engine was not run on a case (e.g. Spark through Kafka), or null. */
    private static String notMeasured(List<Map<String, String>> runs, String engine, LatencyCase c) {
        for (Map<String, String> r : runs) {
            if (engine.equals(r.get("engine")) && c.name().equals(r.get("case")) && r.containsKey("notMeasured")) {
                return r.get("notMeasured");
            }
        }
        return null;
    }

    private static double num(Map<String, String> r, String key) {
        try {
            return Double.parseDouble(r.getOrDefault(key, "NaN"));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    static String report(String sourceTitle, List<Map<String, String>> runs, List<LatencyCase> cases, List<String> engines, long rate,
                         long seconds, long warmup, int keys, Instant began, String loadBefore, String loadAfter, String args) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "%s at %,d records/s, %d s measured after %d s of warm-up per run, %d keys; "
                        + "%s to %s UTC; load average before %s, after %s%n%n",
                sourceTitle, rate, seconds, warmup, keys, began.truncatedTo(ChronoUnit.SECONDS),
                Instant.now().truncatedTo(ChronoUnit.SECONDS), loadBefore, loadAfter));
        s.append("LatencyBench ").append(args).append("\n\n");
        s.append("Best stable batch interval per engine (lowest p99 among the stable runs):\n\n");
        s.append("| case | engine | batch interval | p50 ms | p99 ms | max ms | records measured | mean batch ms | goal p99 | met |\n");
        s.append("|---|---|---:|---:|---:|---:|---:|---:|---|---|\n");
        for (LatencyCase c : cases) {
            for (String engine : engines) {
                Map<String, String> b = best(runs, engine, c);
                double goal = c.goalMs(rate);
                String goalText = Double.isNaN(goal) ? "none set" : String.format(Locale.ROOT, "≤ %.0f ms", goal);
                String notMeasured = notMeasured(runs, engine, c);
                if (notMeasured != null) {
                    s.append(String.format(Locale.ROOT, "| %s | %s | %s | | | | | | %s | |%n", c.title(), engine, notMeasured, goalText));
                } else if (b == null) {
                    s.append(String.format(Locale.ROOT, "| %s | %s | none of those tried was stable | | | | | | %s | %s |%n",
                            c.title(), engine, goalText, Double.isNaN(goal) ? "" : "no"));
                } else {
                    s.append(String.format(Locale.ROOT, "| %s | %s | %s ms | %.2f | %.2f | %.2f | %s | %.2f | %s | %s |%n",
                            c.title(), engine, b.get("intervalMs"), num(b, "p50Ms"), num(b, "p99Ms"), num(b, "maxMs"),
                            b.get("records"), num(b, "meanProcMs"), goalText,
                            Double.isNaN(goal) ? "" : num(b, "p99Ms") <= goal ? "yes" : "no"));
                }
            }
        }
        boolean everyInterval = (" " + args + " ").contains(" --all ");
        s.append(everyInterval ? "\nEvery run (every interval of the list, from the smallest):\n\n"
                : "\nEvery run (intervals tried from the smallest until one was stable):\n\n");
        s.append("| case | engine | batch interval | stable | p50 ms | p99 ms | p99.9 ms | max ms | records measured | missing "
                + "| mean / max batch ms | batches over interval | scheduling delay, last third mean / max ms | feeder lag p99 / max ms | GC ms (collections) | setup |\n");
        s.append("|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (Map<String, String> r : runs) {
            LatencyCase c = LatencyCase.valueOf(r.get("case"));
            if (r.containsKey("notMeasured")) {
                s.append(String.format(Locale.ROOT, "| %s | %s | - | %s | | | | | | | | | | | | |%n",
                        c.title(), r.get("engine"), r.get("notMeasured")));
                continue;
            }
            if (r.containsKey("error") && !r.containsKey("p99Ms")) {
                s.append(String.format(Locale.ROOT, "| %s | %s | %s ms | failed: %s | | | | | | | | | | | | |%n",
                        c.title(), r.get("engine"), r.get("intervalMs"), r.get("error").replace('|', '/')));
                continue;
            }
            s.append(String.format(Locale.ROOT, "| %s | %s | %s ms | %s | %.2f | %.2f | %.2f | %.2f | %s | %s | %.2f / %.1f | %s of %s "
                            + "| %.2f / %.1f | %.2f / %.2f | %s (%s) | %s%s |%n",
                    c.title(), r.get("engine"), r.get("intervalMs"), "true".equals(r.get("stable")) ? "yes" : "no",
                    num(r, "p50Ms"), num(r, "p99Ms"), num(r, "p999Ms"), num(r, "maxMs"), r.get("records"), r.get("missing"),
                    num(r, "meanProcMs"), num(r, "maxProcMs"), r.get("overInterval"), r.get("batches"),
                    num(r, "lateDelayMs"), num(r, "maxDelayMs"), num(r, "feederLagP99Ms"), num(r, "feederLagMaxMs"), r.getOrDefault("gcMs", "?"), r.getOrDefault("gcCount", "?"),
                    r.getOrDefault("setup", ""), r.containsKey("error") ? "; " + r.get("error").replace('|', '/') : ""));
        }
        return s.toString();
    }
}
