package dev.sluice.bench;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import dev.sluice.streaming.Pair;
import dev.sluice.streaming.ReduceFunction;
import dev.sluice.streaming.StreamingContext;

/**
 * Compares engine builds inside one JVM: each build gets its own class loader (its jar, its
 * dependencies and these benchmark classes, nothing shared but the JDK), and the builds take turns,
 * one W1 word count each, for every round. Whatever else the shared machine does then falls on all
 * builds alike, which a fixed-rate trial per build in separate JVMs cannot promise; a difference of a
 * few percent that `bench/run.sh ab` cannot resolve shows here.
 *
 * <p>The job is W1's batch through the engine's RDD API: {@code lines} lines in 2 partitions on 2
 * worker threads, {@code flatMap} of {@code line.split(" ")}, {@code mapToPair}, {@code
 * reduceByKey(Long::sum)}, {@code count()}. Usage: {@code SameJvmAb ROUNDS LINES LABEL=CLASSPATH...}
 * (run by {@code bench/run.sh ab-jvm}). With {@code -Dbench.abjob=w3lines} the job is instead W3 as
 * specified up to its shuffle ({@code flatMap} of the 10-word lines of a 100,000-word vocabulary,
 * pairs, {@code groupByKey(2)}, {@code count()}), with {@code w3keys} the pooled-key W3's (one key per
 * record, {@code groupByKey(2)}): the map side of the grouping and the reduce side's read. A label {@code LABEL@lambda} or {@code LABEL@static} reduces
 * with {@code (a, b) -> a + b} or a static method instead; since each label has its own class
 * loader, each variant has its own copy of the engine, compiled and profiled apart from the others.
 */
public final class SameJvmAb {

    private SameJvmAb() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            throw new IllegalArgumentException("usage: SameJvmAb ROUNDS LINES LABEL=CLASSPATH...");
        }
        int rounds = Integer.parseInt(args[0]);
        int lines = Integer.parseInt(args[1]);
        int n = args.length - 2;
        String[] labels = new String[n];
        Method[] once = new Method[n];
        for (int i = 0; i < n; i++) {
            String arg = args[i + 2];
            int eq = arg.indexOf('=');
            labels[i] = arg.substring(0, eq);
            List<URL> urls = new ArrayList<>();
            for (String entry : arg.substring(eq + 1).split(":")) {
                urls.add(Path.of(entry).toUri().toURL());
            }
            ClassLoader loader = new URLClassLoader(labels[i], urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
            Class<?> job = Class.forName(Job.class.getName(), true, loader);
            // a label LABEL@VARIANT runs W1 with that reduce function (see SluiceEngine.sum)
            int at = labels[i].indexOf('@');
            String reduce = at < 0 ? "methodref" : labels[i].substring(at + 1);
            job.getMethod("open", int.class, String.class).invoke(null, lines, reduce);
            once[i] = job.getMethod("once");
        }
        // warm-up: every build's code compiled before the first measured round
        for (int w = 0; w < 10; w++) {
            for (Method m : once) {
                m.invoke(null);
            }
        }
        long[][] nanos = new long[n][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < n; k++) {
                int i = r % 2 == 0 ? k : n - 1 - k; // reversed every other round
                nanos[i][r] = (long) once[i].invoke(null);
            }
        }
        System.out.printf(Locale.ROOT, "[bench] %s of %,d records through the RDD API, %d rounds, builds alternating in one JVM%n",
                System.getProperty("bench.abjob", "w1").equals("w1") ? "W1 word count" : System.getProperty("bench.abjob") + " groupByKey(2)",
                lines, rounds);
        double base = Double.NaN;
        for (int i = 0; i < n; i++) {
            long[] sorted = nanos[i].clone();
            Arrays.sort(sorted);
            double median = sorted[rounds / 2] / 1e6;
            if (i == 0) {
                base = median;
            }
            System.out.printf(Locale.ROOT, "%-10s min %.1f ms, 25th percentile %.1f ms, median %.1f ms (%.2f of %s's median)%n",
                    labels[i], sorted[0] / 1e6, sorted[rounds / 4] / 1e6, median, median / base, labels[0]);
        }
    }

    /** One build's job; loaded once per build, by that build's class loader. */
    public static final class Job {
        private static StreamingContext ssc;
        private static List<String> input;
        private static ReduceFunction<Long> sum;
        /** The job (system property {@code bench.abjob}): {@code w1} (default), {@code w3lines} or {@code w3keys}. */
        private static final String JOB = System.getProperty("bench.abjob", "w1");
        private static long expected = -1;

        private Job() {
        }

        /** Makes the context and the input; {@code reduce} names the reduce function (see {@code SluiceEngine.sum}). */
        public static void open(int lines, String reduce) {
            System.setProperty("bench.reduce", reduce);
            sum = SluiceEngine.sum();
            input = (JOB.equals("w3lines") ? Data.wordLines() : JOB.equals("w3keys") ? Data.keys() : Data.lines()).slice(0, lines);
            ssc = StreamingContext.builder().batchInterval(Duration.ofSeconds(1)).parallelism(2).build();
        }

        /** Runs the job once and returns its time in nanoseconds. */
        public static long once() {
            long start = System.nanoTime();
            long counted = switch (JOB) {
                // W3 as specified up to its grouping: words of 10-word lines from a 100,000-word vocabulary
                case "w3lines" -> ssc.parallelize(input, 2)
                        .flatMap(line -> Arrays.asList(line.split(" ")))
                        .mapToPair(word -> Pair.of(word, 1L))
                        .groupByKey(2)
                        .count();
                // the pooled-key W3 up to its grouping: one key per record, the same string objects again and again
                case "w3keys" -> ssc.parallelize(input, 2)
                        .mapToPair(key -> Pair.of(key, 1L))
                        .groupByKey(2)
                        .count();
                default -> ssc.parallelize(input, 2)
                        .flatMap(line -> Arrays.asList(line.split(" ")))
                        .mapToPair(word -> Pair.of(word, 1L))
                        .reduceByKey(sum)
                        .count();
            };
            long elapsed = System.nanoTime() - start;
            if (expected < 0) {
                expected = counted;
            } else if (counted != expected) {
                throw new IllegalStateException("counted " + counted + " distinct keys, expected " + expected);
            }
            return elapsed;
        }
    }
}
