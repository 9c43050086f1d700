package dev.sluice.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The actions and transformations of {@link RDD} that Spark's {@code JavaRDD} has, with the cases
 * of Spark's {@code RDDSuite} and {@code JavaAPISuite} (inputs and expected results as there).
 *
 * <p>The results that depend on partitions and order (ties of {@code top} and {@code takeOrdered},
 * {@code coalesce}, {@code zipWithIndex}, {@code zipWithUniqueId}, {@code cartesian}, the zero of
 * {@code fold}, {@code subtract}, {@code zipPartitions}, {@code mapPartitionsToPair}, the variances)
 * are the ones Spark 4.1.0 printed for the same calls on the same partitions (local[3]). Not so for
 * {@code max} and {@code min} of equal elements: Spark's merge the partitions' results as their
 * tasks finish, so which of two equal elements it returns varies from run to run; here the first
 * in dataset order.
 */
class RDDActionsAndShapesTest {

    private StreamingContext ssc;

    @BeforeEach
    void setUp() {
        ssc = StreamingContext.builder().batchInterval(Duration.ofSeconds(1)).parallelism(3).clock(new ManualClock()).build();
    }

    @AfterEach
    void tearDown() {
        ssc.stop();
    }

    private RDD<Integer> range(int from, int to, int partitions) {
        return ssc.parallelize(IntStream.rangeClosed(from, to).boxed().toList(), partitions);
    }

    @Test
    void basicActionsOfRddSuite() {
        RDD<Integer> nums = ssc.parallelize(List.of(1, 2, 3, 4), 2);
        assertEquals(List.of(1, 2, 3, 4), toList(nums.toLocalIterator()));
        assertEquals(Map.of(1, 1L, 2, 1L, 3, 1L, 4, 1L), nums.countByValue());
        assertEquals(10, nums.fold(0, Integer::sum));
        assertEquals(List.of(List.of(1, 2), List.of(3, 4)), nums.glom().collect());
        assertEquals(List.of("0:3", "1:7"), nums.mapPartitionsWithIndex((i, it) -> {
            int sum = 0;
            while (it.hasNext()) {
                sum += it.next();
            }
            return List.of(i + ":" + sum).iterator();
        }).collect());
        assertEquals(Pair.of(10, 4), nums.aggregate(Pair.of(0, 0), (acc, x) -> Pair.of(acc.key() + x, acc.value() + 1),
                (a, b) -> Pair.of(a.key() + b.key(), a.value() + b.value())));
        List<Integer>[] parts = nums.collectPartitions(new int[] {1, 0});
        assertEquals(List.of(3, 4), parts[0]);
        assertEquals(List.of(1, 2), parts[1]);
        assertThrows(IllegalArgumentException.class, () -> nums.collectPartitions(new int[] {2}));
        assertEquals(List.of(new Partition(0), new Partition(1)), nums.partitions());
        assertFalse(nums.isEmpty());
        assertTrue(ssc.<Integer>emptyRDD().isEmpty());
    }

    @Test
    void foldReduceAndTreesOfJavaApiSuite() {
        RDD<Integer> rdd = ssc.parallelize(List.of(1, 1, 2, 3, 5, 8, 13));
        assertEquals(33, rdd.fold(0, Integer::sum));
        assertEquals(33, rdd.reduce(Integer::sum));
        for (int depth = 1; depth <= 10; depth++) {
            assertEquals(33, rdd.treeReduce(Integer::sum, depth));
            assertEquals(33, rdd.treeAggregate(0, Integer::sum, Integer::sum, depth));
        }
        assertEquals(33, rdd.treeReduce(Integer::sum));
        assertEquals(33, rdd.treeAggregate(0, Integer::sum, Integer::sum));
        assertEquals(33, rdd.treeAggregate(0, Integer::sum, Integer::sum, 2, true));
        assertThrows(IllegalArgumentException.class, () -> rdd.treeReduce(Integer::sum, 0));
        assertEquals(0, ssc.<Integer>emptyRDD().treeAggregate(0, Integer::sum, Integer::sum));
        assertThrows(UnsupportedOperationException.class, () -> ssc.<Integer>emptyRDD().treeReduce(Integer::sum));
        // The zero is used once per partition and once to merge: a non-neutral zero shows it (3 partitions + 1).
        assertEquals(33 + 4, rdd.fold(1, Integer::sum));
    }

