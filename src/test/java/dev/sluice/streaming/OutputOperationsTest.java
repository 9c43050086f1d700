package dev.sluice.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** print, saveAsTextFiles and the batch reports of listeners. */
class OutputOperationsTest {

    private final ManualClock clock = new ManualClock();

    private StreamingContext context(ByteArrayOutputStream out) {
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        return StreamingContext.builder().batchInterval(Duration.ofSeconds(1)).parallelism(2).clock(clock)
                .console(() -> Console.of(ps, ps)).build();
    }

    private void run(StreamingContext ssc, int batches) throws InterruptedException {
        ssc.start();
        for (int i = 0; i < batches; i++) {
            clock.advance(Duration.ofSeconds(1));
            assertTrue(ssc.awaitBatch(new Time(clock.millis()), StreamTestKit.WAIT));
        }
    }

    @Test
    void printShowsTheBatchTimeAndTheFirstElements() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StreamingContext ssc = context(out);
        try {
            Queue<List<Integer>> q = new ConcurrentLinkedQueue<>(List.of(List.of(1, 2, 3), List.of()));
            OutputHandle h = ssc.queueStream(q).print(2);
            assertEquals("print", h.name());
            assertEquals(List.of(h), ssc.outputs());
            run(ssc, 2);
            String dashes = "-------------------------------------------\n";
            assertEquals(dashes + "Time: 1000 ms\n" + dashes + "1\n2\n...\n\n" + dashes + "Time: 2000 ms\n" + dashes + "\n",
                    out.toString(StandardCharsets.UTF_8));
        } finally {
            ssc.stop();
        }
    }

    @Test
    void saveAsTextFilesWritesOneDirectoryPerBatch(@TempDir Path dir) throws Exception {
        StreamingContext ssc = context(new ByteArrayOutputStream());
        try {
            Queue<List<String>> q = new ConcurrentLinkedQueue<>(List.of(List.of("a", "b", "c"), List.of("d")));
            ssc.queueStream(q).saveAsTextFiles(dir.resolve("out").toString(), "txt");
            run(ssc, 3);
            assertEquals(List.of("out-1000.txt", "out-2000.txt", "out-3000.txt"), list(dir));
            assertEquals(List.of("a", "b", "c"), lines(dir.resolve("out-1000.txt")));
            assertEquals(List.of("d"), lines(dir.resolve("out-2000.txt")));
            assertEquals(List.of(), lines(dir.resolve("out-3000.txt")));
            assertTrue(Files.exists(dir.resolve("out-1000.txt").resolve("_SUCCESS")));
        } finally {
            ssc.stop();
        }
    }

    @Test
    void saveAsTextFilesRemovesTemporaryDirectoriesOfBatchesCutShortBefore(@TempDir Path dir) throws Exception {
        Path litter = dir.resolve(".out-5000.txt.tmp-123456789");      // a batch killed half-way in an earlier run
        Files.createDirectories(litter);
        Files.writeString(litter.resolve("part-00000"), "half\n");
        Path unrelated = dir.resolve(".outside-5000.txt.tmp-1");        // another prefix: not ours
        Files.createDirectories(unrelated);
        Path otherSuffix = dir.resolve(".out-5000.csv.tmp-1");          // another suffix: not ours
        Files.createDirectories(otherSuffix);
        StreamingContext ssc = context(new ByteArrayOutputStream());
        try {
            Queue<List<String>> q = new ConcurrentLinkedQueue<>(List.of(List.of("a")));
            ssc.queueStream(q).saveAsTextFiles(dir.resolve("out").toString(), "txt");
            run(ssc, 1);
            assertTrue(Files.exists(dir.resolve("out-1000.txt").resolve("_SUCCESS")));
            assertTrue(!Files.exists(litter), "removed before the first batch");
            assertTrue(Files.exists(unrelated) && Files.exists(otherSuffix), "other outputs' directories are kept");
        } finally {
            ssc.stop();
        }
    }

    @Test
    void listenersGetBatchTimesInputsDelaysAndOutcomes() throws Exception {
        List<BatchInfo> completed = Collections.synchronizedList(new ArrayList<>());
        StreamingContext ssc = context(new ByteArrayOutputStream());
        try {
            ssc.addListener(new StreamingListener() {
                @Override
                public void onBatchCompleted(BatchInfo batch) {
                    completed.add(batch);
                }
            });
            Queue<List<Integer>> q = new ConcurrentLinkedQueue<>(List.of(List.of(1, 2, 3)));
            DStream<Integer> in = ssc.queueStream(q).name("numbers");
            in.count().foreachRDD(rdd -> rdd.collect());
            ssc.rateStream(5).name("rate").foreachRDD(rdd -> rdd.count());
            run(ssc, 2);
            assertEquals(2, completed.size());
            BatchInfo first = completed.get(0);
            assertEquals(new Time(1000), first.batchTime());
            assertEquals(Map.of("numbers", 3L, "rate", 5L), first.inputRecords());
            assertEquals(8, first.numRecords());
            assertEquals(Duration.ZERO, first.schedulingDelay().orElseThrow());
            assertTrue(first.processingDelay().isPresent() && first.totalDelay().isPresent());
            assertEquals(2, first.outputs().size());
            assertTrue(first.succeeded());
            assertEquals(Map.of("numbers", 0L, "rate", 5L), completed.get(1).inputRecords());
            assertEquals(completed, ssc.recentBatches());
        } finally {
            ssc.stop();
        }
    }

    @Test
    void rateStreamGeneratesConsecutiveNumbers() throws Exception {
        StreamingContext ssc = context(new ByteArrayOutputStream());
        try {
            List<List<Long>> batches = Collections.synchronizedList(new ArrayList<>());
            ssc.rateStream(4).foreachRDD(rdd -> batches.add(rdd.collect()));
            run(ssc, 3);
            assertEquals(List.of(List.of(0L, 1L, 2L, 3L), List.of(4L, 5L, 6L, 7L), List.of(8L, 9L, 10L, 11L)), batches);
        } finally {
            ssc.stop();
        }
    }

    private static List<String> list(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static List<String> lines(Path batchDir) throws Exception {
        List<String> all = new ArrayList<>();
        try (Stream<Path> s = Files.list(batchDir)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList()) {
                all.addAll(Files.readAllLines(p));
            }
        }
        return all;
    }
}
