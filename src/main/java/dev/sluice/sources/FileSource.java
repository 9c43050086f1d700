package dev.sluice.sources;

import dev.sluice.engine.BatchTimes;
import dev.sluice.engine.durability.Codec;
import dev.sluice.engine.durability.MetadataLog;
import dev.sluice.engine.durability.RecoverableInput;
import dev.sluice.engine.graph.InputNode;
import dev.sluice.engine.graph.StreamGraph;
import dev.sluice.engine.rdd.ParallelCollectionNode;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * {@code textFileStream}: each batch takes the new files of a directory and holds their lines, one
 * partition per file.
 *
 * <p>Which files: regular files whose name does not start with {@code .} or {@code _} (hidden and
 * temporary files) and that were not in the directory when the stream started. A file is taken
 * whole, once, in order of modification time, as soon as one of these holds:
 * <ul>
 *   <li>it was renamed (moved) into the directory after it was last written: it appeared with a
 *       modification time older than the previous scan of the directory, or its inode changed
 *       after its last write. This is the safe pattern (Spark documents the same): write the file
 *       elsewhere on the same file system, or in the directory under a name starting with
 *       {@code .} or {@code _}, then rename it to its final name. (File times are coarse: a file
 *       renamed within a few milliseconds of its last write looks written in place, and waits
 *       for the stable time instead);
 *   <li>its size and modification time have not changed for the stable time (default
 *       {@value #DEFAULT_STABLE_MS} ms, set with {@code StreamingContext.Builder.fileStableTime}),
 *       measured on the context clock between scans at batch times, so a writer that pauses for
 *       less than that is waited for.
 * </ul>
 * A file that changes after it was taken is reported once (error sink): the lines added after it
 * was taken are not read. Files are tracked by name and modification time: a file whose
 * modification time is more than {@value #FORGET_MS} ms older than the newest taken file is
 * ignored (so moving in an old file with its old time does not work; touch it first).
 *
 * <p>Lines are read (as UTF-8) when the batch is generated, on the job generator thread. Problems
 * are reported (log, listeners' {@code onError}) and the stream goes on: a missing directory (the
 * stream picks files up once it exists), a file deleted before it could be read, invalid UTF-8
 * (decoded with U+FFFD in place of the bad bytes).
 *
 * <p>With a checkpoint directory, the files of each batch are logged before the batch runs, so a
 * batch run again after recovery reads the same files (if they still exist).
 *
 * <p>The choice of files and the reading of one are {@link FileSelection}'s, which the Spark runner
 * uses too.
 */
public final class FileSource<T> extends InputNode<T> implements RecoverableInput {

    /** How far behind the newest taken file a file's modification time may be and still count as new. */
    public static final long FORGET_MS = 60_000;

    /** How long a file written in place must stay unchanged before it is taken, unless set otherwise. */
    public static final long DEFAULT_STABLE_MS = 5_000;

    /** Where problems are reported. */
    @FunctionalInterface
    public interface ErrorSink {
        /** Reports a problem that does not stop the stream. */
        void report(String message, Throwable error);
    }

    private final Path dir;
    private volatile MetadataLog log;
    private final ErrorSink errors;
    private final Function<InputNode<?>, String> stableKey;
    /** 0 for lines of text ({@code String}), else the length of the fixed-length {@code byte[]} records. */
    private final int recordLength;
    /** Which files each batch takes (shared with the Spark runner, so both take the same). */
    private final FileSelection selection;
    private final TreeMap<Long, List<String>> batchFiles = new TreeMap<>();
    private volatile String key;
    volatile Consumer<Path> beforeRead = p -> { };

    /** Creates the source with the default stable time and registers it; {@code log} may be null. */
    public FileSource(StreamGraph graph, Path dir, MetadataLog log, ErrorSink errors, Function<InputNode<?>, String> stableKey) {
        this(graph, dir, DEFAULT_STABLE_MS, log, errors, stableKey);
    }

    /**
     * Creates the source and registers it: a file written in place is taken once it was unchanged
     * for {@code stableMs} of context time; {@code log} may be null.
     */
    public FileSource(StreamGraph graph, Path dir, long stableMs, MetadataLog log, ErrorSink errors,
            Function<InputNode<?>, String> stableKey) {
        this(graph, dir, stableMs, log, errors, stableKey, 0);
    }

    /**
     * Like {@link #FileSource(StreamGraph, Path, long, MetadataLog, ErrorSink, Function)}; when {@code recordLength}
     * is positive, a file's records are its bytes cut into {@code byte[]}s of that length ({@code binaryRecordsStream}),
     * and a file whose length is not a multiple of it is reported and left out.
     */
    public FileSource(StreamGraph graph, Path dir, long stableMs, MetadataLog log, ErrorSink errors,
            Function<InputNode<?>, String> stableKey, int recordLength) {
        super(graph);
        if (recordLength < 0) {
            throw new IllegalArgumentException("the record length of binaryRecordsStream must be positive, got " + recordLength);
        }
        this.recordLength = recordLength;
        this.selection = new FileSelection(dir, stableMs, errors);
        this.dir = dir;
        this.log = log;
        this.errors = errors;
        this.stableKey = stableKey;
        graph.register(this);
    }

    @Override
    public String operation() {
        return (recordLength > 0 ? "binaryRecordsStream(" + dir + ", " + recordLength : "textFileStream(" + dir) + ")";
    }

    @Override
    public synchronized String key() {
        if (key == null) {
            key = stableKey.apply(this);
        }
        return key;
    }

    @Override
    public synchronized void start() {
        key();
        selection.start(this::inBatches);
    }

    private boolean inBatches(String name) {
        for (List<String> files : batchFiles.values()) {
            if (files.contains(name)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void useLog(MetadataLog log) {
        this.log = log;
    }

    @Override
    protected synchronized InputBatch<T> take(long time) throws Exception {
        List<String> files = batchFiles.get(time);
        if (files == null) {
            files = selection.scan(time);
            List<String> taken = files;
            MetadataLog log = this.log;
            if (log != null) {
                log.write(MetadataLog.FILES_TAKEN, out -> writeFiles(out, key(), time, taken));
            }
            batchFiles.put(time, files);
            if (log == null) {
                batchFiles.headMap(time - Math.max(rememberMicros(), slideMicros()), false).clear();
            }
        }
        return read(time, files);
    }

    private InputBatch<T> read(long time, List<String> files) {
        List<List<T>> parts = new ArrayList<>();
        long n = 0;
        for (String name : files) {
            Path p = dir.resolve(name);
            try {
                beforeRead.accept(p);
                List<T> records = records(p);
                parts.add(records);
                n += records.size();
            } catch (NoSuchFileException e) {
                errors.report("File " + p + " was deleted before it could be read; its lines are not in batch " + BatchTimes.describeMicros(time)
                        + ". Move finished files into " + dir + " and delete them only after they were processed", null);
            } catch (IOException | RuntimeException e) {
                errors.report("File " + p + " could not be read; its lines are not in batch " + BatchTimes.describeMicros(time), e);
            }
        }
        return new InputBatch<>(ParallelCollectionNode.ofPartitions(graph.rddContext(), parts, null,
                (recordLength > 0 ? "binaryRecordsStream" : "textFileStream") + " batch"), n);
    }

    @SuppressWarnings("unchecked")
    private List<T> records(Path p) throws IOException {
        return (List<T>) FileSelection.records(p, recordLength, errors);
    }

    private static void writeFiles(java.io.DataOutputStream out, String key, long time, List<String> files) throws IOException {
        out.writeUTF(key);
        out.writeLong(time);
        out.writeInt(files.size());
        for (String f : files) {
            out.writeUTF(f);
        }
    }

    @Override
    public synchronized boolean replay(MetadataLog.Entry entry) throws IOException {
        if (entry.kind() != MetadataLog.FILES_TAKEN) {
            return false;
        }
        var in = entry.in();
        if (!in.readUTF().equals(key())) {
            return false;
        }
        long time = in.readLong();
        int n = in.readInt();
        List<String> files = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            files.add(in.readUTF());
        }
        batchFiles.put(time, files);
        for (String f : files) {
            selection.replayed(f);
        }
        return true;
    }

    @Override
    public synchronized byte[] snapshot() throws IOException {
        return Codec.serialize(new Object[] {new HashMap<>(selection.processed()), new TreeMap<>(batchFiles), selection.newestTaken()});
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized void restoreSnapshot(byte[] data) throws IOException, ClassNotFoundException {
        Object[] parts = (Object[]) Codec.deserialize(data);
        ((TreeMap<Long, List<String>>) parts[1]).forEach(batchFiles::putIfAbsent);
        selection.restore((Map<String, Long>) parts[0], (Long) parts[2]);
    }

    @Override
    public synchronized void restorePast(long from, long to) {
        for (Map.Entry<Long, List<String>> e : batchFiles.subMap(from, false, to, true).entrySet()) {
            restoreGenerated(e.getKey(), read(e.getKey(), e.getValue()).rdd());
        }
    }

    @Override
    public synchronized long earliestLoggedBatch() {
        return batchFiles.isEmpty() ? Long.MIN_VALUE : batchFiles.firstKey();
    }

    @Override
    public synchronized void forgetBefore(long threshold) {
        batchFiles.headMap(threshold, false).clear();
    }

    /** Keeps the source's datasets for a batch (a test drives the source without outputs). */
    void foreachOutputForTest() {
        persistGenerated();
    }

    /** Returns the directory. */
    public Path dir() {
        return dir;
    }
}
