package dev.sluice.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/**
 * Table tests, on a {@link ManualClock}, of the stream operations added for Spark's Java API: the
 * stream-stream joins and cogroup with a number of partitions, {@code combineByKey}, {@code
 * queueStream} with a default dataset, and the context's Spark-named lifecycle methods. Cases follow
 * Spark's BasicOperationsSuite and JavaAPISuite.
 *
 * <p>The expected batches are the ones Spark 4.1.0 printed for the same input batches (local[2],
 * one queue stream per input, {@code spark.streaming.clock} set to its manual clock and advanced
 * one batch at a time, each batch's elements sorted where the assertion sorts them) for the joins, cogroup, combineByKey, updateStateByKey with an initial state (Spark's takes a
 * partitioner there) and queueStream with a default dataset, partition counts included.
 */
class SparkStreamOverloadsTest {

    private static DStream<Integer> partitionCounts(StreamTestKit kit, DStream<?> s) {
        return s.transform(rdd -> kit.ssc.parallelize(List.of(rdd.getNumPartitions()), 1));
    }

    @Test
    void joinsAndCogroupWithNumPartitionsGiveSparksResultsInThatManyPartitions() throws Exception {
        try (StreamTestKit kit = new StreamTestKit()) {
            PairDStream<String, Integer> left = kit.<String>input(List.of("a", "b"), List.of("c")).mapToPair(w -> Pair.of(w, 1));
            PairDStream<String, String> right = kit.<String>input(List.of("a", "x"), List.of()).mapToPair(w -> Pair.of(w, w.toUpperCase()));
            var inner = kit.collect(left.join(right, 3));
            var leftOuter = kit.collect(left.leftOuterJoin(right, 3));
            var rightOuter = kit.collect(left.rightOuterJoin(right, 3));
            var full = kit.collect(left.fullOuterJoin(right, 3));
            var cogrouped = kit.collect(left.cogroup(right, 3).mapValues(p -> p.key() + "|" + p.value()));
            var parts = List.of(kit.collect(partitionCounts(kit, left.join(right, 3))),
                    kit.collect(partitionCounts(kit, left.leftOuterJoin(right, 4))),
                    kit.collect(partitionCounts(kit, left.rightOuterJoin(right, 5))),
                    kit.collect(partitionCounts(kit, left.fullOuterJoin(right, 6))),
                    kit.collect(partitionCounts(kit, left.cogroup(right, 7))));
            kit.run(2);
            assertEquals(List.of(List.of("(a,(1,A))"), List.of()), inner.sorted());
            assertEquals(List.of(List.of("(a,(1,Optional[A]))", "(b,(1,Optional.empty))"), List.of("(c,(1,Optional.empty))")),
                    leftOuter.sorted());
            assertEquals(List.of(List.of("(a,(Optional[1],A))", "(x,(Optional.empty,X))"), List.of()), rightOuter.sorted());
            assertEquals(List.of(List.of("(a,(Optional[1],Optional[A]))", "(b,(Optional[1],Optional.empty))",
                    "(x,(Optional.empty,Optional[X]))"), List.of("(c,(Optional[1],Optional.empty))")), full.sorted());
            assertEquals(List.of(List.of("(a,[1]|[A])", "(b,[1]|[])", "(x,[]|[X])"), List.of("(c,[1]|[])")), cogrouped.sorted());
            for (int i = 0; i < parts.size(); i++) {
                assertEquals(List.of(List.of(3 + i), List.of(3 + i)), parts.get(i).batches(), "partitions of operation " + i);
            }
            assertThrows(IllegalArgumentException.class, () -> left.join(right, 0));
            assertThrows(IllegalArgumentException.class, () -> left.cogroup(right, -1));
        }
    }

    @Test
    void combineByKeyAsInSparksBasicOperationsSuite() throws Exception {
        try (StreamTestKit kit = new StreamTestKit()) {
            PairDStream<String, Integer> in = kit.<String>input(List.of("a", "a", "b"), List.of("", "", ""), List.of())
                    .mapToPair(s -> Pair.of(s, 1));
            var byPartitioner = kit.collect(in.combineByKey(v -> v, Integer::sum, Integer::sum, new HashPartitioner(3)));
            var byCount = kit.collect(in.combineByKey(v -> List.of(v), (List<Integer> c, Integer v) -> {
                List<Integer> out = new ArrayList<>(c);
                out.add(v);
                return out;
            }, (c1, c2) -> {
                List<Integer> out = new ArrayList<>(c1);
                out.addAll(c2);
                return out;
            }, 2).mapValues(List::size));
            var byDefault = kit.collect(in.combineByKey(v -> (long) v, (c, v) -> c + v, Long::sum));
            var parts = kit.collect(partitionCounts(kit, in.combineByKey(v -> v, Integer::sum, Integer::sum, new HashPartitioner(3))));
            kit.run(3);
            assertEquals(List.of(List.of("(a,2)", "(b,1)"), List.of("(,3)"), List.of()), byPartitioner.sorted());
            assertEquals(List.of(List.of("(a,2)", "(b,1)"), List.of("(,3)"), List.of()), byCount.sorted());
            assertEquals(List.of(List.of("(a,2)", "(b,1)"), List.of("(,3)"), List.of()), byDefault.sorted());
            assertEquals(List.of(List.of(3), List.of(3), List.of(3)), parts.batches());
            assertThrows(IllegalArgumentException.class, () -> in.combineByKey(v -> v, Integer::sum, Integer::sum, 0));
        }
    }

