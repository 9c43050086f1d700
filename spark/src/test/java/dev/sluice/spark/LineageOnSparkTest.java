package dev.sluice.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.streaming.DStream;
import dev.sluice.streaming.JobFailedException;
import dev.sluice.streaming.Pair;
import dev.sluice.streaming.PairRDD;
import dev.sluice.streaming.RDD;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.spark.TaskContext;
import org.junit.jupiter.api.Test;

/**
 * The API's datasets over Spark batches, in {@code transform} and {@code foreachRDD}: their
 * operations run on Spark's executors (the user's functions are called inside Spark tasks, never on
 * the driver), give what the embedded engine gives batch by batch, and a lineage that cannot run on
 * Spark (a step without a Spark counterpart, a function or comparator that does not serialize) runs
 * on the driver as before, with the same results.
 */
class LineageOnSparkTest {

    /** Calls of the user's functions by label: [inside a Spark task, elsewhere]. */
    private static final Map<String, AtomicInteger[]> CALLS = new ConcurrentHashMap<>();

    /** Counts a call of a user function labelled {@code label}, by where it runs; returns {@code x}. */
    static <T> T mark(String label, T x) {
        AtomicInteger[] c = CALLS.computeIfAbsent(label, l -> new AtomicInteger[] {new AtomicInteger(), new AtomicInteger()});
        c[TaskContext.get() != null ? 0 : 1].incrementAndGet();
        return x;
    }

    private static int inTasks(String label) {
        AtomicInteger[] c = CALLS.get(label);
        return c == null ? 0 : c[0].get();
    }

    private static int elsewhere(String label) {
        AtomicInteger[] c = CALLS.get(label);
        return c == null ? 0 : c[1].get();
    }

    /** Runs {@code pipeline} on both engines, asserts the same outputs, and returns the calls on Spark by label. */
    private static Differential.Both both(Consumer<Differential.Env> pipeline) throws Exception {
        List<List<List<String>>> inputs = List.of(ElementOperatorsDifferentialTest.LINES);
        int batches = ElementOperatorsDifferentialTest.LINES.size();
        CALLS.clear();
        Differential.Run embedded = Differential.run("embedded", batches, inputs, false, pipeline);
        assertTrue(CALLS.values().stream().allMatch(c -> c[0].get() == 0), "no Spark task on the embedded engine");
        CALLS.clear();
        Differential.Run spark = Differential.run(Differential.SPARK, batches, inputs, false, pipeline);
        Differential.Both both = new Differential.Both(embedded, spark);
        both.assertSameOutputs();
        return both;
    }

    /** Each partition's elements sorted, partitions in order: the layout of a dataset whose partitions are unordered sets. */
    private static <T> RDD<String> layout(RDD<T> rdd) {
        return rdd.glom().map(part -> {
            List<String> s = new ArrayList<>();
            part.forEach(x -> s.add(String.valueOf(x)));
            Collections.sort(s);
            return s.toString();
        });
    }

    private static <T> List<String> sorted(Iterable<T> values) {
        List<String> s = new ArrayList<>();
        values.forEach(v -> s.add(String.valueOf(v)));
        Collections.sort(s);
        return s;
    }

