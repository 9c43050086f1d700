package dev.sluice.engine.durability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The checkpoint file format: round trip, and damage detected rather than misread. */
class CheckpointTest {

    private static Checkpoint sample() {
        Map<String, Checkpoint.Section> sections = new LinkedHashMap<>();
        sections.put("name:counts", new Checkpoint.Section(Checkpoint.UPDATE_STATE, 3000, new byte[] {1, 2, 3}));
        sections.put("receivers", new Checkpoint.Section(Checkpoint.RECEIVERS, 3000, new byte[0]));
        return new Checkpoint(0, 3000, 1000, List.of(4000L, 5000L), sections);
    }

    @Test
    void roundTrip() throws IOException {
        Checkpoint c = Checkpoint.fromBytes(sample().toBytes());
        assertEquals(0, c.zeroTime());
        assertEquals(3000, c.time());
        assertEquals(1000, c.batchIntervalMicros());
        assertEquals(List.of(4000L, 5000L), c.pending());
        assertEquals(List.of("name:counts", "receivers"), List.copyOf(c.sections().keySet()));
        assertArrayEquals(new byte[] {1, 2, 3}, c.sections().get("name:counts").data());
        assertEquals(Checkpoint.UPDATE_STATE, c.sections().get("name:counts").kind());
    }

    @Test
    void aTruncatedOrFlippedCheckpointIsRejected() throws IOException {
        byte[] bytes = sample().toBytes();
        assertThrows(IOException.class, () -> Checkpoint.fromBytes(Arrays.copyOf(bytes, bytes.length - 3)));
        byte[] flipped = bytes.clone();
        flipped[20] ^= 1;
        assertThrows(IOException.class, () -> Checkpoint.fromBytes(flipped));
        assertThrows(IOException.class, () -> Checkpoint.fromBytes(new byte[4]));
    }
}
