package dev.sluice.engine.durability;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The byte layout of a {@link FileWriteAheadLog} segment (format 3), shared by the writer and
 * {@link WalScanner}.
 *
 * <p>Formats 2 and 3 have the same layout; format 3 says that every time in the segment (frame
 * times, the time in its file name, batch times in the records) is in microseconds. Formats 1 and
 * 2 were written by earlier versions, which kept times in milliseconds: they are still read and
 * listed, but not replayed (see {@link FileWriteAheadLog#readAll}).
 *
 * <p>A segment starts with a header: {@code [int FILE_MAGIC][int VERSION][long previous segment's
 * sequence][long its record count][long its size in bytes][int CRC32C of those 32 bytes]}. The
 * previous segment's figures are what the writer knew when it opened this segment (exact when the
 * previous one was rolled; the readable part when the log was reopened after a crash); they let a
 * reader tell a segment cut short after the fact from the torn tail of a crash. {@code -1} means
 * there was no previous segment.
 *
 * <p>Then frames: {@code [int magic][int length][long time][int CRC32C of length, time and
 * payload][payload]}. A record frame has {@link #RECORD_MAGIC}; the last frame of a segment that
 * was closed or rolled is a seal with {@link #SEAL_MAGIC}, length 0 and the segment's record
 * count as its time. The magic lets a reader find the next good frame after damage.
 */
final class WalFormat {

    static final int FILE_MAGIC = 0x534C5741;      // "SLWA"
    static final int VERSION = 3;
    /** The earlier format with this layout, whose times are in milliseconds. */
    static final int MILLISECOND_VERSION = 2;
    static final int FILE_HEADER = 36;
    static final int RECORD_MAGIC = 0x9E3A_C7D1;
    static final int SEAL_MAGIC = 0x9E3A_C75E;
    static final int FRAME_HEADER = 20;
    /** Larger frames are taken for damage (a torn length field). */
    static final int MAX_RECORD = 256 << 20;

    private WalFormat() {
    }

    static int crc(int length, long time, byte[] payload, int offset) {
        CRC32C crc = new CRC32C();
        crc.update(ByteBuffer.allocate(12).putInt(0, length).putLong(4, time).array());
        if (payload != null) {
            crc.update(payload, offset, length);
        }
        return (int) crc.getValue();
    }

    /** The header of a frame of the {@code length} bytes of {@code payload} from {@code offset}, ready to be written before them. */
    static ByteBuffer header(int magic, byte[] payload, int offset, int length, long time) {
        ByteBuffer header = ByteBuffer.allocate(FRAME_HEADER);
        header.putInt(magic).putInt(length).putLong(time).putInt(crc(length, time, payload, offset));
        return header.flip();
    }

    static ByteBuffer frame(int magic, byte[] payload, long time) {
        int length = payload == null ? 0 : payload.length;
        ByteBuffer frame = ByteBuffer.allocate(FRAME_HEADER + length);
        frame.putInt(magic).putInt(length).putLong(time).putInt(crc(length, time, payload, 0));
        if (payload != null) {
            frame.put(payload);
        }
        return frame.flip();
    }

    static ByteBuffer fileHeader(long prevSequence, long prevRecords, long prevBytes) {
        ByteBuffer b = ByteBuffer.allocate(FILE_HEADER);
        b.putInt(FILE_MAGIC).putInt(VERSION).putLong(prevSequence).putLong(prevRecords).putLong(prevBytes);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, 32);
        b.putInt((int) crc.getValue());
        return b.flip();
    }
}
