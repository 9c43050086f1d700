package dev.sluice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.engine.durability.FileWriteAheadLog;
import dev.sluice.engine.durability.WalInspector;
import dev.sluice.streaming.WalSync;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sluice --inspect-wal DIR} goes to the log inspector, which only reads. */
class MainInspectWalTest {

    @Test
    void inspectWalListsTheSegmentsOfACheckpointDirectory(@TempDir Path dir) throws Exception {
        try (FileWriteAheadLog wal = new FileWriteAheadLog(dir.resolve("wal"), 1 << 20, 60_000, WalSync.NEVER)) {
            wal.write("one".getBytes(StandardCharsets.UTF_8), 1);
            wal.write("two".getBytes(StandardCharsets.UTF_8), 2);
        }
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
        assertTrue(text.contains("2 records  closed") && text.contains("checkpoints in " + dir + ": 0"), text);
    }
}
