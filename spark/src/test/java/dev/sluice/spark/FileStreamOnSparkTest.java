package dev.sluice.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.streaming.DStream;
import dev.sluice.streaming.ManualClock;
import dev.sluice.streaming.Pair;
import dev.sluice.streaming.PairDStream;
import dev.sluice.streaming.StreamingContext;
import dev.sluice.streaming.UpdateStateFunction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code textFileStream} and {@code binaryRecordsStream} on Spark ({@code local[2]}, a manual
 * clock): the same files give the same batches as on the embedded engine, and a restart of Spark's
 * streaming context (a stream attached while running) neither loses nor repeats a file.
 */
class FileStreamOnSparkTest {

    /** A running sum per key (a state stream: Spark checkpoints the graph, file stream included). */
    static final UpdateStateFunction<Integer, Integer> SUM = (values, state) -> {
        int n = state.orElse(0);
        for (int v : values) {
            n += v;
        }
        return Optional.of(n);
    };

    /**
     * Writes {@code content} outside {@code dir}, last modified {@code agoMs} before now, and renames
     * it into {@code dir} under {@code name}: the safe way to hand a file to the stream.
     */
    static void moveIn(Path dir, String name, String content, long agoMs) {
        try {
            Path staged = dir.resolveSibling(dir.getFileName() + "-" + name + ".staged");
            Files.writeString(staged, content, StandardCharsets.UTF_8);
            Files.setLastModifiedTime(staged, FileTime.fromMillis(System.currentTimeMillis() - agoMs));
            Files.move(staged, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path file, String content) {
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theSameFilesGiveTheSameBatchesOnBothEngines() throws Exception {
        Differential.Both both = Differential.both(8, List.of(), true, env -> {
            Path text = env.dir.resolve("text");
            Path binary = env.dir.resolve("binary");
            try {
                Files.createDirectories(text);
                Files.createDirectories(binary);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            write(text.resolve("before-start.txt"), "old\n");
            DStream<String> lines = env.ssc.textFileStream(text);
            env.collectOrdered("lines", lines);
            PairDStream<String, Integer> byFirst = lines.mapToPair(l -> Pair.of(l.isEmpty() ? "-" : l.substring(0, 1), 1));
            env.collect("lines by first character", byFirst.updateStateByKey(SUM));
            env.collectOrdered("records", env.ssc.binaryRecordsStream(binary.toString(), 4).map(b -> new String(b, StandardCharsets.US_ASCII)));
            env.beforeBatch(i -> {
                switch (i) {
                    case 1 -> {
                        moveIn(text, "a.txt", "a1\na2\n", 3_000);
                        moveIn(text, "b.txt", "b1\r\nb2", 4_000);     // older: first in the batch
                        write(text.resolve(".hidden"), "h\n");
                        write(text.resolve("_COPYING_"), "c\n");
                    }
                    case 2 -> {
                        write(text.resolve("in-place.txt"), "p1\n");   // unchanged for the stable time (5 s): batch 7
                        moveIn(binary, "r.bin", "abcdefgh", 3_000);
                    }
                    case 3 -> moveIn(text, "empty.txt", "", 3_000);
                    case 4 -> moveIn(text, "blank-lines.txt", "\n\nd3\n", 3_000);
                    default -> {
                    }
                }
            });
        });
        both.assertSameOutputs();
        assertEquals(List.of(
                new Differential.Batch(1000, List.of("b1", "b2", "a1", "a2")),
                new Differential.Batch(2000, List.of()),
                new Differential.Batch(3000, List.of()),
                new Differential.Batch(4000, List.of("", "", "d3")),
                new Differential.Batch(5000, List.of()),
                new Differential.Batch(6000, List.of()),
                new Differential.Batch(7000, List.of("p1")),
                new Differential.Batch(8000, List.of())), both.spark().of("lines"));
        assertEquals(List.of("abcd", "efgh"), both.spark().of("records").get(1).elements());
        assertEquals(List.of("(-,2)", "(a,2)", "(b,2)", "(d,1)", "(p,1)"), both.spark().of("lines by first character").get(7).elements());
    }

    @Test
    void filesWrittenBeforeDuringAndAfterARestartAreEachReadOnce() throws Exception {
        ManualClock clock = new ManualClock(0);
        LiveGraphTest.WaitingConsole console = new LiveGraphTest.WaitingConsole();
        Path root = Files.createTempDirectory("sluice-files");
        Path in = Files.createDirectories(root.resolve("in"));
        try (StreamingContext ssc = StreamingContext.builder().master("local[2]").batchInterval(LiveGraphTest.BATCH).parallelism(2)
                .clock(clock).console(() -> console).build()) {
            write(in.resolve("there-at-start.txt"), "s1\n");
            DStream<String> lines = ssc.textFileStream(in);
            List<List<String>> batches = LiveGraphTest.record(lines);
            List<List<String>> totals = LiveGraphTest.record(lines.mapToPair(l -> Pair.of("lines", 1)).updateStateByKey(SUM));
            ssc.start();

            moveIn(in, "before.txt", "b1\nb2\n", 3_000);
            LiveGraphTest.runBatch(ssc, clock, 1);
            LiveGraphTest.runBatch(ssc, clock, 2);

            List<List<String>> upper = LiveGraphTest.record(lines.map(String::toUpperCase));
            moveIn(in, "during-1.txt", "d1\n", 3_000);         // while the old streaming context still runs, after its last batch
            String message = console.await("Attached by restarting Spark's streaming context", Duration.ofSeconds(120));
            assertTrue(message.contains("the last batch before the restart was t=2s, the first after it is t=3s"), message);
            moveIn(in, "during-2.txt", "d2\n", 3_000);         // the new one runs, before its first batch
            LiveGraphTest.runBatch(ssc, clock, 3);
            moveIn(in, "after.txt", "a1\n", 3_000);
            LiveGraphTest.runBatch(ssc, clock, 4);
            LiveGraphTest.runBatch(ssc, clock, 5);

            assertEquals(List.of(List.of("b1", "b2"), List.of(), List.of("d1", "d2"), List.of("a1"), List.of()), batches,
                    "every file once, none lost in the restart, the one there at the start never");
            assertEquals(List.of(List.of("D1", "D2"), List.of("A1"), List.of()), upper, "the attached stream from the first batch after the restart");
            assertEquals(List.of("(lines,5)"), totals.get(4), "the state counted each line once over the restart");
            assertEquals(1, console.count("Attached by restarting"), console.text());
            assertEquals(List.of(), ssc.recentErrors());
        } finally {
            Differential.deleteRecursively(root);
        }
    }

    @Test
    void aMissingDirectoryIsReportedOnceAndItsFilesAreReadOnceItExists() throws Exception {
        ManualClock clock = new ManualClock(0);
        Path root = Files.createTempDirectory("sluice-files");
        Path in = root.resolve("later");
        try (StreamingContext ssc = StreamingContext.builder().master("local[2]").batchInterval(LiveGraphTest.BATCH).parallelism(2)
                .clock(clock).build()) {
            List<List<String>> batches = LiveGraphTest.record(ssc.textFileStream(in));
            ssc.start();
            LiveGraphTest.runBatch(ssc, clock, 1);
            LiveGraphTest.runBatch(ssc, clock, 2);
            List<dev.sluice.streaming.StreamingError> errors = ssc.recentErrors();
            assertEquals(1, errors.size(), errors.toString());
            assertTrue(errors.get(0).contains("Directory " + in.toAbsolutePath() + " of textFileStream does not exist"), errors.toString());
            assertEquals(Optional.of("textFileStream"), errors.get(0).stream(), errors.toString());
            Files.createDirectories(in);
            moveIn(in, "first.txt", "f1\n", 3_000);
            LiveGraphTest.runBatch(ssc, clock, 3);
            LiveGraphTest.runBatch(ssc, clock, 4);
            assertEquals(List.of(List.of(), List.of(), List.of("f1"), List.of()), batches);
            assertEquals(1, ssc.recentErrors().size(), ssc.recentErrors().toString());
        } finally {
            Differential.deleteRecursively(root);
        }
    }
}
