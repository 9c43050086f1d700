package dev.sluice.engine.durability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.streaming.WalSync;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file write-ahead log: order, rolling, cleanup, torn tails and checksums. */
class FileWriteAheadLogTest {

    @TempDir
    Path dir;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> strings(List<byte[]> records) {
        List<String> out = new ArrayList<>();
        for (byte[] r : records) {
            out.add(new String(r, StandardCharsets.UTF_8));
        }
        return out;
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("log-")).sorted().toList();
        }
    }

    @Test
    void recordsAreReadBackInOrderAfterReopening() throws Exception {
        for (WalSync sync : WalSync.values()) {
            Path d = dir.resolve(sync.name());
            try (FileWriteAheadLog wal = new FileWriteAheadLog(d, 1 << 20, 60_000, sync)) {
                wal.write(b("one"), 1);
                wal.write(b("two"), 2);
                wal.write(new byte[0], 3);
            }
            try (FileWriteAheadLog wal = new FileWriteAheadLog(d, 1 << 20, 60_000, sync)) {
                assertEquals(List.of("one", "two", ""), strings(wal.readAll()));
                wal.write(b("three"), 4);
                assertEquals(List.of("one", "two", "", "three"), strings(wal.readAll()));
                assertEquals(2, wal.segmentCount(), "a reopened log starts a new segment");
            }
        }
    }

    @Test
    void segmentsRollBySizeAndByTimeAndCleanDropsOnlyOlderOnes() throws Exception {
        try (FileWriteAheadLog wal = new FileWriteAheadLog(dir, 60, 1_000, WalSync.NEVER)) {
            wal.write(b("a".repeat(30)), 0);      // segment 1 (46 bytes framed)
            wal.write(b("b".repeat(30)), 10);     // still segment 1, now over 60 bytes
            wal.write(b("c"), 500);               // segment 2
            wal.write(b("d"), 2_000);             // more than 1 s after its segment's first record: segment 3
            assertEquals(3, wal.segmentCount());
            wal.clean(500);                       // segment 2 starts at 500: segment 1 may hold records of 500
            assertEquals(3, wal.segmentCount());
            wal.clean(501);                       // every record of segment 1 is older than 501
            assertEquals(2, wal.segmentCount());
            assertEquals(List.of("c", "d"), strings(wal.readAll()));
            wal.clean(Long.MAX_VALUE);            // the segment being written stays
            assertEquals(List.of("d"), strings(wal.readAll()));
        }
    }

    @Test
    void aTornTailIsSkippedAndEarlierRecordsAreKept() throws Exception {
        try (FileWriteAheadLog wal = new FileWriteAheadLog(dir, 1 << 20, 60_000, WalSync.ALWAYS)) {
            wal.write(b("first"), 1);
            wal.write(b("second"), 2);
            wal.write(b("third-record-cut"), 3);
        }
        Path seg = segments().get(0);
        long size = Files.size(seg);
        try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
            f.setLength(size - 5);               // a crash in the middle of the last write
        }
        try (FileWriteAheadLog wal = new FileWriteAheadLog(dir, 1 << 20, 60_000, WalSync.ALWAYS)) {
            assertEquals(List.of("first", "second"), strings(wal.readAll()));
            wal.write(b("after"), 4);
            assertEquals(List.of("first", "second", "after"), strings(wal.readAll()));
        }
    }

    @Test
    void aDamagedRecordEndsItsSegmentButNotTheNextOnes() throws Exception {
        try (FileWriteAheadLog wal = new FileWriteAheadLog(dir, 1 << 20, 60_000, WalSync.NEVER)) {
            wal.write(b("good"), 1);
            wal.write(b("flipped"), 2);
            wal.write(b("lost-with-it"), 3);
        }
        try (FileWriteAheadLog wal = new FileWriteAheadLog(dir, 1 << 20, 60_000, WalSync.NEVER)) {
            wal.write(b("next-segment"), 4);
        }
        Path seg = segments().get(0);
        byte[] bytes = Files.readAllBytes(seg);
        int at = new String(bytes, StandardCharsets.ISO_8859_1).indexOf("flipped");
        bytes[at] ^= 0x20;                       // one flipped bit: the checksum no longer matches
        Files.write(seg, bytes);
        try (FileWriteAheadLog wal = new FileWriteAheadLog(dir, 1 << 20, 60_000, WalSync.NEVER)) {
            assertEquals(List.of("good", "next-segment"), strings(wal.readAll()));
        }
    }

    @Test
    void garbageLengthIsTakenForATornTail() throws Exception {
        try (FileWriteAheadLog wal = new FileWriteAheadLog(dir, 1 << 20, 60_000, WalSync.NEVER)) {
            wal.write(b("kept"), 1);
        }
        Path seg = segments().get(0);
        Files.write(seg, new byte[] {(byte) 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12},
                java.nio.file.StandardOpenOption.APPEND);
        try (FileWriteAheadLog wal = new FileWriteAheadLog(dir, 1 << 20, 60_000, WalSync.NEVER)) {
            List<byte[]> all = wal.readAll();
            assertEquals(1, all.size());
            assertArrayEquals(b("kept"), all.get(0));
        }
    }

    @Test
    void writesAfterCloseFailWithAClearMessage() throws Exception {
        FileWriteAheadLog wal = new FileWriteAheadLog(dir, 1 << 20, 60_000, WalSync.NEVER);
        wal.close();
        IOException e = assertThrows(IOException.class, () -> wal.write(b("x"), 1));
        assertTrue(e.getMessage().contains("closed"));
    }

    @Test
    void concurrentWritersAllGetTheirRecordsSynced() throws Exception {
        try (FileWriteAheadLog wal = new FileWriteAheadLog(dir, 4096, 60_000, WalSync.ALWAYS)) {
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int id = t;
                Thread th = new Thread(() -> {
                    for (int i = 0; i < 100; i++) {
                        try {
                            wal.write(b(id + ":" + i), i);
                        } catch (IOException e) {
                            throw new RuntimeException(e);
                        }
                    }
                });
                threads.add(th);
                th.start();
            }
            for (Thread th : threads) {
                th.join(60_000);
            }
            List<String> all = strings(wal.readAll());
            assertEquals(400, all.size());
            for (int t = 0; t < 4; t++) {
                int prev = -1;
                for (String s : all) {
                    if (s.startsWith(t + ":")) {
                        int i = Integer.parseInt(s.substring(2));
                        assertEquals(prev + 1, i, "writer " + t + " order");
                        prev = i;
                    }
                }
            }
        }
    }
}