    @Test
    void transformsRunTheirStepsOnSpark() throws Exception {
        both(env -> {
            DStream<String> lines = env.input(0);
            DStream<String> words = lines.flatMap(l -> Arrays.asList(l.split(" ")));
            PairRDD<String, Integer> table = env.ssc.parallelizePairs(List.of(Pair.of("a", 1), Pair.of("d", 4), Pair.of("h", 8)));
            env.collect("map", words.transform(rdd -> rdd.map(w -> mark("t", w.toUpperCase()))));
            env.collect("filter", words.transform(rdd -> rdd.filter(w -> mark("t", !w.equals("a")))));
            env.collect("flatMap", lines.transform(rdd -> rdd.flatMap(l -> mark("t", Arrays.asList(l.split(" "))))));
            env.collect("mapToPair, reduceByKey", words.transformToPair(rdd ->
                    rdd.mapToPair(w -> mark("t", Pair.of(w, 1))).reduceByKey((a, b) -> mark("t", a + b))));
            env.collect("join with a static dataset", words.transformToPair(rdd ->
                    rdd.mapToPair(w -> mark("t", Pair.of(w, w.length()))).join(table)));
            env.collect("union", words.transform(rdd -> rdd.union(rdd.map(w -> mark("t", w + "'")))));
            env.collectOrdered("sortByKey", words.transformToPair(rdd ->
                    rdd.mapToPair(w -> mark("t", Pair.of(w, 1))).reduceByKey(Integer::sum).sortByKey(false)));
            env.collectOrdered("sortBy", words.transform(rdd -> rdd.sortBy(w -> mark("t", w))));
            env.collectOrdered("coalesce, partitions", lines.transform(rdd -> rdd.map(l -> mark("t", l)).coalesce(1).glom()));
            env.collect("distinct", words.transform(rdd -> rdd.map(w -> mark("t", w)).distinct()));
            env.collect("groupByKey", words.transform(rdd -> layout(rdd.mapToPair(w -> mark("t", Pair.of(w.length(), w)))
                    .groupByKey().mapValues(ws -> {
                        List<String> s = new ArrayList<>();
                        ws.forEach(s::add);
                        Collections.sort(s);
                        return s;
                    }))));
            env.collect("leftOuterJoin, subtract, intersection, cogroup", words.transform(rdd -> {
                PairRDD<String, Integer> keyed = rdd.mapToPair(w -> mark("t", Pair.of(w, 1)));
                RDD<String> joined = keyed.leftOuterJoin(table).map(p -> mark("t", "join " + p));
                RDD<String> rest = rdd.subtract(table.keys()).map(w -> mark("t", "subtract " + w));
                RDD<String> both = rdd.intersection(table.keys()).map(w -> mark("t", "intersection " + w));
                RDD<String> grouped = keyed.cogroup(table).map(p -> mark("t", "cogroup " + p.key() + " " + sorted(p.value().key())
                        + " " + sorted(p.value().value())));
                return joined.union(rest).union(both).union(grouped);
            }));
            env.collectOrdered("cartesian, partitions", words.transform(rdd -> rdd.map(w -> mark("t", w)).cartesian(rdd).glom()));
            env.collectOrdered("zip, glom", words.transform(rdd -> rdd.zip(rdd.map(w -> mark("t", w.length()))).glom()));
            env.collectOrdered("zipPartitions", words.transform(rdd -> rdd.zipPartitions(rdd.map(String::length), (ws, ns) -> {
                List<String> out = new ArrayList<>();
                while (ws.hasNext()) {
                    out.add(mark("t", ws.next() + "/" + ns.next()));
                }
                return out.iterator();
            })));
            env.collectOrdered("zip of datasets with different partition sizes fails in a task", words.transform(rdd -> {
                try {
                    rdd.zip(rdd.filter(w -> mark("t", w.length() > 3))).count();
                    return env.ssc.parallelize(List.of("zipped"));
                } catch (RuntimeException e) {
                    return env.ssc.parallelize(List.of(String.valueOf(e.getMessage()).contains("same number of elements")
                            ? "refused" : "other: " + e.getMessage()));
                }
            }));
            env.collectOrdered("zipWithIndex, glom", words.transform(rdd -> rdd.map(w -> mark("t", w)).zipWithIndex().glom()));
            env.collectOrdered("sample", words.transform(rdd -> rdd.map(w -> mark("t", w)).sample(false, 0.5, 7)));
            env.collectOrdered("repartition, partitions", words.transform(rdd -> layout(rdd.map(w -> mark("t", w)).repartition(3))));
            env.collectOrdered("union of datasets partitioned alike, partitions", words.transform(rdd -> {
                PairRDD<String, Integer> ones = rdd.mapToPair(w -> mark("t", Pair.of(w, 1))).reduceByKey(Integer::sum, 3);
                return layout(ones.union(ones.mapValues(n -> mark("t", n * 10))));
            }));
        });
        assertTrue(inTasks("t") > 0, "the functions were called in Spark tasks");
        assertEquals(0, elsewhere("t"), "the functions were called on the driver");
    }

