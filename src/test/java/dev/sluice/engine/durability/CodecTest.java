package dev.sluice.engine.durability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The write-ahead log's encoding of records: arrays of strings in their own form, the rest as Java serialization. */
class CodecTest {

    private static Object[] roundTrip(Object[] records) throws Exception {
        return (Object[]) Codec.deserialize(Codec.serialize(records));
    }

    @Test
    void linesOfAnyTextComeBackAsTheyWereWritten() throws Exception {
        Object[] lines = {"", "plain", "caf\u00e9 \ud83d\ude00", "\u0000nul", "half a pair \ud800", "x".repeat(Short.MAX_VALUE / 2)};
        byte[] data = Codec.serialize(lines);
        assertEquals(Codec.STRINGS, data[0], "the strings' own form");
        assertArrayEquals(lines, roundTrip(lines));
        assertArrayEquals(new Object[0], roundTrip(new Object[0]));
    }

    @Test
    void otherArraysAndLongStringsAreJavaSerialized() throws Exception {
        Object[] mixed = {"a", 1L, List.of("b")};
        Object[] withNull = {"a", null};
        Object[] longLine = {"a", "y".repeat(70_000)};
        for (Object[] records : List.of(mixed, withNull, longLine)) {
            assertNotEquals(Codec.STRINGS, Codec.serialize(records)[0]);
            assertArrayEquals(records, roundTrip(records));
        }
    }

    @Test
    void logsWrittenAsJavaSerializationAreStillRead() throws Exception {
        Object[] lines = {"written", "before"};
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(lines);
        }
        assertArrayEquals(lines, (Object[]) Codec.deserialize(bytes.toByteArray()));
    }
}
