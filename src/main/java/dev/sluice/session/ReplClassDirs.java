package dev.sluice.session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Directories of snippet class files for a runner's executors (Spark serves such a directory to
 * them as spark-shell does): one per JShell start, {@code REPL/$JShell$12.class} for class
 * {@code REPL.$JShell$12}. Temporary ones are removed when the JVM exits.
 */
final class ReplClassDirs {

    private static final Logger LOG = LoggerFactory.getLogger(ReplClassDirs.class);
    private static final List<Path> TEMPORARY = new ArrayList<>();
    private static boolean hooked;

    private ReplClassDirs() {
    }

    /** The directory {@code configured} (the user's, kept) or, when that is null, a new temporary one. */
    static Path create(String configured) {
        try {
            if (configured != null && !configured.isBlank()) {
                return Files.createDirectories(Path.of(configured)).toAbsolutePath();
            }
            Path dir = Files.createTempDirectory("sluice-repl-classes").toAbsolutePath();
            synchronized (TEMPORARY) {
                TEMPORARY.add(dir);
                if (!hooked) {
                    hooked = true;
                    Runtime.getRuntime().addShutdownHook(new Thread(ReplClassDirs::removeAll, "sluice-repl-classes-cleanup"));
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a directory for the snippet classes executors load: " + e.getMessage()
                    + "; check that the temporary directory (java.io.tmpdir) is writable", e);
        }
    }

    /**
     * Writes a class's bytes to {@code <dir>/<package path>/<name>.class}, through a temporary file
     * moved into place, so an executor fetching it never reads half a class.
     */
    static void write(Path dir, String className, byte[] bytes) {
        Path target = dir.resolve(className.replace('.', '/') + ".class");
        try {
            Files.createDirectories(target.getParent());
            Path part = Files.createTempFile(target.getParent(), ".part-", ".tmp");
            Files.write(part, bytes);
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // the driver still runs the class; executors would fail to find it, so say which and why
            LOG.warn("Could not write snippet class {} to {} for the executors: {}", className, dir, e.toString());
        }
    }

    private static void removeAll() {
        List<Path> dirs;
        synchronized (TEMPORARY) {
            dirs = new ArrayList<>(TEMPORARY);
        }
        for (Path dir : dirs) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException | UncheckedIOException e) {
                // left for the system's temporary-file cleanup
            }
        }
    }
}