    @Test
    void aMutableZeroIsCopiedForEachUse() {
        RDD<Integer> rdd = ssc.parallelize(List.of(1, 2, 3, 4, 5, 6), 3);
        ArrayList<Integer> zero = new ArrayList<>();
        List<Integer> all = rdd.aggregate(zero, (acc, x) -> {
            acc.add(x);
            return acc;
        }, (a, b) -> {
            a.addAll(b);
            return a;
        });
        assertEquals(List.of(1, 2, 3, 4, 5, 6), all.stream().sorted().toList());
        assertTrue(zero.isEmpty());
    }

    @Test
    void topTakeOrderedMaxAndMin() {
        RDD<Integer> nums = range(1, 10, 2);
        assertEquals(List.of(1, 2, 3, 4, 5), nums.takeOrdered(5));
        assertEquals(List.of(10, 9, 8, 7, 6), nums.top(5));
        assertEquals(List.of(10, 9, 8, 7, 6), nums.takeOrdered(5, Comparator.reverseOrder()));
        assertEquals(List.of(1, 2, 3), nums.top(3, Comparator.reverseOrder()));
        assertEquals(List.of(), nums.takeOrdered(0));
        assertEquals(10, nums.takeOrdered(20).size());
        assertEquals(List.of("b", "a"), ssc.parallelize(List.of("a", "b")).top(2));
        // Ties: equal elements come in dataset order.
        RDD<String> words = ssc.parallelize(List.of("bb", "a", "cc", "d", "ee"), 2);
        assertEquals(List.of("a", "d", "bb"), words.takeOrdered(3, Comparator.comparing(String::length)));
        assertEquals(List.of("bb", "cc", "ee"), words.top(3, Comparator.comparing(String::length)));
        RDD<Double> doubles = ssc.parallelize(List.of(1.0, 2.0, 3.0, 4.0));
        assertEquals(4.0, doubles.max(Comparator.naturalOrder()));
        assertEquals(1.0, doubles.min(Comparator.naturalOrder()));
        assertEquals("bb", words.max(Comparator.comparing(String::length)));
        assertEquals("a", words.min(Comparator.comparing(String::length)));
        assertThrows(UnsupportedOperationException.class, () -> ssc.<Integer>emptyRDD().max(Comparator.naturalOrder()));
    }

    @Test
    void coalesceMergesAdjacentPartitions() {
        RDD<Integer> data = range(1, 10, 10);
        assertEquals(List.of(List.of(1, 2, 3, 4, 5), List.of(6, 7, 8, 9, 10)), data.coalesce(2).glom().collect());
        assertEquals(List.of(List.of(1, 2, 3), List.of(4, 5, 6), List.of(7, 8, 9, 10)), data.coalesce(3).glom().collect());
        assertEquals(10, data.coalesce(20).getNumPartitions());
        assertEquals(List.of(IntStream.rangeClosed(1, 10).boxed().toList()), data.coalesce(1).glom().collect());
        RDD<Integer> shuffled = data.coalesce(20, true);
        assertEquals(20, shuffled.getNumPartitions());
        assertEquals(IntStream.rangeClosed(1, 10).boxed().toList(), shuffled.collect().stream().sorted().toList());
        assertThrows(IllegalArgumentException.class, () -> data.coalesce(0));
    }

    @Test
    void zipsAndIndexes() {
        RDD<Integer> nums = ssc.parallelize(List.of(1, 2, 3, 4), 2);
        assertEquals("[(1,2.0), (2,3.0), (3,4.0), (4,5.0)]", nums.zip(nums.map(x -> x + 1.0)).collect().toString());
        assertThrows(IllegalArgumentException.class, () -> nums.zip(ssc.parallelize(List.of(1, 2, 3, 4), 3)));
        JobFailedException uneven = assertThrows(JobFailedException.class,
                () -> nums.zip(nums.filter(x -> x != 2)).collect());
        assertTrue(uneven.getMessage().contains("same number of elements"), uneven.getMessage());

        RDD<Integer> ten = range(1, 10, 3);
        List<Pair<Integer, Long>> indexed = ten.zipWithIndex().collect();
        for (int i = 0; i < 10; i++) {
            assertEquals(Pair.of(i + 1, (long) i), indexed.get(i));
        }
        // Partitions hold 3, 3 and 4 elements: the k-th element of partition i gets k * 3 + i.
        assertEquals(List.of(0L, 3L, 6L, 1L, 4L, 7L, 2L, 5L, 8L, 11L), ten.zipWithUniqueId().values().collect());

        RDD<Integer> a = ssc.parallelize(List.of(1, 2, 3, 4, 5, 6), 2);
        RDD<String> b = ssc.parallelize(List.of("1", "2", "3", "4"), 2);
        assertEquals(List.of(3, 2, 3, 2), a.zipPartitions(b, (xs, ys) -> List.of(count(xs), count(ys)).iterator()).collect());
    }

