package dev.sluice.kernel;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.reflect.TypeToken;
import io.github.spencerpark.jupyter.messages.HMACGenerator;
import io.github.spencerpark.jupyter.messages.Header;
import io.github.spencerpark.jupyter.messages.KernelTimestamp;
import io.github.spencerpark.jupyter.messages.Message;
import io.github.spencerpark.jupyter.messages.MessageType;
import io.github.spencerpark.jupyter.messages.ReplyType;
import io.github.spencerpark.jupyter.messages.adapters.HistoryRequestAdapter;
import io.github.spencerpark.jupyter.messages.adapters.KernelTimestampAdapter;
import io.github.spencerpark.jupyter.messages.adapters.ReplyTypeAdapter;
import io.github.spencerpark.jupyter.messages.request.HistoryRequest;
import io.github.spencerpark.jupyter.messages.adapters.MessageTypeAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZMQ;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one Jupyter message from a ROUTER socket by the wire protocol: the routing identities up
 * to the {@code <IDS|MSG>} delimiter, then exactly the signature, header, parent header, metadata
 * and content frames, then any buffers.
 *
 * <p>A message is always read whole (all of its ZeroMQ frames, never more), so a malformed one is
 * dropped alone and never takes frames of the next. Dropped without a reply: a message without
 * the delimiter, with fewer than five frames after it, larger than the size cap, with a wrong,
 * empty or already seen signature (compared in constant time; a bounded history of accepted
 * signatures, as jupyter_client keeps), or whose header has no {@code msg_id} and
 * {@code msg_type}. A correctly signed request whose content misses or mistypes a field the
 * kernel needs is returned with {@link BadContent} as its content, so the kernel can answer it
 * with an error reply.
 *
 * <p>Thread-safe: the shell, control and stdin sockets share one reader (and so one signature
 * history); each socket is read by one thread.
 */
final class WireReader {
    private static final Logger log = LoggerFactory.getLogger(WireReader.class);

    /** The default cap on a message's size (all frames together), in bytes. */
    static final long DEFAULT_MAX_MESSAGE_BYTES = 32L << 20;
    /** How many accepted signatures are remembered to refuse a replayed message (jupyter_client keeps 2^16). */
    static final int SIGNATURE_HISTORY = 1 << 16;
    private static final byte[] DELIMITER = "<IDS|MSG>".getBytes(StandardCharsets.US_ASCII);
    private static final Type MAP = new TypeToken<Map<String, Object>>() { }.getType();
    private static final Gson GSON = new GsonBuilder()
            .registerTypeAdapter(KernelTimestamp.class, KernelTimestampAdapter.INSTANCE)
            .registerTypeAdapter(MessageType.class, MessageTypeAdapter.INSTANCE)
            .registerTypeAdapter(HistoryRequest.class, HistoryRequestAdapter.INSTANCE)
            .registerTypeHierarchyAdapter(ReplyType.class, new ReplyTypeAdapter(new Gson()))
            .create();

    /** The content of a correctly signed request whose fields the kernel cannot use; {@code problem} says why. */
    record BadContent(String problem) {
    }

