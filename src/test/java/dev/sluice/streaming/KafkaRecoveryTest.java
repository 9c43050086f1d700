package dev.sluice.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Recovery of {@link StreamingContext#kafkaStream} from a checkpoint directory, against a real
 * single-node Kafka broker on the loopback interface: on a {@link ManualClock}, crashes between a
 * batch's save, its checkpoint and the commit of its offsets (the group's offsets ahead of the
 * checkpoint, behind it, no checkpoint yet, a damaged log entry); then a child program killed
 * with SIGKILL while records keep coming. In every case each record is saved exactly once.
 */
class KafkaRecoveryTest {

    private static KafkaTestBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = KafkaTestBroker.launch();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    private static List<String> values(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> prefix + i).toList();
    }

    /** A context on {@code clock} reading {@code topic} with checkpoints in {@code dir}, saving each batch's values under {@code out}. */
    private static StreamingContext checkpointed(Path dir, Path out, ManualClock clock, long checkpointMicros, String topic, String group) {
        return checkpointed(dir, out, clock, checkpointMicros, topic, group, false);
    }

    /** Like the other; with {@code dirAfterStreams}, the directory is set by {@code ssc.checkpoint(dir)} after the streams are defined. */
    private static StreamingContext checkpointed(Path dir, Path out, ManualClock clock, long checkpointMicros, String topic, String group,
                                                 boolean dirAfterStreams) {
        return StreamingContext.getOrCreate(dir, () -> {
            StreamingContext.Builder builder = StreamingContext.builder().batchInterval(Duration.ofSeconds(1)).parallelism(2)
                    .clock(clock).checkpointInterval(Duration.ofMillis(checkpointMicros));
            StreamingContext c = (dirAfterStreams ? builder : builder.checkpointDir(dir)).build();
            c.kafkaStream(broker.source(topic, group).build()).name("topic").map(KafkaRecord::value)
                    .saveAsTextFiles(out.resolve("batch").toString(), "txt");
            if (dirAfterStreams) {
                c.checkpoint(dir.toString());
            }
            return c;
        });
    }

    /** Saved values by batch time (sorted within a batch), from the {@code batch-<time>.txt} directories under {@code out}. */
    private static java.util.TreeMap<Long, List<String>> savedBatches(Path out) throws java.io.IOException {
        java.util.TreeMap<Long, List<String>> batches = new java.util.TreeMap<>();
        try (var dirs = Files.newDirectoryStream(out, "batch-*.txt")) {
            for (Path d : dirs) {
                String name = d.getFileName().toString();
                List<String> lines = new ArrayList<>();
                try (var parts = Files.newDirectoryStream(d, "part-*")) {
                    for (Path part : parts) {
                        lines.addAll(Files.readAllLines(part));
                    }
                }
                lines.sort(null);
                batches.put(Long.parseLong(name.substring("batch-".length(), name.length() - ".txt".length())), lines);
            }
        }
        return batches;
    }

    private static void await(StreamingContext ssc, long time) throws InterruptedException {
        assertTrue(ssc.awaitBatch(new Time(time), StreamTestKit.WAIT), "batch " + time + " did not complete");
    }

    private static List<String> checkpointFiles(Path dir) throws java.io.IOException {
        try (var files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(f -> f.startsWith("checkpoint-")).sorted()
                    .map(f -> String.valueOf(Long.parseLong(f.substring("checkpoint-".length())) / 1000)).toList();   // names hold microseconds
        }
    }

    /**
     * The group's offsets were committed past the last checkpoint (the boundary of batch 3000
     * committed batch 2000, then the kill came before the checkpoint of batch 3000): recovery runs
     * batch 2000 again with the offsets it had, not from the group's offsets, so its saved output
     * is the same and nothing is lost.
     */
    @Test
    void afterACrashBatchesAfterTheCheckpointReadTheirOwnOffsetsAgainThoughTheGroupCommittedThem(
            @org.junit.jupiter.api.io.TempDir Path work) throws Exception {
        broker.createTopic("recover-ahead", 2);
        Path dir = work.resolve("ckpt");
        Path out = work.resolve("out");
        StreamingContext a = checkpointed(dir, out, new ManualClock(), 2000, "recover-ahead", "g-recover-ahead");
        a.start();
        broker.produce("recover-ahead", 0, values("a", 3));
        broker.produce("recover-ahead", 1, values("b", 2));
        ((ManualClock) a.clock()).setTime(1000);
        await(a, 1000);
        broker.produce("recover-ahead", 0, values("c", 3));
        ((ManualClock) a.clock()).setTime(2000);
        await(a, 2000);
        a.stop(false);
        assertEquals(List.of("1000"), checkpointFiles(dir));
        assertEquals(Map.of(0, 6L, 1, 2L), broker.committed("g-recover-ahead", "recover-ahead"));
        Map<Long, List<String>> before = savedBatches(out);
        assertEquals(values("c", 3), before.get(2000L));

        broker.produce("recover-ahead", 1, values("d", 2));
        StreamingContext b = checkpointed(dir, out, new ManualClock(3000), 2000, "recover-ahead", "g-recover-ahead");
        try {
            b.start();
            await(b, 3000);
            java.util.TreeMap<Long, List<String>> after = savedBatches(out);
            assertEquals(before.get(1000L), after.get(1000L));
            assertEquals(values("c", 3), after.get(2000L), "batch 2000 run again: " + after);
            assertEquals(values("d", 2), after.get(3000L), "batch 3000: " + after);
        } finally {
            b.stop(true);
        }
        assertEquals(Map.of(0, 6L, 1, 4L), broker.committed("g-recover-ahead", "recover-ahead"));
    }

    /**
     * The last checkpoint is ahead of the group's offsets (the kill came after the checkpoint of
     * batch 2000, before the boundary of batch 3000 committed it): recovery goes on after batch
     * 2000's offsets, so batch 3000 holds only what came after; nothing is saved twice. The
     * directory is set by {@code ssc.checkpoint(dir)} after the stream was defined.
     */
    @Test
    void afterACrashTheBatchAfterTheCheckpointStartsWhereTheCheckpointedBatchEndedNotAtTheGroupsOffsets(
            @org.junit.jupiter.api.io.TempDir Path work) throws Exception {
        broker.createTopic("recover-behind", 2);
        Path dir = work.resolve("ckpt");
        Path out = work.resolve("out");
        StreamingContext a = checkpointed(dir, out, new ManualClock(), 1000, "recover-behind", "g-recover-behind", true);
        a.start();
        broker.produce("recover-behind", 0, values("a", 3));
        broker.produce("recover-behind", 1, values("b", 2));
        ((ManualClock) a.clock()).setTime(1000);
        await(a, 1000);
        broker.produce("recover-behind", 0, values("c", 3));
        broker.produce("recover-behind", 1, values("e", 1));
        ((ManualClock) a.clock()).setTime(2000);
        await(a, 2000);
        a.stop(false);
        assertEquals(List.of("1000", "2000"), checkpointFiles(dir));
        broker.setCommitted("g-recover-behind", "recover-behind", Map.of(0, 3L, 1, 2L));
        Map<Long, List<String>> before = savedBatches(out);

        broker.produce("recover-behind", 1, values("d", 2));
        StreamingContext b = checkpointed(dir, out, new ManualClock(3000), 1000, "recover-behind", "g-recover-behind", true);
        try {
            b.start();
            await(b, 3000);
            java.util.TreeMap<Long, List<String>> after = savedBatches(out);
            assertEquals(before, after.headMap(3000L), "batches up to the checkpoint are not run again: " + after);
            assertEquals(values("d", 2), after.get(3000L), "batch 3000: " + after);
        } finally {
            b.stop(true);
        }
        assertEquals(Map.of(0, 6L, 1, 5L), broker.committed("g-recover-behind", "recover-behind"));
    }

    /**
     * The kill came after batch 1000 saved its output, before its checkpoint and its commit: with
     * no checkpoint, recovery runs the batches from the first one in the log again, at their own
     * times and with their own offsets, instead of starting afresh and reading them twice.
     */
    @Test
    void afterACrashBeforeTheFirstCheckpointTheLoggedBatchesRunAgainAtTheirOwnTimes(@org.junit.jupiter.api.io.TempDir Path work)
            throws Exception {
        broker.createTopic("recover-first", 2);
        Path dir = work.resolve("ckpt");
        Path out = work.resolve("out");
        StreamingContext a = checkpointed(dir, out, new ManualClock(), 1000, "recover-first", "g-recover-first");
        a.start();
        broker.produce("recover-first", 0, values("a", 3));
        broker.produce("recover-first", 1, values("b", 2));
        ((ManualClock) a.clock()).setTime(1000);
        await(a, 1000);
        a.stop(false);
        for (String t : checkpointFiles(dir)) {
            Files.delete(dir.resolve(String.format("checkpoint-%020d", Long.parseLong(t) * 1000)));
        }
        Map<Integer, Long> none = new java.util.HashMap<>();
        none.put(0, null);
        none.put(1, null);
        broker.setCommitted("g-recover-first", "recover-first", none);
        assertEquals(Map.of(), broker.committed("g-recover-first", "recover-first"));
        Map<Long, List<String>> before = savedBatches(out);
        assertEquals(Set.of(1000L), before.keySet());

        broker.produce("recover-first", 1, values("d", 2));
        StreamingContext b = checkpointed(dir, out, new ManualClock(3000), 1000, "recover-first", "g-recover-first");
        try {
            b.start();
            ((ManualClock) b.clock()).setTime(4000);
            await(b, 4000);
            java.util.TreeMap<Long, List<String>> after = savedBatches(out);
            List<String> all = after.values().stream().flatMap(List::stream).sorted().toList();
            List<String> expected = new ArrayList<>(values("a", 3));
            expected.addAll(values("b", 2));
            expected.addAll(values("d", 2));
            expected.sort(null);
            assertEquals(expected, all, "every record once: " + after);
            assertEquals(before.get(1000L), after.get(1000L), "batch 1000 run again: " + after);
        } finally {
            b.stop(true);
        }
    }

    /**
     * The log entry with batch 2000's offsets is damaged: the damage is reported, and batch 2000,
     * run again, reads the offsets between batch 1000's (in the checkpoint) and batch 3000's (logged
     * after the damage), which are the offsets it had.
     */
    @Test
    void aBatchWhoseLoggedOffsetsWereDamagedReadsTheOffsetsBetweenItsNeighbours(@org.junit.jupiter.api.io.TempDir Path work)
            throws Exception {
        broker.createTopic("recover-gap", 2);
        Path dir = work.resolve("ckpt");
        Path out = work.resolve("out");
        StreamingContext a = checkpointed(dir, out, new ManualClock(), 5000, "recover-gap", "g-recover-gap");
        a.start();
        for (int t = 1; t <= 3; t++) {
            broker.produce("recover-gap", 0, values("p0-" + t + "-", t + 1));
            broker.produce("recover-gap", 1, values("p1-" + t + "-", 4 - t));
            ((ManualClock) a.clock()).setTime(t * 1000L);
            await(a, t * 1000L);
        }
        a.stop(false);
        assertEquals(List.of("1000"), checkpointFiles(dir));
        Map<Long, List<String>> before = savedBatches(out);
        Path segment;
        try (var segments = Files.list(dir.resolve("wal"))) {
            segment = segments.sorted().findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(segment);
        byte[] entry = new java.io.ByteArrayOutputStream() {
            byte[] of() throws java.io.IOException {
                java.io.DataOutputStream d = new java.io.DataOutputStream(this);
                d.writeUTF("name:topic");
                d.writeLong(2_000_000);     // batch times are logged in microseconds
                return toByteArray();
            }
        }.of();
        int at = -1;
        for (int i = 0; at < 0 && i + entry.length <= bytes.length; i++) {
            if (java.util.Arrays.equals(bytes, i, i + entry.length, entry, 0, entry.length)) {
                at = i;
            }
        }
        assertTrue(at > 0, "batch 2000's offsets are in the first segment");
        bytes[at + entry.length + 6] ^= 0x5a;   // inside the ranges
        Files.write(segment, bytes);

        StreamingContext b = checkpointed(dir, out, new ManualClock(3000), 5000, "recover-gap", "g-recover-gap");
        try {
            b.start();
            await(b, 3000);
            assertEquals(before, savedBatches(out));
            List<String> errors = b.recentErrors().stream().map(StreamingError::message).toList();
            assertEquals(1, errors.size(), errors.toString());
            assertTrue(errors.get(0).contains("write-ahead log in " + dir.resolve("wal") + " is damaged: 1 log record ("), errors.get(0));
        } finally {
            b.stop(true);
        }
    }

    /**
     * A program reading a topic with checkpoints is killed with SIGKILL while records keep coming
     * (a few cycles, at random moments), then runs to the end: every produced record is in the
     * saved batches exactly once. Three cycles here; {@code scripts/crash-soak} sets
     * {@code sluice.kafka.crash.cycles} for many, and {@code sluice.kafka.crash.pauseMs} makes every
     * batch of the child end with a pause, so that kills fall more often between a batch's save,
     * its checkpoint and the commit of its offsets (where records were once saved twice or lost).
     */
    @Test
    void aProgramKilledWithSigkillNeitherLosesNorRereadsRecords(@org.junit.jupiter.api.io.TempDir java.nio.file.Path work)
            throws Exception {
        int cycles = Integer.getInteger("sluice.kafka.crash.cycles", 3);
        long seed = Long.getLong("sluice.crash.seed", System.nanoTime());
        long pauseMs = Long.getLong("sluice.kafka.crash.pauseMs", 0);
        java.util.Random random = new java.util.Random(seed);
        broker.createTopic("crash", 2);
        java.nio.file.Path checkpoint = work.resolve("checkpoint");
        java.nio.file.Path out = work.resolve("out");
        String javaBin = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        int produced = 0;
        long begin = System.nanoTime();
        for (int cycle = 0; cycle <= cycles; cycle++) {
            ProcessBuilder pb = new ProcessBuilder(javaBin, "-Xmx192m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                    "-Dsluice.kafka.crash.pauseMs=" + pauseMs, "-cp", cp, KafkaCrashApp.class.getName(),
                    checkpoint.toString(), out.toString(), broker.bootstrap(), "crash", "g-crash");
            pb.redirectErrorStream(true);
            java.nio.file.Path logFile = work.resolve("child-" + cycle + ".log");
            pb.redirectOutput(logFile.toFile());
            Process child = pb.start();
            try {
                for (int burst = 0; burst < 3; burst++) {
                    for (int p = 0; p < 2; p++) {
                        broker.produce("crash", p, values("c" + cycle + "-b" + burst + "-p" + p + "-", 100));
                        produced += 100;
                    }
                    if (cycle < cycles) {
                        child.waitFor(200 + random.nextInt(600), java.util.concurrent.TimeUnit.MILLISECONDS);
                    }
                }
                if (cycle == cycles) {
                    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(90);
                    while (System.nanoTime() < deadline && savedValues(out).size() < produced && child.isAlive()) {
                        child.waitFor(100, java.util.concurrent.TimeUnit.MILLISECONDS);
                    }
                }
                assertTrue(child.isAlive(), "cycle " + cycle + ": the child exited\n" + java.nio.file.Files.readString(logFile));
            } finally {
                child.destroyForcibly();
                assertTrue(child.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "killed child did not exit");
            }
        }
        java.util.Map<String, Integer> seen = new java.util.HashMap<>();
        for (String v : savedValues(out)) {
            seen.merge(v, 1, Integer::sum);
        }
        long lost = 0;
        for (int cycle = 0; cycle <= cycles; cycle++) {
            for (int burst = 0; burst < 3; burst++) {
                for (int p = 0; p < 2; p++) {
                    for (String v : values("c" + cycle + "-b" + burst + "-p" + p + "-", 100)) {
                        lost += seen.containsKey(v) ? 0 : 1;
                    }
                }
            }
        }
        long duplicated = seen.values().stream().filter(n -> n > 1).count();
        String summary = String.format("kafka crash recovery: %d SIGKILL cycles + final run (batches end with a %d ms pause),"
                + " %d records produced, %d lost, %d read twice, %.1f s, seed %d", cycles, pauseMs, produced, lost, duplicated,
                (System.nanoTime() - begin) / 1e9, seed);
        System.out.println(summary);
        java.nio.file.Files.createDirectories(java.nio.file.Path.of("target"));
        java.nio.file.Files.writeString(java.nio.file.Path.of("target", "crash-kafka.txt"), summary + System.lineSeparator());
        assertEquals(0, lost, summary);
        assertEquals(0, duplicated, summary);
        assertEquals(produced, seen.size(), summary);
    }

    /** Returns every line of every saved batch directory, in no particular order. */
    private static List<String> savedValues(java.nio.file.Path out) throws java.io.IOException {
        java.nio.file.Path dir = out.resolve("records");
        List<String> all = new java.util.ArrayList<>();
        if (!java.nio.file.Files.isDirectory(dir)) {
            return all;
        }
        try (var batches = java.nio.file.Files.newDirectoryStream(dir, "batch-*")) {
            for (java.nio.file.Path batch : batches) {
                try (var parts = java.nio.file.Files.newDirectoryStream(batch, "part-*")) {
                    for (java.nio.file.Path part : parts) {
                        all.addAll(java.nio.file.Files.readAllLines(part));
                    }
                } catch (java.nio.file.NoSuchFileException e) {
                    // replaced by a batch run again meanwhile; read on the next poll
                }
            }
        }
        return all;
    }
}
