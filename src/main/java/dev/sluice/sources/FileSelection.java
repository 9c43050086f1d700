package dev.sluice.sources;

import dev.sluice.engine.BatchTimes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Which files of a directory a {@code textFileStream} or {@code binaryRecordsStream} takes at each
 * batch, and how a taken file's records are read: the rules of {@link FileSource} (see its class
 * comment), kept on the driver, shared by the embedded engine and the Spark runner so that both take
 * the same files in the same batches. Thread-safe: every method holds this object's lock.
 */
public final class FileSelection {

    private record Seen(long size, long modified, boolean renamed) {
        boolean sameAs(Seen o) {
            return o != null && size == o.size && modified == o.modified;
        }
    }

    /** A file waiting to be taken: how it looked, and since when (batch time) it looked so. */
    private record Candidate(Seen seen, long since) {
    }

    private final Path dir;
    private final long stableMs;
    private final FileSource.ErrorSink errors;
    private final Map<String, Long> processed = new HashMap<>();
    private final Map<String, Candidate> candidates = new HashMap<>();
    /** Taken files and how they looked when taken, to warn when one changes afterwards. */
    private final Map<String, Seen> taken = new HashMap<>();
    private final Map<String, Long> takenAt = new HashMap<>();
    private long lastListedAt = System.currentTimeMillis();
    private long newestTaken = Long.MIN_VALUE;
    private boolean started;
    private boolean missingReported;

    /**
     * Creates the selection for {@code dir}: a file written in place is taken once it was unchanged
     * for {@code stableMs} of batch time; problems go to {@code errors}.
     */
    public FileSelection(Path dir, long stableMs, FileSource.ErrorSink errors) {
        if (stableMs < 0) {
            throw new IllegalArgumentException("the stable time of textFileStream must not be negative, got " + stableMs + " ms");
        }
        this.dir = dir;
        this.stableMs = stableMs;
        this.errors = errors;
    }

    /** Returns the directory. */
    public Path dir() {
        return dir;
    }

    /**
     * At the stream's first start only: the files in the directory now are old and never taken,
     * except those {@code alreadyTaken} says a logged batch holds. Later calls (a restart of the
     * streams) change nothing, so a file that arrived meanwhile is taken at the next scan.
     */
    public synchronized void start(Predicate<String> alreadyTaken) {
        if (started) {
            return;
        }
        started = true;
        lastListedAt = System.currentTimeMillis();
        if (Files.isDirectory(dir)) {
            for (Map.Entry<String, Seen> e : list().entrySet()) {
                if (!processed.containsKey(e.getKey()) && !alreadyTaken.test(e.getKey())) {
                    processed.put(e.getKey(), e.getValue().modified);
                }
            }
        }
    }

