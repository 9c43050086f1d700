package dev.sluice.engine.durability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
    void aRecordAppendedFromPartOfABufferIsTakenBeforeTheBufferIsReused() throws Exception {
        try (FileWriteAheadLog wal = new FileWriteAheadLog(dir, 1 << 20, 60_000, WalSync.NEVER)) {
            byte[] buffer = b("xxabcyy");
            wal.sync(wal.append(buffer, 2, 3, 1));
            System.arraycopy(b("def"), 0, buffer, 2, 3);
            wal.sync(wal.append(buffer, 2, 3, 2));
            wal.sync(wal.append(buffer, 7, 0, 3));
        }
        try (FileWriteAheadLog wal = new FileWriteAheadLog(dir, 1 << 20, 60_000, WalSync.NEVER)) {
            assertEquals(List.of("abc", "def", ""), strings(wal.readAll()));
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
    void aWriterInterruptedWhileSyncingOrWritingLeavesTheLogUsable() throws Exception {
        try (FileWriteAheadLog wal = new FileWriteAheadLog(dir, 1 << 20, 60_000, WalSync.ALWAYS)) {
            wal.write(b("one"), 1);
            long two = wal.append(b("two"), 2);
            // an interrupted thread closes the channel it syncs (as every interruptible channel does)
            Thread.currentThread().interrupt();
            assertThrows(java.io.InterruptedIOException.class, () -> wal.sync(two), "not synced, so not reported as synced");
            assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
            wal.write(b("three"), 3);          // a new segment: the closed one ends unsealed
            Thread.currentThread().interrupt();
            assertThrows(java.io.InterruptedIOException.class, () -> wal.write(b("lost"), 4));
            assertTrue(Thread.interrupted());
            wal.write(b("four"), 5);
            assertEquals(List.of("one", "two", "three", "four"), strings(wal.readAll()));
        }                                      // closing seals the last segment, not the closed one
        try (FileWriteAheadLog wal = new FileWriteAheadLog(dir, 1 << 20, 60_000, WalSync.ALWAYS)) {
            assertEquals(List.of("one", "two", "three", "four"), strings(wal.readAll()));
            assertEquals(0, wal.lastReport().lostRecords(), wal.lastReport().toString());
        }
    }

    @Test
    void segmentsRollBySizeAndByTimeAndCleanDropsOnlyOlderOnes() throws Exception {
        try (FileWriteAheadLog wal = new FileWriteAheadLog(dir, 100, 1_000, WalSync.NEVER)) {
            wal.write(b("a".repeat(30)), 0);      // segment 1 (36 bytes of header, 50 framed)
            wal.write(b("b".repeat(30)), 10);     // still segment 1, now over 100 bytes
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
            f.setLength(size - 20 - 5);          // a crash in the middle of the last write: no seal, the record cut
        }
        try (FileWriteAheadLog wal = new FileWriteAheadLog(dir, 1 << 20, 60_000, WalSync.ALWAYS)) {
            assertEquals(List.of("first", "second"), strings(wal.readAll()));
            WalScanner.Report report = wal.lastReport();
            assertEquals(List.of(), report.losses(), "a torn tail of the last segment loses nothing acknowledged");
            assertEquals(1, report.tornTails().size());
            assertEquals("a record cut short", report.tornTails().get(0).what());
            wal.write(b("after"), 4);
            assertEquals(List.of("first", "second", "after"), strings(wal.readAll()));
            assertEquals(List.of(), wal.lastReport().losses(), "the next segment vouches only for the readable records");
            assertEquals(1, wal.lastReport().tornTails().size(), "the old torn tail is still there, still harmless");
        }
    }

    @Test
    void aDamagedRecordIsSkippedAndTheRecordsAfterItAreKept() throws Exception {
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
            assertEquals(List.of("good", "lost-with-it", "next-segment"), strings(wal.readAll()));
            WalScanner.Report report = wal.lastReport();
            assertEquals(1, report.losses().size(), report.describe());
            assertEquals(1, report.lostRecords(), report.describe());
            assertEquals("a checksum mismatch", report.losses().get(0).what());
        }
    }

    /** Writes {@code n} records of about 60 bytes each, numbered from {@code from}, in one segment. */
    private void writeNumbered(int from, int n) throws IOException {
        try (FileWriteAheadLog wal = new FileWriteAheadLog(dir, 1 << 30, Long.MAX_VALUE, WalSync.NEVER)) {
            for (int i = from; i < from + n; i++) {
                wal.write(b(String.format("record-%05d-", i) + "x".repeat(40)), i);
            }
        }
    }

    @Test
    void sixtyFourBadBytesInTheMiddleLoseOnlyTheRecordsTheyHit() throws Exception {
        writeNumbered(0, 2_000);
        writeNumbered(2_000, 10);
        Path seg = segments().get(0);
        byte[] bytes = Files.readAllBytes(seg);
        for (int i = 0; i < 64; i++) {
            bytes[bytes.length / 2 + i] = (byte) (0x5a ^ i);
        }
        Files.write(seg, bytes);
        try (FileWriteAheadLog wal = new FileWriteAheadLog(dir, 1 << 20, 60_000, WalSync.NEVER)) {
            List<String> read = strings(wal.readAll());
            WalScanner.Report report = wal.lastReport();
            assertTrue(read.size() >= 2_010 - 3 && read.size() < 2_010, read.size() + " records read back\n" + report.describe());
            assertEquals(2_010 - read.size(), report.lostRecords(), "the seal's count makes the loss exact\n" + report.describe());
            assertEquals(1, report.losses().size());
            assertTrue(report.losses().get(0).bytes() >= 64, report.describe());
            assertTrue(read.contains(String.format("record-%05d-", 1_999) + "x".repeat(40)), "records after the damage are kept");
            assertTrue(report.describe().contains("DAMAGED: " + WalScanner.count(report.lostRecords(), "record") + " ("), report.describe());
        }
    }

    @Test
    void aSegmentCutShortAfterItWasClosedIsALossNotATornTail() throws Exception {
        writeNumbered(0, 1_000);
        writeNumbered(1_000, 10);
        Path seg = segments().get(0);
        long size = Files.size(seg);
        try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
            f.setLength(size / 2);
        }
        try (FileWriteAheadLog wal = new FileWriteAheadLog(dir, 1 << 20, 60_000, WalSync.NEVER)) {
            List<String> read = strings(wal.readAll());
            WalScanner.Report report = wal.lastReport();
            assertEquals(1, report.losses().size(), report.describe());
            assertEquals(1_010 - read.size(), report.lostRecords(), report.describe());
            assertTrue(read.contains(String.format("record-%05d-", 1_009) + "x".repeat(40)), "the next segment is read");
        }
    }

    @Test
    void aMissingSegmentIsALossWithItsRecordCount() throws Exception {
        writeNumbered(0, 5);
        writeNumbered(5, 7);
        writeNumbered(12, 3);
        Files.delete(segments().get(1));
        try (FileWriteAheadLog wal = new FileWriteAheadLog(dir, 1 << 20, 60_000, WalSync.NEVER)) {
            assertEquals(8, wal.readAll().size());
            WalScanner.Report report = wal.lastReport();
            assertEquals(7, report.lostRecords(), report.describe());
            assertTrue(report.losses().get(0).what().contains("segment missing"), report.describe());
        }
    }

    @Test
    void segmentsOfTheFirstFormatAreReadButNotReplayed() throws Exception {
        java.io.ByteArrayOutputStream old = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream out = new java.io.DataOutputStream(old);
        for (String s : List.of("old-1", "old-2")) {
            byte[] payload = b(s);
            java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
            crc.update(java.nio.ByteBuffer.allocate(8).putLong(0, 5L).array());
            crc.update(payload);
            out.writeInt(payload.length);
            out.writeInt((int) crc.getValue());
            out.writeLong(5L);
            out.write(payload);
        }
        Files.createDirectories(dir);
        Files.write(dir.resolve(String.format("log-%020d-%d", 0, 5)), old.toByteArray());
        List<String> read = new ArrayList<>();
        WalScanner.Report report = WalScanner.scan(dir, r -> read.add(new String(r, StandardCharsets.UTF_8)));
        assertEquals(List.of("old-1", "old-2"), read);
        assertEquals(List.of(), report.damages());
        assertTrue(report.segments().get(0).legacy());
        assertTrue(report.segments().get(0).millisecondTimes());
        try (FileWriteAheadLog wal = new FileWriteAheadLog(dir, 1 << 20, 60_000, WalSync.NEVER)) {
            IOException e = assertThrows(IOException.class, wal::readAll);
            assertTrue(e.getMessage().contains("kept times in milliseconds") && e.getMessage().contains("log format 1"), e.getMessage());
        }
    }

    @Test
    void segmentsOfTheSecondFormatHaveTheirTimesInMillisecondsAndAreNotReplayed() throws Exception {
        Files.createDirectories(dir);
        Files.write(dir.resolve(String.format("log-%020d-%d", 0, 1_765_000_000_000L)),
                millisecondSegment(b("batch at 1765000000000 ms"), 1_765_000_000_000L));

        WalScanner.Report report = WalScanner.scan(dir, null);
        WalScanner.Segment s = report.segments().get(0);
        assertEquals(2, s.format());
        assertTrue(s.millisecondTimes());
        assertEquals(1, s.records());
        assertEquals(List.of(), report.damages(), report.describe());
        assertEquals(1_765_000_000_000_000L, s.firstTimeMicros());
        assertTrue(report.describe().contains("format 2 (an earlier version's, times in milliseconds)"), report.describe());
        try (FileWriteAheadLog wal = new FileWriteAheadLog(dir, 1 << 20, 60_000, WalSync.NEVER)) {
            IOException e = assertThrows(IOException.class, wal::readAll);
            assertTrue(e.getMessage().contains("use another checkpoint directory") && e.getMessage().contains("log format 2"),
                    e.getMessage());
        }
        // what this version writes is format 3 and replays
        Files.delete(dir.resolve(String.format("log-%020d-%d", 0, 1_765_000_000_000L)));
        try (FileWriteAheadLog wal = new FileWriteAheadLog(dir, 1 << 20, 60_000, WalSync.NEVER)) {
            wal.write(b("new"), 1_765_000_000_000_000L);
            assertEquals(List.of("new"), strings(wal.readAll()));
            assertEquals(WalFormat.VERSION, wal.lastReport().segments().get(wal.lastReport().segments().size() - 1).format());
            assertFalse(wal.lastReport().segments().get(0).millisecondTimes());
        }
    }

    /**
     * A segment of format 2, as versions that kept times in milliseconds wrote it: format 3's layout,
     * only the version in its header differs (and its times' unit); one record of {@code payload}.
     */
    static byte[] millisecondSegment(byte[] payload, long timeMillis) throws IOException {
        java.nio.ByteBuffer header = WalFormat.fileHeader(-1, -1, -1);
        header.putInt(4, WalFormat.MILLISECOND_VERSION);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(header.array(), 0, 32);
        header.putInt(32, (int) crc.getValue());
        java.io.ByteArrayOutputStream seg = new java.io.ByteArrayOutputStream();
        seg.write(header.array());
        seg.write(WalFormat.frame(WalFormat.RECORD_MAGIC, payload, timeMillis).array());
        return seg.toByteArray();
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
