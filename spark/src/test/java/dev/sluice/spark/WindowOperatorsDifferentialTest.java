package dev.sluice.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.streaming.DStream;
import dev.sluice.streaming.Pair;
import dev.sluice.streaming.PairDStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The windows of unkeyed and keyed streams, with and without an inverse function (Spark
 * checkpoints those): the same batches on both engines, including windows that slide by two batches.
 */
class WindowOperatorsDifferentialTest {

    static final List<List<String>> WORDS = List.of(
            List.of("a b a", "c"),
            List.of(),
            List.of("b c", "a"),
            List.of("d d e"),
            List.of("a"),
            List.of(),
            List.of("e b"));

    static final Duration S1 = Duration.ofSeconds(1);
    static final Duration S2 = Duration.ofSeconds(2);
    static final Duration S3 = Duration.ofSeconds(3);
    static final Duration S4 = Duration.ofSeconds(4);

    @Test
    void windowsGiveTheSameBatches() throws Exception {
        Differential.Both both = Differential.both(WORDS.size(), List.of(WORDS), env -> {
            DStream<String> words = env.input(0).flatMap(l -> Arrays.asList(l.split(" ")));
            PairDStream<String, Integer> pairs = words.mapToPair(w -> Pair.of(w, 1));
            env.collect("window(3s, 1s)", words.window(S3, S1));
            env.collect("window(4s, 2s)", words.window(S4, S2));
            env.collect("window(2s)", words.window(S2));
            env.collect("window of pairs, reduceByKey", pairs.window(S3, S1).reduceByKey(Integer::sum));
            env.collect("countByWindow(3s, 1s)", words.countByWindow(S3, S1));
            env.collect("countByWindow(4s, 2s)", words.countByWindow(S4, S2));
            env.collect("reduceByWindow", words.reduceByWindow((a, b) -> a.compareTo(b) >= 0 ? a : b, S3, S1));
            DStream<Integer> lengths = words.map(String::length);
            env.collect("reduceByWindow with inverse", lengths.reduceByWindow(Integer::sum, (a, b) -> a - b, S3, S1));
            env.collect("reduceByWindow with inverse, slide 2s", lengths.reduceByWindow(Integer::sum, (a, b) -> a - b, S4, S2));
            env.collect("countByValueAndWindow", words.countByValueAndWindow(S3, S1));
            env.collect("countByValueAndWindow(3)", words.countByValueAndWindow(S4, S2, 3));
            env.collect("reduceByKeyAndWindow(f, 3s)", pairs.reduceByKeyAndWindow(Integer::sum, S3));
            env.collect("reduceByKeyAndWindow(f, 4s, 2s)", pairs.reduceByKeyAndWindow(Integer::sum, S4, S2));
            env.collect("reduceByKeyAndWindow(f, 3s, 1s, 3)", pairs.reduceByKeyAndWindow(Integer::sum, S3, S1, 3));
            env.collect("reduceByKeyAndWindow with inverse",
                    pairs.reduceByKeyAndWindow(Integer::sum, (a, b) -> a - b, S3, S1));
            env.collect("reduceByKeyAndWindow with inverse, slide 2s",
                    pairs.reduceByKeyAndWindow(Integer::sum, (a, b) -> a - b, S4, S2));
            env.collect("reduceByKeyAndWindow with inverse and filter",
                    pairs.reduceByKeyAndWindow(Integer::sum, (a, b) -> a - b, S3, S1, 3, p -> p.value() > 0));
            KeyedOperatorsDifferentialTest.Letters letters = new KeyedOperatorsDifferentialTest.Letters();
            env.collectOrdered("reduceByKeyAndWindow(f, 3s, 1s, partitioner), partitions", KeyedOperatorsDifferentialTest.sortedPartitions(
                    pairs.reduceByKeyAndWindow(Integer::sum, S3, S1, letters)));
            env.collectOrdered("reduceByKeyAndWindow with inverse, partitioner and filter, partitions",
                    KeyedOperatorsDifferentialTest.sortedPartitions(
                            pairs.reduceByKeyAndWindow(Integer::sum, (a, b) -> a - b, S3, S1, letters, p -> p.value() > 0)));
            env.collectOrdered("groupByKeyAndWindow(4s, 2s, partitioner), partitions", KeyedOperatorsDifferentialTest.sortedPartitions(
                    KeyedOperatorsDifferentialTest.sortedValues(pairs.groupByKeyAndWindow(S4, S2, letters))));
            env.collect("groupByKeyAndWindow", KeyedOperatorsDifferentialTest.sortedValues(
                    words.mapToPair(w -> Pair.of(w.length(), w)).groupByKeyAndWindow(S3, S1)));
            env.collect("groupByKeyAndWindow(4s, 2s, 3)", KeyedOperatorsDifferentialTest.sortedValues(
                    pairs.groupByKeyAndWindow(S4, S2, 3)));
        });
        // Spark keeps a key whose count fell to 0 in an incremental window unless a filter drops it
        assertEquals("[1000: [(a,2), (b,1), (c,1)], 2000: [(a,2), (b,1), (c,1)], 3000: [(a,3), (b,2), (c,2)],"
                + " 4000: [(a,1), (b,1), (c,1), (d,2), (e,1)], 5000: [(a,2), (b,1), (c,1), (d,2), (e,1)],"
                + " 6000: [(a,1), (b,0), (c,0), (d,2), (e,1)], 7000: [(a,1), (b,1), (c,0), (d,0), (e,1)]]",
                both.spark().of("reduceByKeyAndWindow with inverse").toString());
        both.assertSameOutputs();
    }

    @Test
    void aStreamCheckpointedEveryTwoBatchesGivesTheSameBatches() throws Exception {
        Differential.Both both = Differential.both(4, List.of(WORDS), true, env -> {
            PairDStream<String, Integer> counts = env.input(0).flatMap(l -> Arrays.asList(l.split(" ")))
                    .mapToPair(w -> Pair.of(w, 1)).reduceByKey(Integer::sum);
            env.collect("checkpoint(2s)", counts.checkpoint(S2).mapValues(v -> v * 10));
        });
        both.assertSameOutputs();
    }
}