    /** Lists the directory for the batch of {@code time} and returns the names of the files it takes, in order of modification time. */
    public synchronized List<String> scan(long time) {
        long listedBefore = lastListedAt;
        lastListedAt = System.currentTimeMillis();
        Map<String, Seen> now = list();
        warnAboutGrowth(now);
        long cutoff = newestTaken == Long.MIN_VALUE ? Long.MIN_VALUE : newestTaken - FileSource.FORGET_MS;
        List<Map.Entry<String, Seen>> ready = new ArrayList<>();
        Map<String, Candidate> next = new HashMap<>();
        for (Map.Entry<String, Seen> e : now.entrySet()) {
            Seen s = e.getValue();
            if (processed.containsKey(e.getKey()) || s.modified < cutoff) {
                continue;
            }
            Candidate c = candidates.get(e.getKey());
            // first seen now, yet last written (with a second's margin for coarse file times) before the previous listing
            boolean movedIn = s.renamed || (c == null && s.modified < listedBefore - 1_000);
            if (movedIn || (c != null && s.sameAs(c.seen) && time - c.since >= dev.sluice.engine.Micros.ofMillis(stableMs))) {
                ready.add(e);
            } else {
                next.put(e.getKey(), c != null && s.sameAs(c.seen) ? c : new Candidate(s, time));
            }
        }
        candidates.clear();
        candidates.putAll(next);
        ready.sort((a, b) -> a.getValue().modified != b.getValue().modified
                ? Long.compare(a.getValue().modified, b.getValue().modified) : a.getKey().compareTo(b.getKey()));
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, Seen> e : ready) {
            names.add(e.getKey());
            markProcessed(e.getKey(), e.getValue().modified);
            taken.put(e.getKey(), e.getValue());
            takenAt.put(e.getKey(), time);
        }
        return names;
    }

    /** Marks {@code name}, which a logged batch took, as taken (recovery): never taken again while remembered. */
    public synchronized void replayed(String name) {
        long modified = Long.MIN_VALUE;
        try {
            modified = Files.getLastModifiedTime(dir.resolve(name)).toMillis();
        } catch (IOException e) {
            // deleted since; keep it marked by name
        }
        processed.put(name, modified == Long.MIN_VALUE ? Long.MAX_VALUE : modified);
        if (modified != Long.MIN_VALUE) {
            newestTaken = Math.max(newestTaken, modified);
        }
    }

    /** Returns the taken files still remembered, with their modification times (for a snapshot). */
    public synchronized Map<String, Long> processed() {
        return new HashMap<>(processed);
    }

    /** Returns the modification time of the newest taken file, {@link Long#MIN_VALUE} before the first. */
    public synchronized long newestTaken() {
        return newestTaken;
    }

    /** Adds the taken files and newest time of a snapshot ({@link #processed()}, {@link #newestTaken()}). */
    public synchronized void restore(Map<String, Long> processedFiles, long newest) {
        processedFiles.forEach(processed::putIfAbsent);
        newestTaken = Math.max(newestTaken, newest);
    }

    private Map<String, Seen> list() {
        Map<String, Seen> out = new HashMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (name.startsWith(".") || name.startsWith("_")) {
                    continue;
                }
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                    if (a.isRegularFile()) {
                        out.put(name, new Seen(a.size(), a.lastModifiedTime().toMillis(), changedAfterWrite(p, a)));
                    }
                } catch (NoSuchFileException e) {
                    // gone between listing and reading its attributes
                }
            }
            missingReported = false;
        } catch (NoSuchFileException e) {
            if (!missingReported) {
                missingReported = true;
                errors.report("Directory " + dir.toAbsolutePath() + " of textFileStream does not exist; create it (files moved"
                        + " into it afterwards are picked up) or fix the path", null);
            }
        } catch (IOException e) {
            errors.report("Directory " + dir.toAbsolutePath() + " of textFileStream could not be listed", e);
        }
        return out;
    }

    /** True if the file's inode changed after its last write (a rename does that; a write changes both times). */
    private static boolean changedAfterWrite(Path p, BasicFileAttributes a) {
        try {
            Object ctime = Files.getAttribute(p, "unix:ctime");
            return ctime instanceof java.nio.file.attribute.FileTime c && c.compareTo(a.lastModifiedTime()) > 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    /** Reports, once per change, a taken file whose size or modification time changed since it was taken. */
    private void warnAboutGrowth(Map<String, Seen> now) {
        for (var it = taken.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Seen> e = it.next();
            if (!processed.containsKey(e.getKey())) {
                it.remove();
                takenAt.remove(e.getKey());
                continue;
            }
            Seen s = now.get(e.getKey());
            if (s != null && !s.sameAs(e.getValue())) {
                errors.report("File " + dir.resolve(e.getKey()) + " changed after batch " + BatchTimes.describeMicros(takenAt.get(e.getKey()))
                        + " took it (" + e.getValue().size + " bytes then, " + s.size + " now); what was written since is"
                        + " not read. Write files elsewhere and rename them into " + dir + " when complete, or raise"
                        + " fileStableTime (now " + stableMs + " ms) above the writer's longest pause", null);
                e.setValue(s);
            }
        }
    }

    private void markProcessed(String name, long modified) {
        processed.put(name, modified);
        newestTaken = Math.max(newestTaken, modified);
        long cutoff = newestTaken - FileSource.FORGET_MS;
        processed.values().removeIf(m -> m < cutoff);
    }

    /**
     * Reads the records of a taken file: its lines as UTF-8 ({@code recordLength} 0; invalid bytes
     * replaced with U+FFFD and told to {@code errors}; no last empty line for a final line break) or
     * its bytes cut into {@code byte[]}s of {@code recordLength}. Fails when the length is not a
     * multiple of the record length.
     */
    public static List<?> records(Path p, int recordLength, FileSource.ErrorSink errors) throws IOException {
        byte[] bytes = Files.readAllBytes(p);
        if (recordLength == 0) {
            return lines(p, bytes, errors);
        }
        if (bytes.length % recordLength != 0) {
            throw new IOException("its length, " + bytes.length + " bytes, is not a multiple of the record length "
                    + recordLength + "; write whole records only");
        }
        List<byte[]> out = new ArrayList<>(bytes.length / recordLength);
        for (int i = 0; i < bytes.length; i += recordLength) {
            out.add(Arrays.copyOfRange(bytes, i, i + recordLength));
        }
        return out;
    }

    private static List<String> lines(Path p, byte[] bytes, FileSource.ErrorSink errors) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            errors.report("File " + p + " is not valid UTF-8 text; its invalid bytes were replaced with U+FFFD", null);
            text = new String(bytes, StandardCharsets.UTF_8);
        }
        if (text.isEmpty()) {
            return List.of();
        }
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\r?\n", -1)));
        if (lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }
}
