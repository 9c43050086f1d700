package dev.sluice.engine.durability;

import dev.sluice.streaming.WalSync;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link WriteAheadLog} in a directory of rolling segment files.
 *
 * <p>Format ({@link WalFormat}): a segment is named {@code log-<sequence>-<time of its first
 * record>}; it starts with a header that vouches for the previous segment's record count, holds
 * records framed as {@code [magic][length][time][CRC32C][payload]}, and ends with a seal frame once
 * it is rolled or closed. A new segment starts when the current one exceeds its size limit or spans
 * more than its time limit, and after every restart, so a torn tail is never appended to.
 *
 * <p>Reading ({@link WalScanner}) keeps every good record before and after a damaged one: it finds
 * the next frame by its magic and checksum. {@link #lastReport()} tells a torn tail after a crash
 * (nothing acknowledged in it) from damage that lost records. {@link #clean} deletes a segment once
 * the next segment starts before the threshold (so every record in it is older).
 *
 * <p>A write, sync or cleanup that the file system refuses throws a {@link WalWriteException}; a
 * later write tries again (in a new segment), so the log resumes once the directory can be written.
 *
 * <p>Sync: with {@link WalSync#ALWAYS} a write returns after {@code fsync}; concurrent writers
 * share one. With {@link WalSync#NEVER} a write returns once the operating system has the bytes
 * (safe against a process crash, not a power loss); segments are synced when they are closed.
 */
public final class FileWriteAheadLog implements WriteAheadLog {

    private static final Logger LOG = LoggerFactory.getLogger(FileWriteAheadLog.class);
    static final int MAX_RECORD = WalFormat.MAX_RECORD;

    private final Path dir;
    private final long maxSegmentBytes;
    private final long rollInterval;
    private final WalSync sync;
    private final Object writeLock = new Object();
    private final Object syncLock = new Object();
    private FileChannel current;
    private long currentFirstTime;
    private long currentSize;
    private long currentRecords;
    private Path currentPath;
    private long currentSequence = -1;
    private volatile WalScanner.Report lastReport;
    private long nextSequence;
    private long written;
    private long synced;
    private boolean closed;

    /**
     * Opens the log in {@code dir} (created if needed). Existing segments are kept for
     * {@link #readAll}; the first write starts a new one.
     */
    public FileWriteAheadLog(Path dir, long maxSegmentBytes, long rollInterval, WalSync sync) throws IOException {
        this.dir = dir;
        this.maxSegmentBytes = maxSegmentBytes;
        this.rollInterval = rollInterval;
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
        for (WalScanner.Segment s : WalScanner.list(dir)) {
            out.add(new Segment(s.path(), s.sequence(), s.firstTime()));
        }
        return out;
    }

    @Override
    public long append(byte[] record, long time) throws IOException {
        return append(record, 0, record.length, time);
    }

    @Override
    public long append(byte[] buffer, int offset, int length, long time) throws IOException {
        if (length > MAX_RECORD) {
            throw new IOException("a write-ahead log record of " + length + " bytes is larger than the limit of "
                    + MAX_RECORD + " bytes; store smaller blocks");
        }
        // the header and the record go out in one gathering write, the record from the caller's buffer
        ByteBuffer[] frame = {WalFormat.header(WalFormat.RECORD_MAGIC, buffer, offset, length, time),
                ByteBuffer.wrap(buffer, offset, length)};
        int size = WalFormat.FRAME_HEADER + length;
        synchronized (writeLock) {
            if (closed) {
                throw new IOException("the write-ahead log in " + dir + " is closed");
            }
            try {
                dropIfClosedByInterrupt();
                if (current == null || currentSize >= maxSegmentBytes || time - currentFirstTime >= rollInterval) {
                    roll(time);
                }
                while (frame[0].hasRemaining() || frame[1].hasRemaining()) {
                    current.write(frame);
                }
            } catch (java.nio.channels.ClosedByInterruptException e) {
                throw interrupted("writing to", e);
            } catch (WalWriteException e) {
                throw e;
            } catch (IOException e) {
                throw new WalWriteException(dir, e);
            }
            currentSize += size;
            currentRecords++;
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
            Path path;
            synchronized (writeLock) {
                upTo = written;
                channel = current;
                path = currentPath;
            }
            if (channel != null) {
                try {
                    channel.force(false);
                } catch (java.nio.channels.ClosedByInterruptException e) {
                    throw interrupted("syncing", e);          // not synced: the caller must not count on it
                } catch (java.nio.channels.ClosedChannelException e) {
                    forceByPath(path);   // sealed meanwhile (forced then), or closed by another thread's interrupt (not forced)
                } catch (IOException e) {
                    throw new WalWriteException(dir, e);
                }
            }
            synced = Math.max(synced, upTo);
        }
    }

    private void roll(long time) throws IOException {
        long prevSequence = -1;
        long prevRecords = -1;
        long prevBytes = -1;
        if (current != null) {
            seal();
            prevSequence = currentSequence;
            prevRecords = currentRecords;
            prevBytes = currentSize;
        } else {
            // reopened: vouch for what is readable in the last segment of the earlier run
            List<Segment> existing = segments();
            if (!existing.isEmpty()) {
                Segment lastSeg = existing.get(existing.size() - 1);
                try {
                    prevRecords = WalScanner.countRecords(lastSeg.path);
                    prevBytes = Files.size(lastSeg.path);
                    prevSequence = lastSeg.sequence;
                } catch (NoSuchFileException e) {
                    // cleaned meanwhile
                }
            }
        }
        currentSequence = nextSequence++;
        currentPath = dir.resolve(String.format("log-%020d-%d", currentSequence, time));
        current = FileChannel.open(currentPath, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        ByteBuffer header = WalFormat.fileHeader(prevSequence, prevRecords, prevBytes);
        while (header.hasRemaining()) {
            current.write(header);
        }
        currentFirstTime = time;
        currentSize = WalFormat.FILE_HEADER;
        currentRecords = 0;
        syncDirectory();
    }

    /**
     * Forgets the current segment if its channel was closed under it: a thread interrupted while it
     * wrote to or synced the channel closes it (as every interruptible channel does). The segment
     * then ends without its seal, which reads as a torn tail; the next write starts a new segment
     * whose header vouches for the records readable in it.
     */
    private void dropIfClosedByInterrupt() throws IOException {
        if (current != null && !current.isOpen()) {
            LOG.debug("Write-ahead log {}: segment {} was closed by an interrupted writer; starting a new one", dir, currentPath);
            forceByPath(currentPath);
            current = null;
        }
    }

    /** Syncs a segment through a channel of its own (its own may be closed); nothing if it is gone. */
    private void forceByPath(Path path) throws IOException {
        if (path == null) {
            return;
        }
        try (FileChannel c = FileChannel.open(path, StandardOpenOption.WRITE)) {
            c.force(false);
        } catch (NoSuchFileException e) {
            // cleaned: nothing in it is needed any more
        } catch (IOException e) {
            throw new WalWriteException(dir, e);
        }
    }

    private java.io.InterruptedIOException interrupted(String what, IOException cause) {
        Thread.currentThread().interrupt();     // the channel's exception says so; keep the flag for the caller
        java.io.InterruptedIOException e = new java.io.InterruptedIOException("interrupted while " + what
                + " the write-ahead log in " + dir + "; the record is not logged");
        e.initCause(cause);
        return e;
    }

    /** Ends the current segment with a seal frame holding its record count, syncs and closes it. */
    private void seal() throws IOException {
        ByteBuffer seal = WalFormat.frame(WalFormat.SEAL_MAGIC, null, currentRecords);
        while (seal.hasRemaining()) {
            current.write(seal);
        }
        currentSize += WalFormat.FRAME_HEADER;
        current.force(false);
        current.close();
        current = null;
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
        WalScanner.Report report = WalScanner.scan(dir, out::add);
        lastReport = report;
        for (WalScanner.Segment s : report.segments()) {
            if (s.millisecondTimes() && s.records() > 0) {
                // its batch times would be read as microseconds, a thousand times too early
                throw new IOException("the write-ahead log in " + dir + " was written by an earlier Sluice, which kept"
                        + " times in milliseconds (" + s.path().getFileName() + ", log format " + s.format() + "), and"
                        + " cannot be replayed by this version: use another checkpoint directory (see what the log holds"
                        + " with: sluice --inspect-wal " + dir + ")");
            }
        }
        for (WalScanner.Damage d : report.tornTails()) {
            LOG.info("Write-ahead log {}: {}", dir, d.describe());
        }
        for (WalScanner.Damage d : report.losses()) {
            LOG.warn("Write-ahead log {} is damaged: {}", dir, d.describe());
        }
        return out;
    }

    /** Returns what the last {@link #readAll} found (segments, records, damage), or null before it. */
    @Override
    public WalScanner.Report lastReport() {
        return lastReport;
    }

    @Override
    public void clean(long threshold) throws IOException {
        try {
            List<Segment> segs = segments();
            Path active;
            synchronized (writeLock) {
                active = current == null ? null : currentPath;
            }
            for (int i = 0; i + 1 < segs.size(); i++) {
                Segment s = segs.get(i);
                if (segs.get(i + 1).firstTime < threshold && !s.path.equals(active)) {
                    Files.deleteIfExists(s.path);
                    LOG.debug("Deleted write-ahead log segment {}", s.path.getFileName());
                }
            }
        } catch (IOException e) {
            throw new WalWriteException(dir, e);
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
            dropIfClosedByInterrupt();
            if (current != null) {
                seal();
            }
        }
    }
}
