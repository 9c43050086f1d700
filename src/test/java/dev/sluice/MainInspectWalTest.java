package dev.sluice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.engine.BatchTimes;
import dev.sluice.engine.durability.Checkpoint;
import dev.sluice.engine.durability.FileWriteAheadLog;
import dev.sluice.engine.durability.WalInspector;
import dev.sluice.streaming.WalSync;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sluice --inspect-wal DIR} goes to the log inspector, which only reads. */
class MainInspectWalTest {

    /** A wall-clock batch time: 2025-12-06T05:46:40Z. */
    private static final long AT = 1_765_000_000_000L;
    /** The same in microseconds, the unit of stamps and batch times in the log and checkpoints. */
    private static final long AT_US = AT * 1000;

    @Test
    void inspectWalListsTheSegmentsOfACheckpointDirectory(@TempDir Path dir) throws Exception {
        try (FileWriteAheadLog wal = new FileWriteAheadLog(dir.resolve("wal"), 1 << 20, 60_000_000, WalSync.NEVER)) {
            wal.write("one".getBytes(StandardCharsets.UTF_8), AT_US + 250_000);
            wal.write("two".getBytes(StandardCharsets.UTF_8), AT_US + 900_000);
        }
        Checkpoint ck = new Checkpoint(AT_US - 10_000_000, AT_US + 1_000_000, 1_000_000, List.of(AT_US + 2_000_000), Map.of());
        Files.write(dir.resolve(String.format("checkpoint-%020d", AT_US + 1_000_000)), ck.toBytes());
        PrintStream stdout = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            status = Main.run(new String[] {"--inspect-wal", dir.toString()});
        } finally {
            System.setOut(stdout);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(WalInspector.CLEAN, status, text);
        assertTrue(text.startsWith("write-ahead log " + dir.resolve("wal") + ": 1 segment, 2 records, no data lost"), text);
        // times read as a person reads them (local time); epoch microseconds stay in the names, milliseconds in parentheses
        assertTrue(text.contains("\n  log-00000000000000000000-" + (AT_US + 250_000) + "  from " + BatchTimes.describe(AT + 250)
                + "  ") && text.contains("2 records  closed"), text);
        assertTrue(BatchTimes.describe(AT + 250).matches("\\d{2}:\\d{2}:\\d{2}\\.250"), BatchTimes.describe(AT + 250));
        assertTrue(text.endsWith("checkpoints in " + dir + ": 1\n  checkpoint-" + String.format("%020d", AT_US + 1_000_000)
                + "  batch " + BatchTimes.describe(AT + 1_000) + " (" + (AT + 1_000) + " ms), 0 sections, 1 pending batches\n"),
                text);
    }
}
