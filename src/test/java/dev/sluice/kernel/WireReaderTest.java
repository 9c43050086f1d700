package dev.sluice.kernel;

import io.github.spencerpark.jupyter.messages.HMACGenerator;
import io.github.spencerpark.jupyter.messages.Message;
import io.github.spencerpark.jupyter.messages.MessageType;
import io.github.spencerpark.jupyter.messages.request.ExecuteRequest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The frame parsing of {@link WireReader}; the same cases against the running kernel are in src/test/python/test_kernel_wire.py. */
class WireReaderTest {
    private final HMACGenerator hmac;
    private final WireReader reader;
    private int ids;

    WireReaderTest() throws Exception {
        hmac = new HMACGenerator("hmac-sha256", "secret");
        reader = new WireReader(hmac, 1 << 20);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** identity, delimiter, signature, header, parent, metadata, content, then buffers. */
    private List<byte[]> signed(String type, String content, byte[]... buffers) {
        String header = "{\"msg_id\":\"m" + (++ids) + "\",\"msg_type\":\"" + type + "\",\"session\":\"s\",\"username\":\"u\",\"version\":\"5.3\"}";
        byte[][] parts = {b(header), b("{}"), b("{}"), b(content)};
        List<byte[]> frames = new ArrayList<>(List.of(b("peer"), b("<IDS|MSG>"), b(hmac.calculateSignature(parts))));
        frames.addAll(List.of(parts));
        frames.addAll(List.of(buffers));
        return frames;
    }

    @Test
    void aWellFormedRequestKeepsIdentitiesContentAndBuffers() {
        Message<?> m = reader.parse(signed("execute_request", "{\"code\":\"1 + 1\",\"silent\":false}", b("buf")), "shell");
        assertNotNull(m);
        assertEquals(MessageType.EXECUTE_REQUEST, m.getHeader().getType());
        assertEquals("1 + 1", ((ExecuteRequest) m.getContent()).getCode());
        assertArrayEquals(b("peer"), m.getIdentities().get(0));
        assertEquals(1, m.getBlobs().size());
    }

    @Test
    void signaturesMustMatchAndAreNotAcceptedTwice() {
        List<byte[]> frames = signed("kernel_info_request", "{}");
        List<byte[]> wrong = new ArrayList<>(frames);
        wrong.set(2, b("0".repeat(64)));
        assertNull(reader.parse(wrong, "shell"));
        List<byte[]> empty = new ArrayList<>(frames);
        empty.set(2, new byte[0]);
        assertNull(reader.parse(empty, "shell"));
        assertNotNull(reader.parse(frames, "shell"));
        assertNull(reader.parse(frames, "control"), "a replay is refused, also on another socket");
    }

    @Test
    void framingErrorsAreDropped() {
        List<byte[]> frames = signed("execute_request", "{\"code\":\"1\"}");
        assertNull(reader.parse(frames.subList(0, 6), "shell"), "no content frame");
        assertNull(reader.parse(frames.subList(2, 7), "shell"), "no delimiter");
        assertNull(reader.parse(List.of(b("<IDS|MSG>")), "shell"));
        assertNull(reader.parse(List.of(), "shell"));
    }

    @Test
    void aHeaderWithoutIdAndTypeIsDropped() {
        byte[][] parts = {b("{\"msg_type\":\"execute_request\"}"), b("{}"), b("{}"), b("{\"code\":\"1\"}")};
        List<byte[]> frames = new ArrayList<>(List.of(b("<IDS|MSG>"), b(hmac.calculateSignature(parts))));
        frames.addAll(List.of(parts));
        assertNull(reader.parse(frames, "shell"));
    }

    @Test
    void missingOrMistypedFieldsBecomeBadContent() {
        for (String content : List.of("{}", "{\"code\":null}", "{\"code\":3}", "{\"code\":\"1\",\"silent\":\"no\"}", "[]")) {
            Message<?> m = reader.parse(signed("execute_request", content), "shell");
            assertNotNull(m, content);
            assertInstanceOf(WireReader.BadContent.class, m.getContent(), content);
        }
        Message<?> m = reader.parse(signed("history_request", "{\"hist_access_type\":\"range\",\"session\":0,\"start\":1}"), "shell");
        assertTrue(((WireReader.BadContent) m.getContent()).problem().contains("'stop'"));
        Object tail = reader.parse(signed("history_request", "{\"hist_access_type\":\"tail\",\"n\":3,\"output\":false,\"raw\":true}"), "shell").getContent();
        assertEquals(3, assertInstanceOf(io.github.spencerpark.jupyter.messages.request.HistoryRequest.Tail.class, tail).getMaxReturnLength());
        Object input = reader.parse(signed("input_reply", "{\"value\":\"typed\"}"), "stdin").getContent();
        assertEquals("typed", assertInstanceOf(io.github.spencerpark.jupyter.messages.reply.InputReply.class, input).getValue());
    }

    @Test
    void theSizeCapIsASetting() {
        assertEquals(64L << 20, KernelLauncher.parseSize("64m"));
        assertEquals(512L << 10, KernelLauncher.parseSize("512K"));
        assertEquals(1000, KernelLauncher.parseSize("1000"));
        assertThrows(IllegalArgumentException.class, () -> KernelLauncher.parseSize("0"));
        assertThrows(IllegalArgumentException.class, () -> KernelLauncher.parseSize("lots"));
        assertThrows(IllegalArgumentException.class, () -> new WireReader(hmac, 0));
    }
}
