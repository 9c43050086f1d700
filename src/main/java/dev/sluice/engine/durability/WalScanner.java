package dev.sluice.engine.durability;

import dev.sluice.engine.BatchTimes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * Reads the segments of a {@link FileWriteAheadLog} directory, keeps every good record before and
 * after damage, and says what was damaged and whether data was lost.
 *
 * <p>A damaged frame is skipped by looking for the next offset where a whole frame with a valid
 * checksum starts (the frame magic makes candidates rare). Damage is classified as:
 * <ul>
 *   <li>a <em>torn tail</em>: unreadable bytes at the end of a segment that was being written when
 *       the process died, so no record in them was acknowledged (the last segment, or an earlier
 *       one that the next segment's header vouches for no more records than are readable);
 *   <li><em>lost data</em>: unreadable bytes followed by good records, a segment shorter than the
 *       next segment's header or its own seal says, or a missing segment in the sequence.
 * </ul>
 * Segments written before format 2 (no header) are read as before: up to the first bad frame.
 */
public final class WalScanner {

    private WalScanner() {
    }

    /** What one damaged place holds. */
    public record Damage(String segment, long offset, long bytes, long records, boolean lost, String what) {

        /** Returns a one-line description. */
        public String describe() {
            String count = records < 0 ? "an unknown number of records" : records + (records == 1 ? " record" : " records");
            return segment + (offset >= 0 ? " at byte " + offset : "") + ": " + what + "; "
                    + (bytes >= 0 ? bytes + " bytes unreadable, " : "")
                    + (lost ? count + " lost" : "a torn tail of the crash (nothing acknowledged in it)");
        }
    }

    /**
     * One segment as read. {@code format} is the segment's format: 1 (no header), 2 or 3 (see
     * {@link WalFormat}), or 0 where the segment was only listed, not read; only format 3 keeps its
     * times in microseconds. {@code firstTime} is the time in its file name, in the segment's own unit.
     */
    public record Segment(Path path, long sequence, long firstTime, long bytes, long records, boolean sealed,
            int format, List<Damage> damages) {

        /** Returns true for a segment of format 1, which has no header. */
        public boolean legacy() {
            return format == 1;
        }

        /** Returns true if an earlier version wrote the segment, with its times in milliseconds. */
        public boolean millisecondTimes() {
            return format >= 1 && format < WalFormat.VERSION;
        }

        /** Returns the time of the segment's first record in microseconds, whatever unit it was written in. */
        public long firstTimeMicros() {
            return millisecondTimes() ? firstTime * 1000 : firstTime;
        }
    }

    /** What a log directory holds. */
    public record Report(Path dir, List<Segment> segments, List<Damage> damages) {

        /** Returns the number of readable records. */
        public long records() {
            return segments.stream().mapToLong(Segment::records).sum();
        }

        /** Returns the places where data was lost (not torn tails). */
        public List<Damage> losses() {
            return damages.stream().filter(Damage::lost).toList();
        }

        /** Returns the torn tails (expected after a crash). */
        public List<Damage> tornTails() {
            return damages.stream().filter(d -> !d.lost()).toList();
        }

        /** Returns the number of records known lost (an unknown count is taken as one). */
        public long lostRecords() {
            return losses().stream().mapToLong(d -> Math.max(1, d.records())).sum();
        }

        /** Returns the number of unreadable bytes where data was lost. */
        public long lostBytes() {
            return losses().stream().mapToLong(d -> Math.max(0, d.bytes())).sum();
        }

        /**
         * Returns a human-readable listing: one line per segment, one per damaged place, and totals.
         * A segment's line gives the time of its first record as a person reads it
         * ({@code from 10:04:21}); its file name keeps that time in epoch microseconds (milliseconds
         * in segments of formats 1 and 2).
         */
        public String describe() {
            StringBuilder sb = new StringBuilder();
            sb.append("write-ahead log ").append(dir).append(": ").append(segments.size())
                    .append(segments.size() == 1 ? " segment, " : " segments, ").append(records()).append(" records");
            if (losses().isEmpty()) {
                sb.append(", no data lost");
            } else {
                sb.append(", DAMAGED: ").append(count(lostRecords(), "record")).append(" (").append(lostBytes())
                        .append(" bytes) lost in ").append(losses().size()).append(losses().size() == 1 ? " place" : " places");
            }
            if (!tornTails().isEmpty()) {
                sb.append(", ").append(tornTails().size()).append(" torn tail").append(tornTails().size() == 1 ? "" : "s")
                        .append(" of crashes");
            }
            sb.append('\n');
            for (Segment s : segments) {
                sb.append(String.format("  %s  from %s  %,d bytes  %,d records  %s%s%n", s.path().getFileName(),
                        BatchTimes.describeMicros(s.firstTimeMicros()), s.bytes(), s.records(),
                        s.sealed() ? "closed" : "open (being written when the log was closed or the process died)",
                        s.millisecondTimes() ? ", format " + s.format() + " (an earlier version's, times in milliseconds)" : ""));
                for (Damage d : s.damages()) {
                    sb.append("    ").append(d.lost() ? "DAMAGE " : "torn tail ").append(d.describe()).append('\n');
                }
            }
            for (Damage d : damages) {
                if (d.what().startsWith("segment missing")) {
                    sb.append("  DAMAGE ").append(d.describe()).append('\n');
                }
            }
            return sb.toString();
        }
    }

    /** Returns {@code n} and the noun, in the plural unless {@code n} is 1 ("1 record", "3 records"). */
    static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** Lists the segment files of {@code dir} in sequence order. */
    static List<Segment> list(Path dir) throws IOException {
        List<Segment> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "log-*")) {
            for (Path p : ds) {
                String[] parts = p.getFileName().toString().split("-");
                if (parts.length != 3) {
                    continue;
                }
                try {
                    out.add(new Segment(p, Long.parseLong(parts[1]), Long.parseLong(parts[2]), 0, 0, false, 0, List.of()));
                } catch (NumberFormatException e) {
                    // not a segment
                }
            }
        }
        out.sort((a, b) -> Long.compare(a.sequence(), b.sequence()));
        return out;
    }

    /** A segment's figures as read, before classification. */
    private static final class Read {
        Path path;
        long sequence;
        long firstTime;
        long bytes;
        long records;
        long sealCount = -1;
        /** The format its header gives (3 when the header is damaged, so that its records are not refused for it). */
        int format = WalFormat.VERSION;
        long prevSequence = -1;
        long prevRecords = -1;
        long prevBytes = -1;
        /** Unreadable regions: offset, length, magic count, whether good frames follow. */
        final List<long[]> regions = new ArrayList<>();
        final List<String> whats = new ArrayList<>();
    }

    /** Reads {@code dir}, handing every good record to {@code records} in write order (may be null). */
    public static Report scan(Path dir, Consumer<byte[]> records) throws IOException {
        List<Read> reads = new ArrayList<>();
        for (Segment s : list(dir)) {
            byte[] all;
            try {
                all = Files.readAllBytes(s.path());
            } catch (NoSuchFileException e) {
                continue;
            }
            Read r = new Read();
            r.path = s.path();
            r.sequence = s.sequence();
            r.firstTime = s.firstTime();
            r.bytes = all.length;
            read(all, r, records);
            reads.add(r);
        }
        return classify(dir, reads);
    }

    /** Returns the readable record count of one segment file (used to vouch for it in the next header). */
    static long countRecords(Path file) throws IOException {
        Read r = new Read();
        byte[] all = Files.readAllBytes(file);
        r.bytes = all.length;
        read(all, r, null);
        return r.records;
    }

    private static void read(byte[] all, Read r, Consumer<byte[]> out) {
        ByteBuffer buf = ByteBuffer.wrap(all);
        int n = all.length;
        if (n == 0) {
            return;
        }
        if (n < 4 || buf.getInt(0) != WalFormat.FILE_MAGIC) {
            r.format = 1;
            readLegacy(buf, r, out);
            return;
        }
        int pos;
        if (n < WalFormat.FILE_HEADER) {
            r.regions.add(new long[] {0, n, 0, 0});
            r.whats.add("a partial segment header");
            return;
        }
        CRC32C crc = new CRC32C();
        crc.update(all, 0, 32);
        int version = buf.getInt(4);
        if ((version == WalFormat.VERSION || version == WalFormat.MILLISECOND_VERSION) && buf.getInt(32) == (int) crc.getValue()) {
            r.format = version;
            r.prevSequence = buf.getLong(8);
            r.prevRecords = buf.getLong(16);
            r.prevBytes = buf.getLong(24);
            pos = WalFormat.FILE_HEADER;
        } else {
            pos = 4;
            int next = resync(buf, pos);
            r.regions.add(new long[] {0, (next < 0 ? n : next), magics(buf, 0, next < 0 ? n : next), next < 0 ? 0 : 1});
            r.whats.add("a damaged segment header");
            if (next < 0) {
                return;
            }
            pos = next;
        }
        while (pos < n) {
            int end = frameEnd(buf, pos);
            if (end > 0) {
                int magic = buf.getInt(pos);
                if (magic == WalFormat.SEAL_MAGIC) {
                    r.sealCount = buf.getLong(pos + 8);
                } else {
                    r.records++;
                    if (out != null) {
                        byte[] rec = new byte[end - pos - WalFormat.FRAME_HEADER];
                        System.arraycopy(all, pos + WalFormat.FRAME_HEADER, rec, 0, rec.length);
                        out.accept(rec);
                    }
                }
                pos = end;
                continue;
            }
            int next = resync(buf, pos + 1);
            int stop = next < 0 ? n : next;
            r.regions.add(new long[] {pos, stop - pos, magics(buf, pos, stop), next < 0 ? 0 : 1});
            r.whats.add(what(buf, pos));
            pos = stop;
        }
    }

    /** Names what is wrong with the frame at {@code pos}. */
    private static String what(ByteBuffer buf, int pos) {
        int n = buf.limit();
        if (n - pos < WalFormat.FRAME_HEADER) {
            return "a partial frame header";
        }
        int magic = buf.getInt(pos);
        if (magic != WalFormat.RECORD_MAGIC && magic != WalFormat.SEAL_MAGIC) {
            return "no frame starts there";
        }
        int length = buf.getInt(pos + 4);
        if (length < 0 || length > WalFormat.MAX_RECORD) {
            return "an impossible record length " + length;
        }
        if (length > n - pos - WalFormat.FRAME_HEADER) {
            return "a record cut short";
        }
        return "a checksum mismatch";
    }

    /** Returns the end of the valid frame at {@code pos}, or -1. */
    private static int frameEnd(ByteBuffer buf, int pos) {
        int n = buf.limit();
        if (n - pos < WalFormat.FRAME_HEADER) {
            return -1;
        }
        int magic = buf.getInt(pos);
        if (magic != WalFormat.RECORD_MAGIC && magic != WalFormat.SEAL_MAGIC) {
            return -1;
        }
        int length = buf.getInt(pos + 4);
        if (length < 0 || length > WalFormat.MAX_RECORD || length > n - pos - WalFormat.FRAME_HEADER
                || (magic == WalFormat.SEAL_MAGIC && length != 0)) {
            return -1;
        }
        long time = buf.getLong(pos + 8);
        int stored = buf.getInt(pos + 16);
        if (WalFormat.crc(length, time, buf.array(), pos + WalFormat.FRAME_HEADER) != stored) {
            return -1;
        }
        return pos + WalFormat.FRAME_HEADER + length;
    }

    /** Returns the first offset at or after {@code from} where a valid frame starts, or -1. */
    private static int resync(ByteBuffer buf, int from) {
        int n = buf.limit();
        for (int p = from; p + WalFormat.FRAME_HEADER <= n; p++) {
            int magic = buf.getInt(p);
            if ((magic == WalFormat.RECORD_MAGIC || magic == WalFormat.SEAL_MAGIC) && frameEnd(buf, p) > 0) {
                return p;
            }
        }
        return -1;
    }

    /** Counts record magics in {@code [from, to)}: the frames whose starts are still recognisable. */
    private static long magics(ByteBuffer buf, int from, int to) {
        long count = 0;
        for (int p = from; p + 4 <= to; p++) {
            if (buf.getInt(p) == WalFormat.RECORD_MAGIC) {
                count++;
            }
        }
        return count;
    }

    /** Format 1: {@code [int length][int CRC32C of time and payload][long time][payload]}; stops at the first bad frame. */
    private static void readLegacy(ByteBuffer buf, Read r, Consumer<byte[]> out) {
        int n = buf.limit();
        int pos = 0;
        while (pos < n) {
            if (n - pos < 16) {
                break;
            }
            int length = buf.getInt(pos);
            int checksum = buf.getInt(pos + 4);
            long time = buf.getLong(pos + 8);
            if (length < 0 || length > WalFormat.MAX_RECORD || length > n - pos - 16) {
                break;
            }
            CRC32C crc = new CRC32C();
            crc.update(ByteBuffer.allocate(8).putLong(0, time).array());
            crc.update(buf.array(), pos + 16, length);
            if ((int) crc.getValue() != checksum) {
                break;
            }
            r.records++;
            if (out != null) {
                byte[] rec = new byte[length];
                System.arraycopy(buf.array(), pos + 16, rec, 0, length);
                out.accept(rec);
            }
            pos += 16 + length;
        }
        if (pos < n) {
            r.regions.add(new long[] {pos, n - pos, 0, 0});
            r.whats.add("a bad frame in a format-1 segment (which cannot tell damage from a torn tail; the rest of"
                    + " the segment is skipped)");
        }
    }

    private static Report classify(Path dir, List<Read> reads) {
        List<Segment> segments = new ArrayList<>();
        List<Damage> all = new ArrayList<>();
        for (int i = 0; i < reads.size(); i++) {
            Read r = reads.get(i);
            String name = r.path.getFileName().toString();
            Read next = i + 1 < reads.size() ? reads.get(i + 1) : null;
            long vouched = next != null && next.prevSequence == r.sequence ? next.prevRecords : -1;
            long expected = Math.max(vouched, r.sealCount);
            boolean last = next == null;
            List<Damage> damages = new ArrayList<>();
            long lostEstimate = 0;
            int lostRegions = 0;
            for (int k = 0; k < r.regions.size(); k++) {
                long[] g = r.regions.get(k);
                boolean followed = g[3] == 1;
                boolean lost;
                if (followed) {
                    lost = true;
                } else if (r.format == 1) {
                    lost = !last;
                } else {
                    lost = expected >= 0 ? r.records < expected : !last && next.prevSequence != r.sequence;
                }
                long records = Math.max(1, g[2]);
                if (lost) {
                    lostEstimate += records;
                    lostRegions++;
                }
                damages.add(new Damage(name, g[0], g[1], lost ? records : g[2], lost, r.whats.get(k)));
            }
            if (expected >= 0 && r.records < expected) {
                long exact = expected - r.records;
                if (lostRegions == 1) {
                    for (int k = 0; k < damages.size(); k++) {
                        Damage d = damages.get(k);
                        if (d.lost()) {
                            damages.set(k, new Damage(d.segment(), d.offset(), d.bytes(), exact, true, d.what()));
                        }
                    }
                } else if (lostRegions == 0) {
                    long missing = next != null && next.prevSequence == r.sequence && next.prevBytes > r.bytes
                            ? next.prevBytes - r.bytes : -1;
                    damages.add(new Damage(name, r.bytes, missing, exact, true,
                            "the segment is shorter than when it was written (" + r.records + " of " + expected + " records)"));
                } else if (lostEstimate < exact) {
                    damages.add(new Damage(name, -1, 0, exact - lostEstimate, true, "more records are missing than the damaged"
                            + " places show"));
                }
            }
            segments.add(new Segment(r.path, r.sequence, r.firstTime, r.bytes, r.records, r.sealCount >= 0, r.format,
                    List.copyOf(damages)));
            all.addAll(damages);
            if (next != null && next.sequence > r.sequence + 1) {
                long gapRecords = next.prevSequence == next.sequence - 1 && next.sequence == r.sequence + 2 ? next.prevRecords : -1;
                all.add(new Damage(String.format("log-%020d", r.sequence + 1) + (next.sequence > r.sequence + 2
                        ? " to " + String.format("log-%020d", next.sequence - 1) : ""), -1, -1, gapRecords, true,
                        "segment missing from the sequence"));
            }
        }
        return new Report(dir, List.copyOf(segments), List.copyOf(all));
    }
}
