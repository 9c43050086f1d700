package dev.sluice.bench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/** Sizes a runtime classpath: the engine's jars, without the benchmark's own classes. */
final class Classpath {
    private Classpath() {
    }

    /**
     * Total size in MB and number of entries. For Sluice the classpath is the root build's jar and
     * its runtime dependencies; for Spark it is spark-streaming's runtime dependencies (the
     * benchmark's classes, JMH and the Sluice jar, which Spark JVMs also carry, are left out).
     */
    static String describe(String classpath, boolean sluice) {
        long bytes = 0;
        int entries = 0;
        for (String entry : classpath.split(File.pathSeparator)) {
            if (entry.isEmpty() || entry.endsWith("classes") || entry.contains("/jmh-") || entry.contains("jopt-simple")
                    || entry.contains("commons-math3") || (!sluice && entry.contains("/dev/sluice/"))) {
                continue;
            }
            bytes += size(Path.of(entry));
            entries++;
        }
        return String.format(Locale.ROOT, "%.1f (%d jars)", bytes / 1048576.0, entries);
    }

    private static long size(Path p) {
        try {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    return s.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
                }
            }
            return Files.exists(p) ? Files.size(p) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
