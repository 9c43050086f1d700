package dev.sluice.spark;

import dev.sluice.streaming.DStream;
import dev.sluice.streaming.ManualClock;
import dev.sluice.streaming.PairDStream;
import dev.sluice.streaming.Pair;
import dev.sluice.streaming.StreamingContext;
import dev.sluice.streaming.Time;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The cluster check of the Spark runner, a program as a user would write one: a word count over a
 * queue with a window (with an inverse, so Spark checkpoints) and {@code updateStateByKey}, and a
 * windowed count over a rate stream, run once on the embedded engine and once on the Spark master
 * given (a standalone cluster, {@code .ci/spark-cluster.sh}), both driven by a manual clock; every
 * output's batches must be equal on both and equal to the counts written here, and the tasks must
 * have run in executor processes, not in this one. Exits non-zero with a message on the first
 * difference.
 *
 * <p>Run by {@code .ci/spark-e2e.sh}: {@code java -cp <this class's jar, the runner's and the core's
 * jars> dev.sluice.spark.ClusterCheck spark://127.0.0.1:PORT <this class's jar>}; the jar goes to
 * the executors through {@code spark.jars}, as a program's own jar would.
 */
public final class ClusterCheck {

    static final Duration BATCH = Duration.ofSeconds(1);
    static final List<List<String>> LINES = List.of(
            List.of("to be or", "not to be"),
            List.of("that is", "the question"),
            List.of(),
            List.of("to be", "or not"));
    static final int BATCHES = 5;

    private ClusterCheck() {
    }

    /** What each output printed, batch by batch (every batch's elements sorted). */
    record Run(Map<String, List<List<String>>> outputs, Set<Long> taskProcesses, long millis) {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: ClusterCheck <spark master URL> <jar of this program, for the executors>");
            System.exit(2);
        }
        Run embedded = run("embedded", null);
        System.out.println("embedded: " + embedded.millis() + " ms");
        Run cluster = run(args[0], args[1]);
        System.out.println(args[0] + ": " + cluster.millis() + " ms, tasks ran in processes " + cluster.taskProcesses());

        List<String> failures = new ArrayList<>();
        check(failures, "counts batch 1", List.of("(be,2)", "(not,1)", "(or,1)", "(to,2)"), cluster.outputs().get("counts").get(0));
        check(failures, "counts batch 3 (no input)", List.of(), cluster.outputs().get("counts").get(2));
        check(failures, "state after batch 4",
                List.of("(be,3)", "(is,1)", "(not,2)", "(or,2)", "(question,1)", "(that,1)", "(the,1)", "(to,3)"),
                cluster.outputs().get("state").get(3));
        check(failures, "window of batches 1-2",
                List.of("(be,2)", "(is,1)", "(not,1)", "(or,1)", "(question,1)", "(that,1)", "(the,1)", "(to,2)"),
                cluster.outputs().get("window").get(1));
        check(failures, "window of batches 4-5 (inverse applied, zeros filtered)",
                List.of("(be,1)", "(not,1)", "(or,1)", "(to,1)"), cluster.outputs().get("window").get(4));
        check(failures, "rate: 10 numbers by residue, window of 2 batches, batch 2",
                List.of("(0,7)", "(1,7)", "(2,6)"), cluster.outputs().get("rate").get(1));
        for (String output : embedded.outputs().keySet()) {
            check(failures, output + " (embedded vs " + args[0] + ")", embedded.outputs().get(output), cluster.outputs().get(output));
        }
        long self = ProcessHandle.current().pid();
        if (cluster.taskProcesses().isEmpty() || cluster.taskProcesses().contains(self)) {
            failures.add("the cluster's tasks ran in processes " + cluster.taskProcesses() + ", expected executors, not the driver (" + self + ")");
        }
        if (!embedded.taskProcesses().equals(Set.of(self))) {
            failures.add("the embedded engine's tasks ran in " + embedded.taskProcesses() + ", expected this process " + self);
        }
        if (!failures.isEmpty()) {
            failures.forEach(f -> System.err.println("FAIL " + f));
            System.exit(1);
        }
        System.out.println("cluster check passed: " + embedded.outputs().size() + " outputs x " + BATCHES
                + " batches equal on the embedded engine and " + args[0]);
        // Spark's non-daemon threads would keep the JVM alive.
        System.exit(0);
    }

    private static void check(List<String> failures, String what, Object expected, Object actual) {
        if (!expected.equals(actual)) {
            failures.add(what + ": expected " + expected + " but got " + actual);
        } else {
            System.out.println("ok " + what);
        }
    }

    static Run run(String master, String appJar) throws InterruptedException {
        long begin = System.nanoTime();
        ManualClock clock = new ManualClock(0);
        StreamingContext.Builder b = StreamingContext.builder().master(master).batchInterval(BATCH).parallelism(2).clock(clock);
        if (appJar != null) {
            // Both executors registered before the first batch: the context's start waits for them
            // (bounded), so a cold cluster's executor launch does not count against a batch.
            b.conf("spark.jars", appJar).conf("spark.executor.memory", "512m").conf("spark.cores.max", "2")
                    .conf("spark.scheduler.minRegisteredResourcesRatio", "1.0")
                    .conf("spark.scheduler.maxRegisteredResourcesWaitingTime", "180s");
        }
        StreamingContext ssc = b.build();
        Map<String, List<List<String>>> outputs = Collections.synchronizedMap(new TreeMap<>());
        Set<Long> processes = Collections.synchronizedSet(new TreeSet<>());
        try {
            Queue<List<String>> queue = new ConcurrentLinkedQueue<>(LINES);
            DStream<String> lines = ssc.queueStream(queue, true);
            PairDStream<String, Integer> words = lines
                    .flatMap(l -> Arrays.asList(l.split(" ")))
                    .mapToPair(w -> Pair.of(w, 1));
            collect(outputs, "counts", words.reduceByKey(Integer::sum));
            collect(outputs, "window", words.reduceByKeyAndWindow(Integer::sum, (a, x) -> a - x,
                    Duration.ofSeconds(2), BATCH, 2, p -> p.value() != 0));
            collect(outputs, "state", words.updateStateByKey((Iterable<Integer> values, Optional<Integer> state) -> {
                int sum = state.orElse(0);
                for (int v : values) {
                    sum += v;
                }
                return Optional.of(sum);
            }));
            collect(outputs, "rate", ssc.rateStream(10)
                    .mapToPair(n -> Pair.of(n % 3, 1))
                    .reduceByKeyAndWindow(Integer::sum, Duration.ofSeconds(2)));
            lines.map(l -> ProcessHandle.current().pid()).foreachRDD(rdd -> processes.addAll(rdd.collect()));
            ssc.start();
            for (int i = 1; i <= BATCHES; i++) {
                clock.advance(BATCH);
                if (!ssc.awaitBatch(new Time(i * BATCH.toMillis()), Duration.ofSeconds(180))) {
                    throw new IllegalStateException(master + ": batch " + i + " did not complete within 180 s");
                }
            }
            return new Run(new TreeMap<>(outputs), new TreeSet<>(processes), (System.nanoTime() - begin) / 1_000_000);
        } finally {
            ssc.stop();
        }
    }

    private static void collect(Map<String, List<List<String>>> outputs, String name, DStream<?> stream) {
        stream.foreachRDD(rdd -> {
            List<String> batch = new ArrayList<>();
            for (Object o : rdd.collect()) {
                batch.add(String.valueOf(o));
            }
            Collections.sort(batch);
            outputs.computeIfAbsent(name, k -> Collections.synchronizedList(new ArrayList<>())).add(batch);
        });
    }
}
