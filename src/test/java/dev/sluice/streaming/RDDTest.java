package dev.sluice.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Static datasets: transformations, actions, shuffles, caching and task retries. */
class RDDTest {

    private StreamingContext ssc;

    @BeforeEach
    void setUp() {
        ssc = StreamingContext.builder().batchInterval(Duration.ofSeconds(1)).parallelism(3).clock(new ManualClock()).build();
    }

    @AfterEach
    void tearDown() {
        ssc.stop();
    }

    @Test
    void transformationsAndActions() {
        RDD<Integer> nums = ssc.parallelize(List.of(5, 3, 8, 1, 3, 9, 2), 3);
        assertEquals(3, nums.getNumPartitions());
        assertEquals(List.of(5, 3, 8, 1, 3, 9, 2), nums.collect());
        assertEquals(7, nums.count());
        assertEquals(List.of(5, 3, 8), nums.take(3));
        assertEquals(5, nums.first());
        assertEquals(31, nums.reduce(Integer::sum));
        assertEquals(List.of(1, 2, 3, 5, 8, 9), nums.distinct().sortBy(x -> x, true).collect());
        assertEquals(List.of(9, 8, 5, 3, 3, 2, 1), nums.sortBy(x -> x, false, 2).collect());
        assertEquals(List.of(10, 6, 16, 2, 6, 18, 4), nums.map(x -> x * 2).collect());
        assertEquals(List.of(8, 9), nums.filter(x -> x > 5).collect());
        assertEquals(14, nums.flatMap(x -> List.of(x, x)).count());
        assertEquals(List.of(5, 3, 8, 1, 3, 9, 2, 7), nums.union(ssc.parallelize(List.of(7), 1)).collect());
        assertEquals(7, nums.repartition(5).count());
        assertEquals(5, nums.repartition(5).getNumPartitions());
        assertTrue(ssc.<Integer>emptyRDD().isEmpty());
        assertThrows(NoSuchElementException.class, () -> ssc.<Integer>emptyRDD().first());
        assertThrows(UnsupportedOperationException.class, () -> ssc.<Integer>emptyRDD().reduce(Integer::sum));
        assertTrue(nums.map(x -> x).toDebugString().contains("parallelize"));
    }

    @Test
    void byKeyOperationsAndJoins() {
        PairRDD<String, Integer> sales = ssc.parallelizePairs(List.of(Pair.of("a", 1), Pair.of("b", 2), Pair.of("a", 3)));
        PairRDD<String, String> names = ssc.parallelizePairs(List.of(Pair.of("a", "Ann"), Pair.of("c", "Cy")));
        assertEquals(Map.of("a", 4, "b", 2), sales.reduceByKey(Integer::sum).collectAsMap());
        assertEquals(Map.of("a", 2L, "b", 1L), sales.countByKey());
        assertEquals(List.of(Pair.of("a", 1), Pair.of("a", 3), Pair.of("b", 2)), sales.sortByKey(true).collect().stream()
                .sorted((x, y) -> x.key().equals(y.key()) ? x.value() - y.value() : x.key().compareTo(y.key())).toList());
        assertEquals(List.of(1, 3), sales.lookup("a").stream().sorted().toList());
        assertEquals(List.of("(a,(1,Ann))", "(a,(3,Ann))"), sorted(sales.join(names).collect()));
        assertEquals(List.of("(a,(1,Optional[Ann]))", "(a,(3,Optional[Ann]))", "(b,(2,Optional.empty))"),
                sorted(sales.leftOuterJoin(names).collect()));
        assertEquals(List.of("(a,(Optional[1],Ann))", "(a,(Optional[3],Ann))", "(c,(Optional.empty,Cy))"),
                sorted(sales.rightOuterJoin(names).collect()));
        assertEquals(4, sales.fullOuterJoin(names).count());
        assertEquals(List.of("(a,[1, 3])", "(b,[2])"), sorted(sales.groupByKey().mapValues(vs -> {
            List<Integer> l = new ArrayList<>();
            vs.forEach(l::add);
            l.sort(null);
            return l;
        }).collect()));
        assertEquals(List.of("(a,([1, 3],[Ann]))", "(b,([2],[]))", "(c,([],[Cy]))"), sorted(sales.cogroup(names).collect()));
        assertEquals(List.of("a", "a", "b"), sales.keys().collect().stream().sorted().toList());
        assertEquals(6, sales.values().reduce(Integer::sum));
    }

    @Test
    void cachedDatasetsAreComputedOnce() {
        AtomicInteger calls = new AtomicInteger();
        RDD<Integer> squares = ssc.parallelize(List.of(1, 2, 3, 4)).map(x -> {
            calls.incrementAndGet();
            return x * x;
        }).cache();
        assertEquals(30, squares.reduce(Integer::sum));
        assertEquals(4, squares.count());
        assertEquals(4, calls.get());
    }

    @Test
    void aFailedTaskIsRetriedFromLineage() {
        Map<Integer, AtomicInteger> attempts = new ConcurrentHashMap<>();
        RDD<Integer> flaky = ssc.parallelize(List.of(1, 2, 3), 3).map(x -> {
            if (attempts.computeIfAbsent(x, k -> new AtomicInteger()).incrementAndGet() == 1) {
                throw new IllegalStateException("first attempt of " + x);
            }
            return x;
        });
        assertEquals(List.of(1, 2, 3), flaky.collect());
        assertEquals(2, attempts.get(2).get());

        StreamingContext strict = StreamingContext.builder().batchInterval(Duration.ofSeconds(1)).maxTaskAttempts(1)
                .clock(new ManualClock()).build();
        try {
            AtomicInteger once = new AtomicInteger();
            RDD<Integer> failing = strict.parallelize(List.of(1), 1).map(x -> {
                if (once.incrementAndGet() == 1) {
                    throw new IllegalStateException("boom");
                }
                return x;
            });
            JobFailedException e = assertThrows(JobFailedException.class, failing::collect);
            assertEquals("boom", e.getCause().getMessage());
        } finally {
            strict.stop();
        }
    }

    @Test
    void textFileReadsLinesOfAFileOrADirectory(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.txt"), "one\ntwo\n");
        Files.writeString(dir.resolve("b.txt"), "three\n");
        Files.writeString(dir.resolve(".hidden"), "no\n");
        assertEquals(List.of("one", "two", "three"), ssc.textFile(dir).collect());
        assertEquals(List.of("three"), ssc.textFile(dir.resolve("b.txt")).collect());
        Exception e = assertThrows(java.io.UncheckedIOException.class, () -> ssc.textFile(dir.resolve("missing")));
        assertTrue(e.getMessage().contains("no such file or directory"), e.getMessage());
    }

    private static List<String> sorted(List<?> xs) {
        return xs.stream().map(String::valueOf).sorted().toList();
    }
}
