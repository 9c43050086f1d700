package dev.sluice.engine.durability;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * The file system refused a write to the write-ahead log (its directory is gone, became a file or
 * read-only, or the disk is full or failing), as opposed to a record the log rejects.
 *
 * <p>When {@link MetadataLog} throws one it has already reported it to the context's errors, with
 * the source {@link #SOURCE}; whoever catches it need not report it again (the engine's error sink
 * only logs such a consequence).
 */
public final class WalWriteException extends IOException {

    /** The source that failures of the write-ahead log are reported under. */
    public static final String SOURCE = "write-ahead log";

    private final Path dir;

    /** A failed write to the log in {@code dir}, caused by {@code cause}. */
    public WalWriteException(Path dir, IOException cause) {
        super("cannot write to the write-ahead log in " + dir + ": " + reason(cause), cause);
        this.dir = dir;
    }

    /** Returns the log's directory. */
    public Path dir() {
        return dir;
    }

    /** Returns true if {@code error} or one of its causes is a {@code WalWriteException}. */
    public static boolean within(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof WalWriteException) {
                return true;
            }
        }
        return false;
    }

    /**
     * What the file system said, without the file's name (which changes from one attempt to the
     * next, so repeats of the same failure read the same): {@code Not a directory},
     * {@code No space left on device}, {@code no such file or directory}.
     */
    public static String reason(Throwable error) {
        if (error instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        if (error instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (error instanceof NotDirectoryException) {
            return "Not a directory";
        }
        if (error instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (error instanceof FileSystemException) {
            return error.getClass().getSimpleName();
        }
        if (error.getMessage() == null) {
            return error.getClass().getSimpleName();
        }
        return error.getClass() == IOException.class ? error.getMessage() : error.getClass().getSimpleName() + ": " + error.getMessage();
    }
}
