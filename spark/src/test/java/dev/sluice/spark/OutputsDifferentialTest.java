package dev.sluice.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.streaming.DStream;
import dev.sluice.streaming.Pair;
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

    /** The lines of every file whose name starts with {@code prefix}, in name order. */
    private static List<String> concat(Map<String, List<String>> files, String prefix) {
        return files.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).flatMap(e -> e.getValue().stream()).toList();
    }
}
