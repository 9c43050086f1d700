package dev.sluice.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdkSourcesTest {

    @Test
    void theNoteNamesDebiansSourcesPackageForDebiansJdk() {
        assertEquals("(no javadoc for the JDK's classes: /usr/lib/jvm/java-17-openjdk-amd64 has no lib/src.zip;"
                        + " install the package openjdk-17-source (apt-get install openjdk-17-source))",
                JdkSources.missingNote(Path.of("/usr/lib/jvm/java-17-openjdk-amd64"), 17));
        assertTrue(JdkSources.missingNote(Path.of("/opt/jdk-21"), 21)
                .endsWith("install a JDK that has its sources (lib/src.zip), or the sources package of this one)"));
    }

    @Test
    void aDanglingLinkIsNoSources(@TempDir Path home) throws Exception {
        Path lib = Files.createDirectories(home.resolve("jdk").resolve("lib"));
        Files.createSymbolicLink(lib.resolve("src.zip"), home.resolve("nowhere.zip"));
        assertTrue(JdkSources.srcZip(home.resolve("jdk")).isEmpty());
        Files.write(home.resolve("nowhere.zip"), new byte[] {1});
        assertEquals(lib.resolve("src.zip"), JdkSources.srcZip(home.resolve("jdk")).orElseThrow());
    }
}
