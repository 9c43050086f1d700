package dev.sluice.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.streaming.DStream;
import dev.sluice.streaming.Pair;
import dev.sluice.streaming.PairDStream;
import dev.sluice.streaming.PairRDD;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The outputs: {@code print} (to the console the context's builder gives each output, in the
 * batch's order), both forms of {@code foreachRDD} with the API's RDD operations over Spark's
 * batches, and {@code saveAsTextFiles}: the same text, datasets and files on both engines.
 */
class OutputsDifferentialTest {

    @Test
    void printForeachRDDAndSaveAsTextFilesGiveTheSameResults() throws Exception {
        Differential.Both both = Differential.both(ElementOperatorsDifferentialTest.LINES.size(),
                List.of(ElementOperatorsDifferentialTest.LINES), env -> {
                    DStream<String> lines = env.input(0);
                    DStream<String> words = lines.flatMap(l -> Arrays.asList(l.split(" ")));
                    lines.print();
                    words.transformToPair(rdd -> PairRDD.of(rdd.mapToPair(w -> Pair.of(w, 1))).reduceByKey(Integer::sum).sortByKey())
                            .print(3);
                    words.filter(w -> w.length() > 1).print();
                    AtomicLong n = new AtomicLong();
                    words.foreachRDD(rdd -> env.record("foreachRDD", n.incrementAndGet(),
                            List.of(rdd.count(), rdd.distinct().count(), PairRDD.of(rdd.mapToPair(w -> Pair.of(w, 1))).countByKey()),
                            true));
                    words.foreachRDD((rdd, time) -> env.record("foreachRDD with time", time.milliseconds(),
                            rdd.map(String::toUpperCase).collect(), false));
                    words.saveAsTextFiles(env.dir.resolve("words").toString(), "txt");
                    lines.map(String::length).saveAsTextFiles(env.dir.resolve("lengths").toString(), null);
                });
        both.assertSameOutputs();
        assertEquals(7, both.spark().printed().size(), "one console per output");
        assertEquals(List.of("", "", "", ""), both.spark().printed().subList(3, 7), "what the outputs other than print wrote");
        assertEquals(both.embedded().printed(), both.spark().printed());
        String printed = both.spark().printed().get(0);
        assertTrue(printed.startsWith("""
                -------------------------------------------
                Time: 1000 ms
                -------------------------------------------
                a b a
                c
                d e

                -------------------------------------------
                Time: 2000 ms
                -------------------------------------------

                -------------------------------------------
                Time: 3000 ms
                """), printed);
        assertTrue(both.spark().printed().get(1).contains("(a,2)\n(b,1)\n(c,1)\n...\n"), both.spark().printed().get(1));
        Map<String, List<String>> files = both.spark().files();
        assertEquals(both.embedded().files(), files);
        assertEquals(List.of("a", "b", "a", "c", "d", "e"), concat(files, "words-1000.txt/part-0000"));
        assertEquals(List.of(), concat(files, "words-2000.txt/part-0000"));
        assertEquals(List.of("5", "1", "3"), concat(files, "lengths-1000/part-0000"));
        assertTrue(files.containsKey("lengths-5000/_SUCCESS"), files.keySet().toString());
    }

    /**
     * Outputs run on the driver, so their functions need not be serializable, also when Spark writes
     * the graph to its checkpoint at every batch (here for {@code updateStateByKey}): a notebook's live
     * view ({@code display(stream)}) is such an output. Spark's start refused the graph when the
     * functions were part of it.
     */
    @Test
    void outputsThatCaptureWhatCannotBeSerializedRunWhenSparkCheckpoints() throws Exception {
        Differential.Both both = Differential.both(4, List.of(StateOperatorsDifferentialTest.KEYS), env -> {
            PairDStream<String, Integer> totals = env.input(0).mapToPair(k -> Pair.of(k, 1))
                    .updateStateByKey(StateOperatorsDifferentialTest.COUNT);
            // Env is not serializable: Spark could not write a graph holding these functions
            AtomicLong n = new AtomicLong();
            totals.foreachRDD(rdd -> env.record("foreachRDD", n.incrementAndGet(), rdd.collect(), false));
            totals.foreachRDD((rdd, time) -> env.record("foreachRDD with time", time.milliseconds(), rdd.collect(), false));
        });
        both.assertSameOutputs();
        assertEquals(List.of("(a,2)", "(b,1)"), both.spark().outputs().get("foreachRDD with time").get(0).elements());
        assertEquals(4, both.spark().outputs().get("foreachRDD with time").size());
        assertEquals(4, both.spark().outputs().get("foreachRDD").size());
    }

    /** The lines of every file whose name starts with {@code prefix}, in name order. */
    private static List<String> concat(Map<String, List<String>> files, String prefix) {
        return files.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).flatMap(e -> e.getValue().stream()).toList();
    }
}
