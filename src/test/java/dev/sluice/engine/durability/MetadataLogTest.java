package dev.sluice.engine.durability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.streaming.ManualClock;
import dev.sluice.streaming.WalSync;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The event log: kinds and bodies read back in order; stamps from the clock never go back. */
class MetadataLogTest {

    @TempDir
    Path dir;

    @Test
    void entriesComeBackInOrderWithTheirKinds() throws Exception {
        ManualClock clock = new ManualClock(500);
        try (MetadataLog log = new MetadataLog(new FileWriteAheadLog(dir, 1 << 20, 1_000_000, WalSync.NEVER), clock)) {
            log.write(MetadataLog.BATCH_CLEANED, out -> out.writeLong(7));
            clock.setTime(2_000);
            long ticket = log.append(MetadataLog.FILES_TAKEN, out -> out.writeUTF("a.txt"));
            log.sync(ticket);
        }
        try (MetadataLog log = new MetadataLog(new FileWriteAheadLog(dir, 1 << 20, 1_000_000, WalSync.NEVER), clock)) {
            List<MetadataLog.Entry> entries = log.readAll();
            assertEquals(2, entries.size());
            assertEquals(MetadataLog.BATCH_CLEANED, entries.get(0).kind());
            assertEquals(7, entries.get(0).in().readLong());
            assertEquals(MetadataLog.FILES_TAKEN, entries.get(1).kind());
            assertEquals("a.txt", entries.get(1).in().readUTF());
            log.clean(2_001_000);    // stamps are microseconds: the first segment (500 ms) ends before the second (2000 ms) began
            assertEquals(1, log.readAll().size());
        }
    }

    @Test
    void codecRoundTripsSerializableDataAndExplainsTheRest() throws Exception {
        Object[] data = {"k", 1L, List.of(1, 2)};
        assertEquals(List.of(data), List.of((Object[]) Codec.deserialize(Codec.serialize(data))));
        java.io.NotSerializableException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.NotSerializableException.class,
                () -> Codec.serialize(new Object[] {new Object()}));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("must implement java.io.Serializable"));
    }
}