    @Test
    void cartesianIntersectionSubtract() {
        RDD<Integer> left = ssc.parallelize(List.of(1, 2, 3), 2);
        RDD<Integer> right = ssc.parallelize(List.of(4, 5), 1);
        PairRDD<Integer, Integer> product = left.cartesian(right);
        assertEquals(2, product.getNumPartitions());
        assertEquals("[(1,4), (1,5), (2,4), (2,5), (3,4), (3,5)]", product.collect().toString());
        assertEquals(0, left.cartesian(ssc.<Integer>emptyRDD()).count());
        RDD<String> hello = ssc.parallelize(List.of("Hello", "World"));
        assertEquals(Pair.of("Hello", 1.0), hello.cartesian(ssc.parallelize(List.of(1.0, 1.0, 2.0, 3.0, 5.0, 8.0))).first());

        RDD<Integer> all = range(1, 10, 2);
        RDD<Integer> evens = ssc.parallelize(List.of(2, 4, 6, 8, 10), 3);
        assertEquals(List.of(2, 4, 6, 8, 10), all.intersection(evens).collect().stream().sorted().toList());
        assertEquals(List.of(1, 2, 3), ssc.parallelize(List.of(1, 2, 3, 3)).intersection(ssc.parallelize(List.of(1, 1, 2, 3)))
                .collect().stream().sorted().toList());

        RDD<Integer> a = ssc.parallelize(List.of(1, 2, 3), 2);
        RDD<Integer> c = a.subtract(ssc.parallelize(List.of(2, 3, 4), 4));
        assertEquals(List.of(1), c.collect());
        assertEquals(a.getNumPartitions(), c.getNumPartitions());
        assertEquals(List.of(1, 1), ssc.parallelize(List.of(1, 1, 2)).subtract(ssc.parallelize(List.of(2)), 5).collect());
        assertEquals(5, a.subtract(a, 5).getNumPartitions());
        assertEquals(4, a.subtract(a, new HashPartitioner(4)).getNumPartitions());
    }

