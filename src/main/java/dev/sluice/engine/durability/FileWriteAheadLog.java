package dev.sluice.engine.durability;

import dev.sluice.streaming.WalSync;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link WriteAheadLog} in a directory of rolling segment files.
 *
 * <p>Format: a segment is named {@code log-<sequence>-<time of its first record>} and holds
 * records framed as {@code [int length][int CRC32C of time and payload][long time][payload]}.
 * A new segment starts when the current one exceeds its size limit or spans more than its time
 * limit, and after every restart, so a torn tail is never appended to. Reading stops at the first
 * frame whose length or checksum is wrong (the torn tail of a crash) and goes on with the next
 * segment; everything before it is kept. {@link #clean} deletes a segment once the next segment
 * starts before the threshold (so every record in it is older).
 *
 * <p>Sync: with {@link WalSync#ALWAYS} a write returns after {@code fsync}; concurrent writers
 * share one. With {@link WalSync#NEVER} a write returns once the operating system has the bytes
 * (safe against a process crash, not a power loss); segments are synced when they are closed.
 */
public final class FileWriteAheadLog implements WriteAheadLog {

    private static final Logger LOG = LoggerFactory.getLogger(FileWriteAheadLog.class);
    private static final int HEADER = 16;
    /** Larger frames are taken for damage (a torn length field). */
    static final int MAX_RECORD = 256 << 20;

    private final Path dir;
    private final long maxSegmentBytes;
    private final long rollIntervalMs;
    private final WalSync sync;
    private final Object writeLock = new Object();
    private final Object syncLock = new Object();
    private FileChannel current;
    private long currentFirstTime;
    private long currentSize;
    private long nextSequence;
    private long written;
    private long synced;
    private boolean closed;

    /**
     * Opens the log in {@code dir} (created if needed). Existing segments are kept for
     * {@link #readAll}; the first write starts a new one.
     */
    public FileWriteAheadLog(Path dir, long maxSegmentBytes, long rollIntervalMs, WalSync sync) throws IOException {
        this.dir = dir;
        this.maxSegmentBytes = maxSegmentBytes;
        this.rollIntervalMs = rollIntervalMs;
        this.sync = sync;
        Files.createDirectories(dir);
        long maxSeq = -1;
        for (Segment s : segments()) {
            maxSeq = Math.max(maxSeq, s.sequence);
        }
        nextSequence = maxSeq + 1;
    }

    /** Returns the directory. */
    public Path dir() {
        return dir;
    }

    private record Segment(Path path, long sequence, long firstTime) {
    }

    private List<Segment> segments() throws IOException {
        List<Segment> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "log-*")) {
            for (Path p : ds) {
                String[] parts = p.getFileName().toString().split("-");
                if (parts.length != 3) {
                    continue;
                }
                try {
                    out.add(new Segment(p, Long.parseLong(parts[1]), Long.parseLong(parts[2])));
                } catch (NumberFormatException e) {
                    LOG.warn("Ignoring {} in the write-ahead log directory: not a segment", p);
                }
            }
        }
        out.sort((a, b) -> Long.compare(a.sequence, b.sequence));
        return out;
    }

    @Override
    public long append(byte[] record, long time) throws IOException {
        if (record.length > MAX_RECORD) {
            throw new IOException("a write-ahead log record of " + record.length + " bytes is larger than the limit of "
                    + MAX_RECORD + " bytes; store smaller blocks");
        }
        ByteBuffer frame = ByteBuffer.allocate(HEADER + record.length);
        CRC32C crc = new CRC32C();
        ByteBuffer timeBytes = ByteBuffer.allocate(8).putLong(0, time);
        crc.update(timeBytes.array());
        crc.update(record);
        frame.putInt(record.length).putInt((int) crc.getValue()).putLong(time).put(record).flip();
        synchronized (writeLock) {
            if (closed) {
                throw new IOException("the write-ahead log in " + dir + " is closed");
            }
            if (current == null || currentSize >= maxSegmentBytes || time - currentFirstTime >= rollIntervalMs) {
                roll(time);
            }
            while (frame.hasRemaining()) {
                current.write(frame);
            }
            currentSize += HEADER + record.length;
            return ++written;
        }
    }

    @Override
    public void sync(long ticket) throws IOException {
        if (sync != WalSync.ALWAYS) {
            return;
        }
        synchronized (syncLock) {
            if (synced >= ticket) {
                return;
            }
            long upTo;
            FileChannel channel;
            synchronized (writeLock) {
                upTo = written;
                channel = current;
            }
            if (channel != null && channel.isOpen()) {
                try {
                    channel.force(false);
                } catch (java.nio.channels.ClosedChannelException e) {
                    // rolled or closed meanwhile: it was forced before closing
                }
            }
            synced = Math.max(synced, upTo);
        }
    }

    private void roll(long time) throws IOException {
        if (current != null) {
            current.force(false);
            current.close();
        }
        Path p = dir.resolve(String.format("log-%020d-%d", nextSequence++, time));
        current = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        currentFirstTime = time;
        currentSize = 0;
        syncDirectory();
    }

    private void syncDirectory() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            LOG.debug("Cannot sync directory {}", dir, e);
        }
    }

    @Override
    public List<byte[]> readAll() throws IOException {
        List<byte[]> out = new ArrayList<>();
        for (Segment s : segments()) {
            readSegment(s.path, out);
        }
        return out;
    }

    private static void readSegment(Path path, List<byte[]> out) throws IOException {
        byte[] all;
        try {
            all = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return;
        }
        ByteBuffer buf = ByteBuffer.wrap(all);
        while (buf.remaining() > 0) {
            int start = buf.position();
            if (buf.remaining() < HEADER) {
                tornTail(path, start, all.length, "a partial header");
                return;
            }
            int length = buf.getInt();
            int checksum = buf.getInt();
            long time = buf.getLong();
            if (length < 0 || length > MAX_RECORD || length > buf.remaining()) {
                tornTail(path, start, all.length, "a record cut short");
                return;
            }
            byte[] record = new byte[length];
            buf.get(record);
            CRC32C crc = new CRC32C();
            crc.update(ByteBuffer.allocate(8).putLong(0, time).array());
            crc.update(record);
            if ((int) crc.getValue() != checksum) {
                tornTail(path, start, all.length, "a checksum mismatch");
                return;
            }
            out.add(record);
        }
    }

    private static void tornTail(Path path, int offset, int size, String what) {
        LOG.warn("Write-ahead log segment {} has {} at byte {}; skipping its last {} bytes (the earlier records are kept)",
                path.getFileName(), what, offset, size - offset);
    }

    @Override
    public void clean(long threshold) throws IOException {
        List<Segment> segs = segments();
        Path active;
        synchronized (writeLock) {
            active = current == null ? null : dir.resolve(String.format("log-%020d-%d", nextSequence - 1, currentFirstTime));
        }
        for (int i = 0; i + 1 < segs.size(); i++) {
            Segment s = segs.get(i);
            if (segs.get(i + 1).firstTime < threshold && !s.path.equals(active)) {
                Files.deleteIfExists(s.path);
                LOG.debug("Deleted write-ahead log segment {}", s.path.getFileName());
            }
        }
    }

    /** Returns the number of segment files. */
    public int segmentCount() throws IOException {
        return segments().size();
    }

    @Override
    public void close() throws IOException {
        synchronized (writeLock) {
            if (closed) {
                return;
            }
            closed = true;
            if (current != null) {
                current.force(false);
                current.close();
                current = null;
            }
        }
    }
}
