package dev.sluice.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.streaming.DStream;
import dev.sluice.streaming.Pair;
import dev.sluice.streaming.PairDStream;
import dev.sluice.streaming.PairRDD;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's stream examples that read a rate source (the library example and the five-minute
 * tour, everything defined before the start, as Spark needs): the same printed batches and the same
 * {@code latest()} answers on both engines.
 */
class ReadmeDifferentialTest {

    @Test
    void theTourPrintsTheSameBatches() throws Exception {
        Differential.Both both = Differential.both(6, List.of(), env -> {
            // 1. A source
            DStream<Long> ticks = env.ssc.rateStream(20).name("ticks");
            String[] fruit = {"apple", "banana", "cherry", "apple", "banana", "apple"};
            DStream<String> words = ticks.map(n -> fruit[(int) (n % fruit.length)]).name("words");
            // 2. A windowed word count, printed every batch
            PairDStream<String, Long> counts = words.mapToPair(w -> Pair.of(w, 1L)).reduceByKeyAndWindow(
                    (a, b) -> a + b, Duration.ofSeconds(4), Duration.ofSeconds(1)).name("counts");
            counts.print();
            // 3. A join with a static dataset
            PairRDD<String, String> colours = env.ssc.parallelizePairs(List.of(Pair.of("apple", "red"), Pair.of("banana", "yellow")));
            PairDStream<String, Pair<Long, String>> coloured = counts.join(colours).name("coloured");
            coloured.print();
            // 4. Ad-hoc queries on the running stream (the window defined before the start here)
            words.countByWindow(Duration.ofSeconds(10), Duration.ofSeconds(1)).print();
            env.atEnd(() -> {
                env.record("counts.latest()", 0, counts.latest().collect(), false);
                env.record("counts.latest().filter(p -> p.value() > 20).count()", 0,
                        List.of(counts.latest().filter(p -> p.value() > 20).count()), false);
            });
        });
        both.assertSameOutputs();
        assertEquals(both.embedded().printed(), both.spark().printed());
        assertEquals(List.of(new Differential.Batch(0, List.of("(apple,40)", "(banana,27)", "(cherry,13)"))),
                both.spark().of("counts.latest()"));
        String printed = both.spark().printed().get(1);
        assertTrue(printed.contains("""
                -------------------------------------------
                Time: 6000 ms
                -------------------------------------------
                """), printed);
        assertTrue(printed.contains("(apple,(40,red))"), printed);
        assertTrue(both.spark().printed().get(2).endsWith("Time: 6000 ms\n-------------------------------------------\n120\n\n"),
                both.spark().printed().get(2));
    }

    @Test
    void theLibraryExamplePrintsTheSameBatches() throws Exception {
        Differential.Both both = Differential.both(4, List.of(), env -> env.ssc.rateStream(1000)
                .map(x -> x % 10)
                .countByValueAndWindow(Duration.ofSeconds(10), Duration.ofSeconds(2))
                .print());
        // the same batches, but within a partition the counts come in another order: Spark gives a
        // partition's reduced pairs in the order of its hash map, the embedded engine in its own
        assertEquals(Differential.sortedBlocks(both.embedded().printed().get(0)), Differential.sortedBlocks(both.spark().printed().get(0)));
        assertTrue(both.embedded().printed().get(0).contains("(0,400)\n(8,400)\n(2,400)\n(4,400)\n(6,400)\n(1,400)\n"),
                both.embedded().printed().get(0));
        assertTrue(both.spark().printed().get(0).contains("Time: 4000 ms\n-------------------------------------------\n"
                + "(4,400)\n(0,400)\n(6,400)\n(8,400)\n(2,400)\n(1,400)\n"), both.spark().printed().get(0));
    }
}
