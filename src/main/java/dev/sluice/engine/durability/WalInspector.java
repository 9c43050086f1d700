package dev.sluice.engine.durability;

import dev.sluice.engine.BatchTimes;
import dev.sluice.engine.Micros;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints what a checkpoint directory (or a bare write-ahead-log directory) holds: each log
 * segment with the time of its first record, its size, record count and damage, and each checkpoint
 * with its batch time and whether it reads back. Times read as local time
 * ({@link BatchTimes#describeMicros}); a checkpoint's batch time is also given in epoch milliseconds, and
 * the file names hold theirs in epoch microseconds.
 * Run as {@code sluice --inspect-wal DIR}; it only reads.
 */
public final class WalInspector {

    /** Exit status when every record and checkpoint reads back (torn tails of crashes allowed). */
    public static final int CLEAN = 0;
    /** Exit status when records were lost or a checkpoint is damaged. */
    public static final int DAMAGED = 1;
    /** Exit status for a bad command line or an unreadable directory. */
    public static final int USAGE = 2;

    private WalInspector() {
    }

    /** Inspects {@code args[0]} and returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 1) {
            err.println("usage: sluice --inspect-wal DIR   (DIR: a checkpoint directory, or its wal/ directory)");
            return USAGE;
        }
        Path dir = Path.of(args[0]);
        if (!Files.isDirectory(dir)) {
            err.println("sluice: " + dir + " is not a directory; give the checkpoint directory of a context"
                    + " (the one passed to checkpointDir) or its wal/ directory");
            return USAGE;
        }
        Path wal = Files.isDirectory(dir.resolve("wal")) ? dir.resolve("wal") : dir;
        try {
            WalScanner.Report report = WalScanner.scan(wal, null);
            out.print(report.describe());
            boolean damaged = !report.losses().isEmpty();
            if (!wal.equals(dir)) {
                damaged |= printCheckpoints(dir, out);
            }
            return damaged ? DAMAGED : CLEAN;
        } catch (IOException e) {
            err.println("sluice: cannot read " + wal + ": " + e.getMessage());
            return USAGE;
        }
    }

    /** Lists the checkpoints; returns true if one is damaged. */
    private static boolean printCheckpoints(Path dir, PrintStream out) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "checkpoint-*")) {
            ds.forEach(files::add);
        }
        files.sort(null);
        out.println("checkpoints in " + dir + ": " + files.size());
        boolean damaged = false;
        for (Path p : files) {
            try {
                Checkpoint ck = Checkpoint.fromBytes(Files.readAllBytes(p));
                out.printf("  %s  batch %s (%s ms), %d sections, %d pending batches%n", p.getFileName(),
                        BatchTimes.describeMicros(ck.time()), Micros.formatMillis(ck.time()), ck.sections().size(), ck.pending().size());
            } catch (IOException e) {
                damaged = true;
                out.printf("  %s  DAMAGED (%s): recovery uses the previous one%n", p.getFileName(), e.getMessage());
            }
        }
        return damaged;
    }

    /** Command-line entry: {@code java -cp target/sluice.jar:target/lib/* dev.sluice.engine.durability.WalInspector DIR}. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }
}
