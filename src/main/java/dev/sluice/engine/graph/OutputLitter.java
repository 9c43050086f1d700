package dev.sluice.engine.graph;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the temporary directories that {@code saveAsTextFiles} batches left unfinished when the
 * process died ({@code .<prefix>-<time>[.suffix].tmp-<n>} next to the batch directories). The
 * batches they belonged to run again after recovery and write their directories anew.
 */
public final class OutputLitter {

    private static final Logger LOG = LoggerFactory.getLogger(OutputLitter.class);

    private OutputLitter() {
    }

    /**
     * Deletes, in {@code parent}, the temporary directories of batches of {@code prefixName} (the
     * file name part of the prefix) with {@code suffix} (may be empty); returns how many. Called
     * once per output, before its first batch writes, so none of them can be in use.
     */
    public static int removeUnfinished(Path parent, String prefixName, String suffix) throws IOException {
        if (!Files.isDirectory(parent)) {
            return 0;
        }
        Pattern temp = Pattern.compile("\\." + Pattern.quote(prefixName) + "-\\d+"
                + (suffix == null || suffix.isEmpty() ? "" : Pattern.quote("." + suffix)) + "\\.tmp-\\d+");
        int removed = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(parent, "." + glob(prefixName) + "-*.tmp-*")) {
            for (Path p : ds) {
                if (temp.matcher(p.getFileName().toString()).matches() && Files.isDirectory(p)) {
                    try (Stream<Path> walk = Files.walk(p)) {
                        for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
                            Files.deleteIfExists(q);
                        }
                    }
                    removed++;
                }
            }
        }
        if (removed > 0) {
            LOG.info("Removed {} temporary directories of unfinished saveAsTextFiles batches in {}", removed, parent);
        }
        return removed;
    }

    private static String glob(String s) {
        return s.replaceAll("([*?\\[\\]{}\\\\])", "\\\\$1");
    }
}