    @Test
    void foreachRDDActionsRunOnSpark() throws Exception {
        Differential.Both both = both(env -> {
            DStream<String> words = env.input(0).flatMap(l -> Arrays.asList(l.split(" ")));
            String each = env.dir.resolve("each").toString();
            // a stream Spark holds as pairs: its count is the pair batch's, then its elements as user code sees them
            words.mapToPair(w -> Pair.of(w, 1)).reduceByKey(Integer::sum).foreachRDD((rdd, time) ->
                    env.record("count of a pair stream, then its pairs", time.milliseconds(), List.of(rdd.count(), rdd.collect().stream().map(String::valueOf).sorted().toList()), true));
            words.foreachRDD((rdd, time) -> {
                long t = time.milliseconds();
                env.record("collect", t, rdd.map(w -> mark("a", w.toUpperCase())).collect(), true);
                env.record("take", t, rdd.map(w -> mark("a", w)).take(2), true);
                env.record("count", t, List.of(rdd.filter(w -> mark("a", w.compareTo("c") < 0)).count(), rdd.count()), true);
                env.record("first and isEmpty", t, rdd.isEmpty() ? List.of("empty") : List.of(rdd.map(w -> mark("a", w)).first()), true);
                env.record("reduce", t, rdd.isEmpty() ? List.of()
                        : List.of(rdd.map(w -> mark("a", w)).reduce((a, b) -> mark("r", a.compareTo(b) < 0 ? a : b))), true);
                RDD<String> cached = rdd.map(w -> mark("c", w + "*")).cache();
                env.record("cached, count and collect", t, List.of(cached.count(), cached.collect()), true);
                RDD<String> kept = rdd.map(w -> mark("u", w + "~")).cache();
                env.record("cached, unpersisted, counted again", t, List.of(kept.count(), kept.unpersist().count(), kept.cache().count(),
                        kept.count()), true);
                env.record("countByValue", t, List.of(new java.util.TreeMap<>(rdd.map(w -> mark("a", w)).countByValue())), true);
                Files.createDirectories(Path.of(each));
                rdd.foreach(w -> append(Path.of(each, t + "-" + mark("a", w)), w));
                rdd.map(w -> mark("a", w + "!")).saveAsTextFile(Path.of(env.dir.toString(), "saved-" + t).toString());
                String failure;
                try {
                    rdd.map(w -> {
                        if (mark("a", w).equals("a")) {
                            throw new IllegalArgumentException("no a, please");
                        }
                        return w;
                    }).collect();
                    failure = "none";
                } catch (JobFailedException e) {
                    failure = e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage();
                }
                env.record("a failing function", t, List.of(failure), true);
            });
        });
        assertTrue(inTasks("a") > 0, "the functions were called in Spark tasks");
        assertEquals(0, elsewhere("a"), "the functions were called on the driver");
        assertEquals(18, inTasks("c"), "a cached dataset's function called once per word of the input, in Spark tasks");
        assertEquals(0, elsewhere("c"));
        assertEquals(54, inTasks("u"), "computed when first cached, again once unpersisted, again when cached anew, and the last count reads Spark's cache: three times per word");
        assertEquals(0, elsewhere("u"));
        assertTrue(inTasks("r") > 0, "reduce's function was called in Spark tasks (and, as on Spark, on the driver to merge their results)");
        Map<String, List<String>> files = both.spark().files();
        assertEquals(List.of("a", "a"), files.get("each/1000-a"), files.keySet().toString());
        assertEquals(List.of("a!", "b!", "a!"), files.get("saved-1000/part-00000"), files.keySet().toString());
        assertTrue(files.containsKey("saved-2000/_SUCCESS"), files.keySet().toString());
        assertEquals(List.of("1000: [IllegalArgumentException: no a, please]", "2000: [none]"),
                both.spark().of("a failing function").subList(0, 2).stream().map(Object::toString).toList());
    }

    private static void append(Path file, String line) {
        try {
            Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A comparator that does not serialize. */
    private static final class Plain implements Comparator<String> {
        @Override
        public int compare(String a, String b) {
            return mark("f", b.compareTo(a));
        }
    }

    @Test
    void whatCannotRunOnSparkRunsOnTheDriverWithTheSameResults() throws Exception {
        both(env -> {
            DStream<String> words = env.input(0).flatMap(l -> Arrays.asList(l.split(" ")));
            env.collect("a function capturing what does not serialize", words.transform(rdd -> {
                Thread notShippable = Thread.currentThread();
                return rdd.map(w -> mark("f", w + (notShippable != null ? "+" : "-")));
            }));
            words.foreachRDD((rdd, time) -> {
                env.record("takeOrdered with a comparator that does not serialize", time.milliseconds(), rdd.takeOrdered(2, new Plain()), true);
                env.record("count after a fallback", time.milliseconds(), List.of(rdd.count(), rdd.map(w -> w).count()), true);
            });
        });
        assertTrue(elsewhere("f") > 0, "the functions ran on the driver");
        assertEquals(0, inTasks("f"), "a function that cannot run on Spark was called in a Spark task");
    }
}
