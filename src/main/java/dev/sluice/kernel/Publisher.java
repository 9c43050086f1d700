package dev.sluice.kernel;

import io.github.spencerpark.jupyter.messages.Header;
import io.github.spencerpark.jupyter.messages.KernelTimestamp;
import io.github.spencerpark.jupyter.messages.Message;
import io.github.spencerpark.jupyter.messages.MessageType;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Publishes kernel messages on IOPub, each under the parent header it is given, so output that a
 * stream produces long after its cell returned still lands in the cell that created the stream.
 *
 * <p>Thread-safe: engine threads, the shell thread and the control thread all publish through
 * one instance; the sink serializes sends.
 */
public final class Publisher {
    /** The protocol version written in every header. */
    static final String PROTOCOL_VERSION = "5.3";

    private final Consumer<Message<?>> sink;
    private final String session;
    /** Numbers the messages: an id is the session's and the number (as Jupyter's own client makes them). */
    private final AtomicLong sent = new AtomicLong();

    /** Creates a publisher that hands finished messages to {@code sink}. */
    public Publisher(Consumer<Message<?>> sink) {
        this.sink = sink;
        this.session = UUID.randomUUID().toString();
    }

    /** The kernel's session id, written in the header of every message it sends. */
    public String session() {
        return session;
    }

    /** Publishes {@code content} as a {@code type} message under {@code parent} (may be null). */
    public void publish(Header<?> parent, MessageType<?> type, Map<String, Object> content) {
        List<byte[]> topic = List.of(("kernel." + session + "." + type.getName()).getBytes(StandardCharsets.UTF_8));
        sink.accept(new Message<>(topic, header(type), parent, new LinkedHashMap<>(), content, null));
    }

    /** Publishes a {@code status} message with the given execution state. */
    public void status(Header<?> parent, String state) {
        publish(parent, MessageType.PUBLISH_STATUS, Map.of("execution_state", state));
    }

    /** Publishes a {@code stream} message ({@code stdout} or {@code stderr}). */
    public void stream(Header<?> parent, String name, String text) {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("name", name);
        content.put("text", text);
        publish(parent, MessageType.PUBLISH_STREAM, content);
    }

    /** Builds a reply to {@code request} carrying {@code content}, addressed to the requester. */
    Message<Object> reply(Message<?> request, MessageType<?> type, Map<String, Object> content) {
        return new Message<>(request.getIdentities(), header(type), request.getHeader(), new LinkedHashMap<>(), content, null);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Header<Object> header(MessageType<?> type) {
        return new Header(session + "_" + sent.incrementAndGet(), "kernel", session,
                new KernelTimestamp(Instant.now().toString()), type, PROTOCOL_VERSION);
    }
}
