package dev.sluice.engine.durability;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * What a checkpoint holds: the batch times (zero time, the batch whose state it holds, batches
 * generated but not completed), the state of each stateful operator and the position of each
 * source, keyed by stable ids. No user code: state is data serialized with {@link Codec}.
 *
 * <p>File format (big-endian): magic {@code SLCK}, version, the times, the pending batch times,
 * then sections {@code [UTF key][byte kind][long time][int length][bytes]}, then a CRC32C of all
 * the bytes before it.
 */
public final class Checkpoint {

    private static final int MAGIC = 0x534C434B;
    /** 2: times in microseconds (1 had milliseconds). */
    private static final int VERSION = 2;

    /** Section kinds. */
    public static final byte UPDATE_STATE = 1;
    /** mapWithState state (key, state, last-seen time triples). */
    public static final byte MAP_WITH_STATE = 2;
    /** Incremental window contents. */
    public static final byte WINDOW = 3;
    /** A source's own snapshot. */
    public static final byte INPUT = 4;
    /** Receiver positions and block ids. */
    public static final byte RECEIVERS = 5;

    /** One section: a stateful operator's or a source's data. */
    public record Section(byte kind, long time, byte[] data) {
    }

    private final long zeroTime;
    private final long time;
    private final long batchIntervalMicros;
    private final List<Long> pending;
    private final Map<String, Section> sections;

    /** Creates a checkpoint of batch {@code time}. */
    public Checkpoint(long zeroTime, long time, long batchIntervalMicros, List<Long> pending, Map<String, Section> sections) {
        this.zeroTime = zeroTime;
        this.time = time;
        this.batchIntervalMicros = batchIntervalMicros;
        this.pending = List.copyOf(pending);
        this.sections = new LinkedHashMap<>(sections);
    }

    /** Returns the time before the first batch. */
    public long zeroTime() {
        return zeroTime;
    }

    /** Returns the batch whose state the checkpoint holds; batches after it run again on recovery. */
    public long time() {
        return time;
    }

    /** Returns the batch interval of the run that wrote it. */
    public long batchIntervalMicros() {
        return batchIntervalMicros;
    }

    /** Returns the batches generated but not completed when it was written. */
    public List<Long> pending() {
        return pending;
    }

    /** Returns the sections by stable id. */
    public Map<String, Section> sections() {
        return sections;
    }

    /** Returns the checkpoint as bytes. */
    public byte[] toBytes() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeLong(zeroTime);
        out.writeLong(time);
        out.writeLong(batchIntervalMicros);
        out.writeInt(pending.size());
        for (long p : pending) {
            out.writeLong(p);
        }
        out.writeInt(sections.size());
        for (Map.Entry<String, Section> e : sections.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeByte(e.getValue().kind());
            out.writeLong(e.getValue().time());
            out.writeInt(e.getValue().data().length);
            out.write(e.getValue().data());
        }
        out.flush();
        CRC32C crc = new CRC32C();
        crc.update(bytes.toByteArray());
        out.writeLong(crc.getValue());
        out.flush();
        return bytes.toByteArray();
    }

    /**
     * Reads a checkpoint.
     *
     * @throws IOException if the bytes are not a complete, undamaged checkpoint
     */
    public static Checkpoint fromBytes(byte[] data) throws IOException {
        if (data.length < 8 + 8) {
            throw new IOException("checkpoint too short");
        }
        CRC32C crc = new CRC32C();
        crc.update(data, 0, data.length - 8);
        long stored = java.nio.ByteBuffer.wrap(data, data.length - 8, 8).getLong();
        if (stored != crc.getValue()) {
            throw new IOException("checkpoint checksum mismatch");
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(data, 0, data.length - 8));
        if (in.readInt() != MAGIC) {
            throw new IOException("not a checkpoint");
        }
        int version = in.readInt();
        if (version != VERSION) {
            throw new IOException("checkpoint version " + version + " is not supported (expected " + VERSION + ")"
                    + (version == 1 ? "; it was written by an earlier Sluice, which kept times in milliseconds: use another checkpoint directory" : ""));
        }
        long zero = in.readLong();
        long time = in.readLong();
        long interval = in.readLong();
        int np = in.readInt();
        List<Long> pending = new ArrayList<>();
        for (int i = 0; i < np; i++) {
            pending.add(in.readLong());
        }
        int ns = in.readInt();
        Map<String, Section> sections = new LinkedHashMap<>();
        for (int i = 0; i < ns; i++) {
            String key = in.readUTF();
            byte kind = in.readByte();
            long t = in.readLong();
            byte[] d = new byte[in.readInt()];
            in.readFully(d);
            sections.put(key, new Section(kind, t, d));
        }
        return new Checkpoint(zero, time, interval, pending, sections);
    }
}
