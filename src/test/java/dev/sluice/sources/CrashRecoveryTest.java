package dev.sluice.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash recovery with real processes: the engine runs {@link CrashTestApp} in a child JVM fed by a
 * {@link FeederServer} on 127.0.0.1 through the reliable {@link AckingLineReceiver}; the test kills
 * the child with SIGKILL at random moments (while batches run: after a random number of further
 * acknowledgements and a random extra delay; during startup and recovery; during a graceful stop),
 * restarts it from its checkpoint directory, and finally checks that every acknowledged record is
 * in the saved batches exactly once, that the running total kept with updateStateByKey counts each
 * record once, and that the saved state of updateStateByKey, mapWithState and an inverse window
 * equals, at every batch, the state computed from the saved records. A second test damages a log
 * segment between two runs.
 *
 * <p>CI runs {@value #DEFAULT_CYCLES} crash cycles. The soak runs more:
 * {@code mvn -B -o test -Dtest=CrashRecoveryTest -Dsluice.crash.cycles=120} (or
 * {@code scripts/crash-soak 120}); figures are printed and written to
 * {@code target/crash-recovery-<cycles>.txt}.
 */
class CrashRecoveryTest {

    static final int DEFAULT_CYCLES = 3;

    @TempDir
    Path work;

    @Test
    void everyAcknowledgedRecordIsSavedExactlyOnceAcrossKills() throws Exception {
        int cycles = Integer.getInteger("sluice.crash.cycles", DEFAULT_CYCLES);
        long seed = Long.getLong("sluice.crash.seed", System.nanoTime());
        Random random = new Random(seed);
        long rate = 400;
        long total = 1_000 + cycles * 800L;   // the feeder offers 400 records a second whether or not a child reads them
        Path checkpoint = work.resolve("checkpoint");
        Path out = work.resolve("out");
        classPath = isolatedClassPath();
        long begin = System.nanoTime();
        int kills = 0;
        try (FeederServer feeder = new FeederServer(total, rate)) {
            for (int cycle = 0; cycle < cycles; cycle++) {
                // every third cycle after the first kills during startup and recovery; every third
                // other one during a graceful stop; the rest while batches run
                Kind kind = cycle > 0 && cycle % 3 == 1 ? Kind.RECOVERY : cycle % 3 == 2 ? Kind.STOP : Kind.RUNNING;
                long connectionsBefore = feeder.connections.get();
                Process child = launch(checkpoint, out, feeder.port(), cycle);
                try {
                    if (kind == Kind.RECOVERY) {
                        child.waitFor(100 + random.nextInt(700), TimeUnit.MILLISECONDS);
                    } else {
                        // acknowledgements of the killed child may still be arriving: count only this child's
                        assertTrue(feeder.awaitConnections(connectionsBefore + 1, 60_000, child),
                                "cycle " + cycle + ": the child did not connect\n" + log(cycle));
                        long target = feeder.acked() + 1 + random.nextInt(300);
                        if (target >= total - 1) {
                            throw new AssertionError("the feeder ran out of records before cycle " + cycle);
                        }
                        assertTrue(feeder.awaitAcked(target, 60_000, child),
                                "cycle " + cycle + ": the child acknowledged nothing up to " + target + " (acked " + feeder.acked()
                                        + ", alive " + child.isAlive() + ")\n" + log(cycle));
                        if (kind == Kind.STOP) {
                            // the child makes its output folder with its first saved batch, which may not have come yet
                            Files.createDirectories(out);
                            Files.writeString(out.resolve("stop-now"), "");
                            child.waitFor(random.nextInt(300), TimeUnit.MILLISECONDS);   // it may finish stopping first
                        } else if (child.waitFor(random.nextInt(400), TimeUnit.MILLISECONDS)) {
                            throw new AssertionError("cycle " + cycle + ": the child exited by itself\n" + log(cycle));
                        }
                    }
                } finally {
                    child.destroyForcibly();
                    assertTrue(child.waitFor(30, TimeUnit.SECONDS), "killed child did not exit");
                    Files.deleteIfExists(out.resolve("stop-now"));
                }
                kinds.merge(kind, 1, Integer::sum);
                kills++;
            }
            Process last = launch(checkpoint, out, feeder.port(), cycles);
            try {
                assertTrue(feeder.awaitAcked(total - 1, 120_000, last), "the last child did not acknowledge every record"
                        + " (acked " + feeder.acked() + " of " + total + ")\n" + log(cycles));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                Map<Long, Integer> seen = Map.of();
                long latestTotal = -1;
                while (System.nanoTime() < deadline) {
                    seen = savedRecords(out.resolve("records"));
                    latestTotal = latestTotal(out.resolve("total"));
                    if (seen.size() == total && latestTotal == total) {
                        break;
                    }
                    if (last.waitFor(100, TimeUnit.MILLISECONDS)) {
                        break;
                    }
                }
                long lost = 0;
                long duplicated = 0;
                for (long i = 0; i < total; i++) {
                    int n = seen.getOrDefault(i, 0);
                    if (n == 0) {
                        lost++;
                    } else if (n > 1) {
                        duplicated++;
                    }
                }
                StateCheck states = checkStates(out);
                double seconds = (System.nanoTime() - begin) / 1e9;
                String summary = String.format("crash recovery: %d SIGKILL cycles (%d while running, %d during recovery, %d during"
                                + " stop(true)) + final run, %d records acknowledged, %d lost, %d duplicated, running total %d"
                                + " (expected %d), state of updateStateByKey/mapWithState/inverse window checked at %d batches,"
                                + " %d wrong, %d connections, %d resumes below the acknowledged position, %.1f s, seed %d",
                        kills, kinds.getOrDefault(Kind.RUNNING, 0), kinds.getOrDefault(Kind.RECOVERY, 0),
                        kinds.getOrDefault(Kind.STOP, 0), feeder.acked() + 1, lost, duplicated, latestTotal, total,
                        states.checked, states.wrong.size(), feeder.connections.get(), feeder.resumesBelowAcked.get(), seconds,
                        seed);
                System.out.println(summary);
                Path report = Path.of("target", "crash-recovery-" + cycles + ".txt");
                Files.createDirectories(report.getParent());
                Files.writeString(report, summary + System.lineSeparator());
                assertEquals(List.of(), states.wrong.subList(0, Math.min(5, states.wrong.size())), summary);
                assertTrue(states.checked >= 3 * 5, "enough batches with state to check: " + summary);
                assertEquals(0, lost, summary);
                assertEquals(0, duplicated, summary);
                assertEquals(total, latestTotal, summary);
                assertEquals(0, feeder.resumesBelowAcked.get(), summary);
                assertTrue(feeder.connections.get() >= cycles + 1 - kinds.getOrDefault(Kind.RECOVERY, 0),
                        "every child connected: " + summary);
            } finally {
                last.destroyForcibly();
                last.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * A SIGKILLed run's log gets 64 bad bytes in the middle of its largest segment; the next run
     * recovers every record outside the damaged log records (at most two blocks of 50 lines for
     * 64 bytes) and reports the loss as an error.
     */
    @Test
    void damageInTheMiddleOfASegmentLosesAtMostTheDamagedRecordsAndIsReported() throws Exception {
        long total = 2_000;
        Path checkpoint = work.resolve("checkpoint");
        Path out = work.resolve("out");
        classPath = isolatedClassPath();
        try (FeederServer feeder = new FeederServer(total, 400)) {
            Process first = launch(checkpoint, out, feeder.port(), 0);
            try {
                assertTrue(feeder.awaitAcked(700, 60_000, first), "the first run acknowledged 700 records\n" + log(0));
            } finally {
                first.destroyForcibly();
                assertTrue(first.waitFor(30, TimeUnit.SECONDS), "killed child did not exit");
            }
            Path segment;
            try (var files = Files.list(checkpoint.resolve("wal"))) {
                segment = files.max(java.util.Comparator.comparingLong(p -> p.toFile().length())).orElseThrow();
            }
            byte[] bytes = Files.readAllBytes(segment);
            for (int i = 0; i < 64; i++) {
                bytes[bytes.length / 2 + i] ^= 0x5a;
            }
            Files.write(segment, bytes);
            dev.sluice.engine.durability.WalScanner.Report damage =
                    dev.sluice.engine.durability.WalScanner.scan(checkpoint.resolve("wal"), null);
            Process last = launch(checkpoint, out, feeder.port(), 1);
            try {
                assertTrue(feeder.awaitAcked(total - 1, 120_000, last), "the second run acknowledged every record\n" + log(1));
                Map<Long, Integer> seen = Map.of();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (System.nanoTime() < deadline && !seen.containsKey(total - 1) && !last.waitFor(100, TimeUnit.MILLISECONDS)) {
                    seen = savedRecords(out.resolve("records"));
                }
                seen = savedRecords(out.resolve("records"));
                long lost = 0;
                long duplicated = 0;
                for (long i = 0; i < total; i++) {
                    int n = seen.getOrDefault(i, 0);
                    lost += n == 0 ? 1 : 0;
                    duplicated += n > 1 ? 1 : 0;
                }
                String childLog = log(1);
                String summary = String.format("damaged segment: 64 bad bytes in %s (%d bytes, %d records; the scan finds %d log"
                                + " records lost), %d of %d acknowledged records lost, %d duplicated, reported: %s",
                        segment.getFileName(), bytes.length, damage.records() + damage.lostRecords(), damage.lostRecords(), lost,
                        total, duplicated, childLog.contains("is damaged"));
                System.out.println(summary);
                Files.createDirectories(Path.of("target"));
                Files.writeString(Path.of("target", "crash-damage.txt"), summary + System.lineSeparator());
                assertEquals(1, damage.losses().size(), damage.describe());
                assertTrue(lost <= 2 * 50, summary);
                assertTrue(childLog.contains("write-ahead log in " + checkpoint.resolve("wal") + " is damaged"), summary + "\n" + childLog);
                assertTrue(seen.containsKey(total - 1) && seen.containsKey(0L), "records before and after the damage: " + summary);
            } finally {
                last.destroyForcibly();
                last.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private String classPath;

    /** Where a cycle's kill lands. */
    enum Kind { RUNNING, RECOVERY, STOP }

    private final Map<Kind, Integer> kinds = new java.util.EnumMap<>(Kind.class);

    /** How many state outputs were compared with the state computed from the saved records, and which differed. */
    record StateCheck(int checked, List<String> wrong) {
    }

    /**
     * Compares, at every batch whose records were saved, the saved state of the three stateful
     * streams with the state computed from the saved records of that batch and the batches before
     * it (a batch run again replaces its directories, so the saved records are each batch's input).
     */
    static StateCheck checkStates(Path out) throws IOException {
        java.util.TreeMap<Long, List<String>> records = batchLines(out.resolve("records"));
        Map<String, java.util.TreeMap<Long, List<String>>> saved = new java.util.LinkedHashMap<>();
        for (String name : List.of("counts", "sums", "window")) {
            saved.put(name, batchLines(out.resolve(name)));
        }
        int checked = 0;
        List<String> wrong = new ArrayList<>();
        Map<Long, Long> counts = new java.util.TreeMap<>();
        Map<Long, Long> sums = new java.util.TreeMap<>();
        for (Map.Entry<Long, List<String>> batch : records.entrySet()) {
            long t = batch.getKey();
            for (String line : batch.getValue()) {
                if (!line.startsWith("rec-")) {
                    continue;
                }
                long n = Long.parseLong(line.substring(4));
                counts.merge(n % 5, 1L, Long::sum);
                sums.merge(n % 3, n, Long::sum);
            }
            Map<Long, Long> window = new java.util.TreeMap<>();
            for (List<String> lines : records.subMap(t - 1000, false, t, true).values()) {
                for (String line : lines) {
                    if (!line.startsWith("rec-")) {
                        continue;
                    }
                    window.merge(Long.parseLong(line.substring(4)) % 4, 1L, Long::sum);
                }
            }
            Map<String, Map<Long, Long>> expected = Map.of("counts", counts, "sums", sums, "window", window);
            for (Map.Entry<String, java.util.TreeMap<Long, List<String>>> e : saved.entrySet()) {
                List<String> got = e.getValue().get(t);
                if (got == null) {
                    continue;   // the batch's state was not saved (yet): nothing to compare
                }
                List<String> want = new ArrayList<>();
                expected.get(e.getKey()).forEach((k, v) -> want.add("(" + k + "," + v + ")"));
                List<String> sorted = new ArrayList<>(got);
                sorted.sort(null);
                want.sort(null);
                checked++;
                if (!want.equals(sorted)) {
                    wrong.add(e.getKey() + " at " + t + " ms: saved " + sorted + ", expected " + want);
                }
            }
        }
        return new StateCheck(checked, wrong);
    }

    /** Returns the lines of every saved batch directory under {@code dir}, by batch time. */
    private static java.util.TreeMap<Long, List<String>> batchLines(Path dir) throws IOException {
        java.util.TreeMap<Long, List<String>> out = new java.util.TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> batches = Files.newDirectoryStream(dir, "batch-*")) {
            for (Path batch : batches) {
                String name = batch.getFileName().toString();
                long time = Long.parseLong(name.substring("batch-".length(), name.indexOf('.')));
                List<String> lines = new ArrayList<>();
                for (File part : listParts(batch)) {
                    lines.addAll(Files.readAllLines(part.toPath()));
                }
                out.put(time, lines);
            }
        }
        return out;
    }

    /** Copies the class directories of the test class path, so that a rebuild while the test runs cannot disturb the children. */
    private String isolatedClassPath() throws IOException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String entry : cp.split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (Files.isDirectory(p)) {
                Path copy = work.resolve("classes-" + n++);
                try (var walk = Files.walk(p)) {
                    for (Path src : (Iterable<Path>) walk::iterator) {
                        Path dst = copy.resolve(p.relativize(src).toString());
                        if (Files.isDirectory(src)) {
                            Files.createDirectories(dst);
                        } else {
                            Files.copy(src, dst);
                        }
                    }
                }
                entries.add(copy.toString());
            } else {
                entries.add(entry);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private Process launch(Path checkpoint, Path out, int port, int cycle) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = classPath;
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx192m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", cp, CrashTestApp.class.getName(),
                checkpoint.toString(), out.toString(), Integer.toString(port)));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.redirectErrorStream(true);
        pb.redirectOutput(logFile(cycle).toFile());
        return pb.start();
    }

    private Path logFile(int cycle) {
        return work.resolve("child-" + cycle + ".log");
    }

    private String log(int cycle) {
        try {
            String s = Files.readString(logFile(cycle));
            return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Returns how many times each record number appears in the saved batch directories. */
    private static Map<Long, Integer> savedRecords(Path dir) throws IOException {
        Map<Long, Integer> seen = new HashMap<>();
        if (!Files.isDirectory(dir)) {
            return seen;
        }
        try (DirectoryStream<Path> batches = Files.newDirectoryStream(dir, "batch-*")) {
            for (Path batch : batches) {
                for (File part : listParts(batch)) {
                    for (String line : Files.readAllLines(part.toPath())) {
                        if (line.startsWith("rec-")) {
                            seen.merge(Long.parseLong(line.substring(4)), 1, Integer::sum);
                        }
                    }
                }
            }
        }
        return seen;
    }

    private static List<File> listParts(Path batch) {
        File[] files = batch.toFile().listFiles((d, name) -> name.startsWith("part-"));
        return files == null ? List.of() : List.of(files);
    }

    /** Returns the running total saved by the latest batch, or -1. */
    private static long latestTotal(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return -1;
        }
        long latestTime = Long.MIN_VALUE;
        long value = -1;
        try (DirectoryStream<Path> batches = Files.newDirectoryStream(dir, "batch-*")) {
            for (Path batch : batches) {
                String name = batch.getFileName().toString();
                long time = Long.parseLong(name.substring("batch-".length(), name.indexOf('.')));
                if (time < latestTime) {
                    continue;
                }
                for (File part : listParts(batch)) {
                    for (String line : Files.readAllLines(part.toPath())) {
                        if (line.startsWith("(total,")) {
                            latestTime = time;
                            value = Long.parseLong(line.substring(7, line.length() - 1));
                        }
                    }
                }
            }
        }
        return value;
    }
}