    private final HMACGenerator hmac;
    private final long maxMessageBytes;
    private final Map<String, Boolean> seen = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > SIGNATURE_HISTORY;
        }
    };

    /**
     * @param hmac            the connection's signer ({@link HMACGenerator#NO_AUTH_INSTANCE} when the key is empty)
     * @param maxMessageBytes the largest message accepted; a larger frame is refused by ZeroMQ before it is buffered
     */
    WireReader(HMACGenerator hmac, long maxMessageBytes) {
        if (maxMessageBytes <= 0) throw new IllegalArgumentException("the message size cap must be positive, got " + maxMessageBytes);
        this.hmac = hmac;
        this.maxMessageBytes = maxMessageBytes;
    }

    long maxMessageBytes() {
        return maxMessageBytes;
    }

    /**
     * Sets the socket's ZMQ_MAXMSGSIZE to the cap, so a peer sending a larger frame is disconnected
     * while its size is read, before anything is buffered. Call before binding.
     */
    void limit(ZMQ.Socket socket) {
        socket.setMaxMsgSize(maxMessageBytes);
    }

    /**
     * Receives all frames of the next message on {@code socket} (which must have one waiting) and
     * returns it, or null when it was dropped; {@code channel} names the socket in the log.
     */
    Message<?> read(ZMQ.Socket socket, String channel) {
        List<byte[]> frames = new ArrayList<>();
        long size = 0;
        boolean tooLarge = false;
        do {
            byte[] frame = socket.recv(0);
            if (frame == null) return null;              // socket closed or interrupted
            size += frame.length;
            if (size > maxMessageBytes) tooLarge = true;
            if (!tooLarge) frames.add(frame);
        } while (socket.hasReceiveMore());
        if (tooLarge) return drop(channel, "larger than the " + maxMessageBytes + "-byte cap (" + size + " bytes)");
        return parse(frames, channel);
    }

    /** Parses the frames of one message; null when it is dropped. Package-private for tests. */
    Message<?> parse(List<byte[]> frames, String channel) {
        int delimiter = -1;
        for (int i = 0; i < frames.size(); i++) {
            if (Arrays.equals(DELIMITER, frames.get(i))) {
                delimiter = i;
                break;
            }
        }
        if (delimiter < 0) return drop(channel, "no <IDS|MSG> delimiter");
        int parts = frames.size() - delimiter - 1;
        if (parts < 5) return drop(channel, "only " + parts + " frames after the delimiter (signature, header, parent header, metadata and content are needed)");
        List<byte[]> identities = new ArrayList<>(frames.subList(0, delimiter));
        byte[] signature = frames.get(delimiter + 1);
        byte[] headerRaw = frames.get(delimiter + 2);
        byte[] parentRaw = frames.get(delimiter + 3);
        byte[] metadataRaw = frames.get(delimiter + 4);
        byte[] contentRaw = frames.get(delimiter + 5);
        List<byte[]> buffers = new ArrayList<>(frames.subList(delimiter + 6, frames.size()));

        String expected = hmac.calculateSignature(headerRaw, parentRaw, metadataRaw, contentRaw);
        if (expected != null) {
            if (signature.length == 0) return drop(channel, "no signature");
            if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), signature)) {
                return drop(channel, "a wrong signature");
            }
            String key = new String(signature, StandardCharsets.US_ASCII);
            synchronized (seen) {
                if (seen.containsKey(key)) return drop(channel, "a signature seen before (a replayed message)");
                seen.put(key, Boolean.TRUE);
            }
        }

        JsonObject headerJson = object(headerRaw);
        if (headerJson == null) return drop(channel, "a header that is not a JSON object");
        String msgId = string(headerJson, "msg_id");
        String msgType = string(headerJson, "msg_type");
        if (msgId == null || msgType == null) return drop(channel, "a header without msg_id and msg_type strings");
        Header<?> header = header(headerJson);
        Header<?> parent = null;
        JsonObject parentJson = object(parentRaw);
        if (parentJson != null && string(parentJson, "msg_id") != null && string(parentJson, "msg_type") != null) {
            parent = header(parentJson);
        }
        JsonObject metadataJson = object(metadataRaw);
        Map<String, Object> metadata = metadataJson == null ? new LinkedHashMap<>() : GSON.fromJson(metadataJson, MAP);

        Object content;
        JsonObject contentJson = object(contentRaw);
        String problem = contentJson == null ? "the content of " + msgType + " must be a JSON object"
                : metadataJson == null ? "the metadata of " + msgType + " must be a JSON object"
                : parentJson == null ? "the parent header of " + msgType + " must be a JSON object"
                : RequestFields.problem(msgType, contentJson);
        if (problem == null) {
            try {
                content = GSON.fromJson(contentJson, header.getType().getContentType());
            } catch (JsonParseException | IllegalStateException | UnsupportedOperationException | NumberFormatException e) {
                content = new BadContent("the content of " + msgType + " could not be read: " + e.getMessage());
            }
        } else {
            content = new BadContent(problem);
        }
        if (content instanceof BadContent bad) log.warn("{} request {} refused: {}", channel, msgType, bad.problem());
        @SuppressWarnings({"unchecked", "rawtypes"})
        Message<?> message = new Message(identities, header, parent, metadata, content, buffers);
        return message;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Header<?> header(JsonObject json) {
        String date = string(json, "date");
        return new Header(string(json, "msg_id"), orEmpty(string(json, "username")), orEmpty(string(json, "session")),
                date == null ? null : new KernelTimestamp(date), MessageType.getType(string(json, "msg_type")),
                orEmpty(string(json, "version")));
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String string(JsonObject json, String name) {
        JsonElement e = json.get(name);
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString() ? e.getAsString() : null;
    }

    private static JsonObject object(byte[] raw) {
        try {
            JsonElement e = JsonParser.parseString(new String(raw, StandardCharsets.UTF_8));
            return e.isJsonObject() ? e.getAsJsonObject() : null;
        } catch (JsonParseException e) {
            return null;
        }
    }

    private static Message<?> drop(String channel, String why) {
        log.warn("{} socket dropped a message with {}", channel, why);
        return null;
    }
}
