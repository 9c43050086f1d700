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
 * the child with SIGKILL at random moments (after a random number of further acknowledgements, and
 * a random extra delay), restarts it from its checkpoint directory, and finally checks that every
 * acknowledged record is in the saved batches exactly once and that the running total kept with
 * updateStateByKey counts each record once.
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
        long total = 1_000 + cycles * 400L;
        Path checkpoint = work.resolve("checkpoint");
        Path out = work.resolve("out");
        classPath = isolatedClassPath();
        long begin = System.nanoTime();
        int kills = 0;
        try (FeederServer feeder = new FeederServer(total, rate)) {
            for (int cycle = 0; cycle < cycles; cycle++) {
                long connectionsBefore = feeder.connections.get();
                Process child = launch(checkpoint, out, feeder.port(), cycle);
                try {
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
                    if (child.waitFor(random.nextInt(400), TimeUnit.MILLISECONDS)) {
                        throw new AssertionError("cycle " + cycle + ": the child exited by itself\n" + log(cycle));
                    }
                } finally {
                    child.destroyForcibly();
                    assertTrue(child.waitFor(30, TimeUnit.SECONDS), "killed child did not exit");
                }
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
                double seconds = (System.nanoTime() - begin) / 1e9;
                String summary = String.format("crash recovery: %d SIGKILL cycles + final run, %d records acknowledged, %d lost,"
                                + " %d duplicated, running total %d (expected %d), %d connections, %d resumes below the"
                                + " acknowledged position, %.1f s, seed %d",
                        kills, feeder.acked() + 1, lost, duplicated, latestTotal, total, feeder.connections.get(),
                        feeder.resumesBelowAcked.get(), seconds, seed);
                System.out.println(summary);
                Path report = Path.of("target", "crash-recovery-" + cycles + ".txt");
                Files.createDirectories(report.getParent());
                Files.writeString(report, summary + System.lineSeparator());
                assertEquals(0, lost, summary);
                assertEquals(0, duplicated, summary);
                assertEquals(total, latestTotal, summary);
                assertEquals(0, feeder.resumesBelowAcked.get(), summary);
                assertTrue(feeder.connections.get() >= cycles + 1, "every child connected: " + summary);
            } finally {
                last.destroyForcibly();
                last.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private String classPath;

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
