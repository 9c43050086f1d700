package dev.sluice.kernel;

import io.github.spencerpark.jupyter.messages.Header;
import io.github.spencerpark.jupyter.messages.Message;
import io.github.spencerpark.jupyter.messages.MessageType;
import org.junit.jupiter.api.Test;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class StreamPublisherTest {
    private final List<Message<?>> sent = new ArrayList<>();
    private final Header<?> parent = new Header<>(MessageType.EXECUTE_REQUEST);

    private List<String> texts() {
        List<String> out = new ArrayList<>();
        for (Message<?> m : sent) out.add((String) ((Map<?, ?>) m.getContent()).get("text"));
        return out;
    }

    @Test
    void publishesWhatIsWrittenUnderItsParentOnEachFlush() {
        StreamPublisher bytes = new StreamPublisher(new Publisher(sent::add), parent, "stdout");
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        out.println("one");
        assertEquals(List.of("one\n"), texts());
        bytes.write("half".getBytes(StandardCharsets.UTF_8), 0, 4);
        assertEquals(List.of("one\n"), texts(), "raw bytes wait for a flush");
        bytes.flush();
        bytes.flush();
        assertEquals(List.of("one\n", "half"), texts(), "one message per flush with pending text");
        assertSame(parent, sent.get(0).getParentHeader());
        assertEquals("stream", sent.get(0).getHeader().getType().getName());
        assertEquals("stdout", ((Map<?, ?>) sent.get(0).getContent()).get("name"));
    }

    @Test
    void keepsAnUnfinishedUtf8SequenceForTheNextFlush() {
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
        assertEquals(0, StreamPublisher.completeLength(new byte[] {euro[0], euro[1]}));
        assertEquals(1, StreamPublisher.completeLength(new byte[] {'a', euro[0]}));
        assertEquals(4, StreamPublisher.completeLength(new byte[] {'a', euro[0], euro[1], euro[2]}));
        StreamPublisher bytes = new StreamPublisher(new Publisher(sent::add), parent, "stderr");
        bytes.write(euro, 0, 2);
        bytes.flush();
        bytes.write(euro, 2, 1);
        bytes.flush();
        assertEquals(List.of("€"), texts());
    }
}