    @Test
    void updateStateByKeyWithNumPartitionsAndInitialState() throws Exception {
        try (StreamTestKit kit = new StreamTestKit()) {
            PairDStream<String, Integer> in = kit.<String>input(List.of("a", "b"), List.of("a"), List.of())
                    .mapToPair(s -> Pair.of(s, 1));
            PairRDD<String, Integer> initial = kit.ssc.parallelizePairs(List.of(Pair.of("a", 10), Pair.of("z", 5)));
            PairDStream<String, Integer> state = in.updateStateByKey((Iterable<Integer> vs, java.util.Optional<Integer> s) -> {
                int sum = s.orElse(0);
                for (int v : vs) {
                    sum += v;
                }
                return java.util.Optional.of(sum);
            }, 3, initial);
            var totals = kit.collect(state);
            var parts = kit.collect(partitionCounts(kit, state));
            kit.run(3);
            assertEquals(List.of(List.of("(a,11)", "(b,1)", "(z,5)"), List.of("(a,12)", "(b,1)", "(z,5)"),
                    List.of("(a,12)", "(b,1)", "(z,5)")), totals.sorted());
            assertEquals(List.of(List.of(3), List.of(3), List.of(3)), parts.batches());
        }
    }

    @Test
    void queueStreamWithADefaultDatasetGivesItForEveryBatchThatFindsTheQueueEmpty() throws Exception {
        try (StreamTestKit kit = new StreamTestKit()) {
            Queue<List<Integer>> q = new ConcurrentLinkedQueue<>(List.of(List.of(1, 2), List.of(3)));
            RDD<Integer> fallback = kit.ssc.parallelize(List.of(9, 8));
            var oneAtATime = kit.collect(kit.ssc.queueStream(q, true, fallback));
            Queue<List<Integer>> q2 = new ConcurrentLinkedQueue<>(List.of(List.of(1, 2), List.of(3)));
            var allAtOnce = kit.collect(kit.ssc.queueStream(q2, false, fallback));
            kit.run(4);
            assertEquals(List.of(List.of(1, 2), List.of(3), List.of(9, 8), List.of(9, 8)), oneAtATime.batches());
            assertEquals(List.of(List.of(1, 2, 3), List.of(9, 8), List.of(9, 8), List.of(9, 8)), allAtOnce.batches());
            q.add(List.of(7));
            kit.run(1);
            assertEquals(List.of(7), oneAtATime.batches().get(4));
            assertThrows(NullPointerException.class, () -> kit.ssc.queueStream(q, true, null));
        }
    }

    @Test
    void toJavaDStreamKeepsThePairs() throws Exception {
        try (StreamTestKit kit = new StreamTestKit()) {
            DStream<Pair<String, Integer>> pairs = kit.<String>input(List.of("a", "b")).mapToPair(s -> Pair.of(s, 1)).toJavaDStream();
            var out = kit.collect(pairs.map(p -> p.key() + p.value()));
            kit.run(1);
            assertEquals(List.of(List.of("a1", "b1")), out.batches());
        }
    }

    @Test
    void sparkNamedLifecycleMethods() throws Exception {
        List<Long> completed = Collections.synchronizedList(new ArrayList<>());
        StreamTestKit kit = new StreamTestKit();
        try {
            kit.collect(kit.input(List.of(1)));
            kit.ssc.addStreamingListener(new StreamingListener() {
                @Override
                public void onBatchCompleted(BatchInfo batch) {
                    completed.add(batch.batchTime().milliseconds());
                }
            });
            assertEquals(StreamingContextState.INITIALIZED, kit.ssc.getState());
            kit.run(2);
            assertEquals(StreamingContextState.ACTIVE, kit.ssc.getState());
            assertEquals(List.of(1000L, 2000L), List.copyOf(completed));
            kit.ssc.stop(true, true);
            assertEquals(StreamingContextState.STOPPED, kit.ssc.getState());
            assertEquals(kit.ssc.state(), kit.ssc.getState());
        } finally {
            kit.close();
        }
    }

    @Test
    void binaryRecordsStreamCutsNewFilesIntoRecordsAndReportsAFileOfPartialRecords(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createDirectories(tmp.resolve("in"));
        try (StreamTestKit kit = new StreamTestKit()) {
            DStream<byte[]> records = kit.ssc.binaryRecordsStream(dir.toString(), 3);
            var out = kit.collect(records.map(r -> new String(r, java.nio.charset.StandardCharsets.US_ASCII)));
            kit.run(1);
            java.nio.file.Files.write(tmp.resolve("a.bin"), "abcdefghi".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            java.nio.file.Files.move(tmp.resolve("a.bin"), dir.resolve("a.bin"));
            kit.run(1);
            java.nio.file.Files.write(tmp.resolve("b.bin"), "xyz1".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            java.nio.file.Files.move(tmp.resolve("b.bin"), dir.resolve("b.bin"));
            kit.run(2);
            assertEquals(List.of(List.of(), List.of("abc", "def", "ghi"), List.of(), List.of()), out.batches());
            assertEquals(1, kit.ssc.recentErrors().size(), kit.ssc.recentErrors().toString());
            org.junit.jupiter.api.Assertions.assertTrue(kit.ssc.recentErrors().get(0).toString().contains("not a multiple of the record length 3"),
                    kit.ssc.recentErrors().toString());
            assertThrows(IllegalArgumentException.class, () -> kit.ssc.binaryRecordsStream(dir.toString(), 0));
        }
    }
}