    @Test
    void groupByKeyByAndCountApproxDistinct() {
        RDD<Integer> rdd = ssc.parallelize(List.of(1, 1, 2, 3, 5, 8, 13));
        Map<Boolean, List<Integer>> groups = sortedGroups(rdd.groupBy(x -> x % 2 == 0));
        assertEquals(Map.of(true, List.of(2, 8), false, List.of(1, 1, 3, 5, 13)), groups);
        assertEquals(1, rdd.groupBy(x -> x % 2 == 0, 1).getNumPartitions());
        assertEquals(Pair.of(1, 1), rdd.keyBy(x -> x * 1).first());
        assertEquals(Pair.of("2", 2), rdd.keyBy(String::valueOf).collect().get(2));

        List<Integer> data = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            data.add(i % 100);
        }
        assertEquals(100, ssc.parallelize(data, 10).countApproxDistinct(0.05));
        assertThrows(IllegalArgumentException.class, () -> ssc.parallelize(data).countApproxDistinct(0.00001));
    }

    @Test
    void samplesAreDeterministicForASeed() {
        RDD<Integer> data = range(1, 100, 2);
        List<Integer> s1 = data.sample(false, 0.5, 7).collect();
        assertEquals(s1, data.sample(false, 0.5, 7).collect());
        assertNotEquals(s1, data.sample(false, 0.5, 8).collect());
        assertTrue(s1.size() > 25 && s1.size() < 75, "size " + s1.size());
        assertEquals(s1, s1.stream().distinct().sorted().toList());
        List<Integer> withReplacement = data.sample(true, 2.0, 7).collect();
        assertEquals(withReplacement, data.sample(true, 2.0, 7).collect());
        assertTrue(withReplacement.size() > 120, "size " + withReplacement.size());
        assertEquals(0, data.sample(false, 0.0, 1).count());
        assertEquals(100, data.sample(false, 1.0, 1).count());
        assertThrows(IllegalArgumentException.class, () -> data.sample(false, 1.5, 1));
        assertThrows(IllegalArgumentException.class, () -> data.sample(true, -1, 1));

        for (int num : new int[] {0, 1, 20, 100, 200}) {
            List<Integer> taken = data.takeSample(false, num, 3);
            assertEquals(Math.min(num, 100), taken.size());
            assertEquals(taken.size(), new HashSet<>(taken).size());
            assertEquals(taken, data.takeSample(false, num, 3));
        }
        List<Integer> drawn = data.takeSample(true, 200, 3);
        assertEquals(200, drawn.size());
        assertTrue(drawn.stream().allMatch(x -> x >= 1 && x <= 100));
        assertEquals(drawn, data.takeSample(true, 200, 3));
        assertEquals(List.of(), ssc.<Integer>emptyRDD().takeSample(true, 5, 1));
        assertThrows(IllegalArgumentException.class, () -> data.takeSample(false, -1, 1));

        RDD<Integer> six = ssc.parallelize(IntStream.range(0, 600).boxed().toList(), 4);
        RDD<Integer>[] splits = six.randomSplit(new double[] {1.0, 2.0, 3.0}, 11);
        assertEquals(3, splits.length);
        List<Integer> union = new ArrayList<>();
        for (RDD<Integer> s : splits) {
            union.addAll(s.collect());
        }
        assertEquals(IntStream.range(0, 600).boxed().toList(), union.stream().sorted().toList());
        long[] sizes = Arrays.stream(splits).mapToLong(RDD::count).toArray();
        assertTrue(Math.abs(sizes[0] - 100) < 50 && Math.abs(sizes[1] - 200) < 50 && Math.abs(sizes[2] - 300) < 50,
                Arrays.toString(sizes));
        assertEquals(splits[0].collect(), six.randomSplit(new double[] {1.0, 2.0, 3.0}, 11)[0].collect());
        assertThrows(IllegalArgumentException.class, () -> six.randomSplit(new double[] {1.0, -1.0}));
        assertThrows(IllegalArgumentException.class, () -> six.randomSplit(new double[] {0.0}));
    }

    @Test
    void doublesPairsAndPartitionFunctions() {
        RDD<String> words = ssc.parallelize(List.of("a", "bb", "ccc", "dddd"), 2);
        DoubleRDD lengths = words.mapToDouble(String::length);
        assertEquals(10.0, lengths.sum());
        assertEquals(2.5, lengths.mean());
        assertEquals(1.25, lengths.variance(), 1e-12);
        assertEquals(5.0 / 3, lengths.sampleVariance(), 1e-12);
        assertEquals(Math.sqrt(1.25), lengths.stdev(), 1e-12);
        assertEquals(4.0, lengths.max());
        assertEquals(1.0, lengths.min());
        assertEquals(List.of(1.0, 1.0, 2.0, 2.0), ssc.parallelize(List.of(1, 2)).flatMapToDouble(x -> List.of((double) x, (double) x))
                .collect());
        assertEquals(List.of(3.0, 7.0), words.mapPartitionsToDouble(it -> {
            double n = 0;
            while (it.hasNext()) {
                n += it.next().length();
            }
            return List.of(n).iterator();
        }).collect());
        assertEquals("[(a,1), (b,1), (b,2)]", words.flatMapToPair(w -> w.length() > 2 ? List.<Pair<String, Integer>>of()
                : IntStream.rangeClosed(1, w.length()).mapToObj(i -> Pair.of(w.substring(0, 1), i)).toList()).collect().toString());
        assertEquals("[(0,a), (1,bb), (0,ccc), (1,dddd)]",
                words.mapPartitionsToPair(it -> List.of(Pair.of(0, it.next()), Pair.of(1, it.next())).iterator()).collect().toString());
        assertEquals(List.of(2, 2), words.mapPartitions(it -> List.of(count(it)).iterator(), true).collect());
    }

    @Test
    void namesCachingAndContext() {
        RDD<Integer> nums = ssc.parallelize(List.of(1, 2, 3));
        assertEquals(null, nums.name());
        assertEquals("numbers", nums.setName("numbers").name());
        assertTrue(nums.toDebugString().contains("numbers"), nums.toDebugString());
        int[] computed = {0};
        RDD<Integer> counted = nums.map(x -> {
            synchronized (computed) {
                computed[0]++;
            }
            return x;
        }).cache();
        counted.count();
        counted.count();
        assertEquals(3, computed[0]);
        counted.unpersist(true);
        counted.count();
        assertEquals(6, computed[0]);
        assertEquals(ssc, nums.context());
        assertTrue(nums.id() > 0);
        assertEquals(java.util.Optional.empty(), nums.partitioner());
    }

    @Test
    void savesTextAndObjectFilesAndReadsThemBack(@TempDir Path dir) throws Exception {
        RDD<Integer> nums = ssc.parallelize(List.of(1, 2, 3, 4, 5), 3);
        Path text = dir.resolve("text");
        nums.saveAsTextFile(text.toString());
        assertTrue(Files.exists(text.resolve("_SUCCESS")));
        assertEquals(List.of("part-00000", "part-00001", "part-00002"), Files.list(text)
                .map(p -> p.getFileName().toString()).filter(n -> n.startsWith("part-")).sorted().toList());
        assertEquals(List.of("1", "2", "3", "4", "5"), ssc.textFile(text).collect());
        assertThrows(UncheckedIOException.class, () -> nums.saveAsTextFile(text.toString()));

        Path objects = dir.resolve("objects");
        PairRDD<String, Integer> pairs = ssc.parallelizePairs(List.of(Pair.of("a", 1), Pair.of("b", 2)));
        pairs.saveAsObjectFile(objects.toString());
        RDD<Pair<String, Integer>> back = ssc.objectFile(objects.toString());
        assertEquals(pairs.collect(), back.collect());
        assertEquals(5, ssc.<Pair<String, Integer>>objectFile(objects.toString(), 5).getNumPartitions());
        ssc.<Integer>emptyRDD().saveAsObjectFile(dir.resolve("empty").toString());
        assertEquals(List.of(), ssc.objectFile(dir.resolve("empty").toString()).collect());
    }

    @Test
    void checkpointSavesADatasetAndCutsItsLineage(@TempDir Path dir) {
        assertThrows(IllegalStateException.class, () -> ssc.parallelize(List.of(1)).checkpoint());
        StreamingContext withDir = StreamingContext.builder().batchInterval(Duration.ofSeconds(1)).parallelism(2)
                .clock(new ManualClock()).checkpointDir(dir).build();
        try {
            int[] computed = {0};
            RDD<Integer> doubled = withDir.parallelize(List.of(1, 2, 3, 4), 2).map(x -> {
                synchronized (computed) {
                    computed[0]++;
                }
                return x * 2;
            });
            doubled.checkpoint();
            assertFalse(doubled.isCheckpointed());
            assertEquals(java.util.Optional.empty(), doubled.getCheckpointFile());
            assertEquals(List.of(2, 4, 6, 8), doubled.collect());
            assertTrue(doubled.isCheckpointed());
            Path saved = Path.of(doubled.getCheckpointFile().orElseThrow());
            assertTrue(Files.exists(saved.resolve("part-00001")), saved.toString());
            int afterSave = computed[0];
            assertEquals(8, afterSave, "the job, then the save, each computed the 4 elements");
            assertEquals(List.of(2, 4, 6, 8), doubled.collect());
            assertEquals(20, doubled.reduce(Integer::sum));
            assertEquals(afterSave, computed[0], "read back from the checkpoint, not computed");
            assertTrue(doubled.toDebugString().contains("checkpointed"), doubled.toDebugString());
            assertFalse(doubled.toDebugString().contains("parallelize"), doubled.toDebugString());
            assertEquals(List.of(3, 5, 7, 9), doubled.map(x -> x + 1).collect());
        } finally {
            withDir.stop();
        }
    }

    @Test
    void pipeRunsACommandPerPartition() {
        RDD<Integer> nums = ssc.parallelize(List.of(1, 2, 3, 4), 2);
        assertEquals(List.of("1", "2", "3", "4"), nums.pipe("cat").collect());
        assertEquals(List.of("2", "2"), nums.pipe(List.of("wc", "-l")).collect().stream().map(String::trim).toList());
        assertEquals(List.of("hi", "hi"), nums.pipe(List.of("sh", "-c", "cat > /dev/null; echo $GREETING"), Map.of("GREETING", "hi"))
                .collect());
        assertEquals(2, nums.pipe(List.of("pwd"), Map.of(), true, 1024).collect().stream()
                .filter(d -> d.contains("sluice-pipe-")).count());
        assertEquals(List.of("1", "2", "3", "4"), nums.pipe(List.of("cat"), Map.of(), false, 16, "ISO-8859-1").collect());
        JobFailedException failed = assertThrows(JobFailedException.class, () -> nums.pipe("false").collect());
        assertTrue(failed.getMessage().contains("exited with status 1"), failed.getMessage());
    }

    private static int count(Iterator<?> it) {
        int n = 0;
        for (; it.hasNext(); it.next()) {
            n++;
        }
        return n;
    }

    static <T> List<T> toList(Iterator<T> it) {
        List<T> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    static <K, V extends Comparable<V>> Map<K, List<V>> sortedGroups(PairRDD<K, Iterable<V>> groups) {
        return groups.collect().stream().collect(Collectors.toMap(Pair::key, p -> {
            List<V> vs = new ArrayList<>();
            p.value().forEach(vs::add);
            vs.sort(null);
            return vs;
        }));
    }

    static <T> Set<T> set(List<T> list) {
        return new HashSet<>(list);
    }
}
