package dev.sluice.session;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where JShell finds the JDK's sources, which it reads the JDK's javadoc from ({@code lib/src.zip}
 * of the running JDK, else {@code src.zip} next to it), and what to say when they are missing.
 */
final class JdkSources {

    private JdkSources() {
    }

    /** The running JDK's {@code src.zip}, if it is there and readable (a dangling link is not). */
    static Optional<Path> srcZip() {
        return srcZip(Path.of(System.getProperty("java.home")));
    }

    static Optional<Path> srcZip(Path home) {
        Path zip = home.resolve("lib").resolve("src.zip");
        if (Files.isReadable(zip)) {
            return Optional.of(zip);
        }
        Path beside = home.getParent() == null ? null : home.getParent().resolve("src.zip");
        return beside != null && Files.isReadable(beside) ? Optional.of(beside) : Optional.empty();
    }

    /** The line under documentation that lacks the JDK's javadoc because this JDK has no sources. */
    static String missingNote() {
        return missingNote(Path.of(System.getProperty("java.home")), Runtime.version().feature());
    }

    static String missingNote(Path home, int feature) {
        String install = home.toString().startsWith("/usr/lib/jvm/")
                && home.getFileName().toString().matches("java-" + feature + "-openjdk.*")
                ? "install the package openjdk-" + feature + "-source (apt-get install openjdk-" + feature + "-source)"
                : "install a JDK that has its sources (lib/src.zip), or the sources package of this one";
        return "(no javadoc for the JDK's classes: " + home + " has no lib/src.zip; " + install + ")";
    }
}
