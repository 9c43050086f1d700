package dev.sluice.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.testing.LocalMavenRepo;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@code sluice --kernel} starts, run as Jupyter runs it: a process of its own. */
class KernelLauncherTest {

    @TempDir
    Path tmp;

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void aDependencyOnStartThatDoesNotExistIsOneLineWithoutATrace() throws Exception {
        LocalMavenRepo repo = new LocalMavenRepo(tmp.resolve("remote")).withGreeter();
        Path connection = tmp.resolve("kernel.json");
        Files.writeString(connection, String.format("{\"shell_port\": %d, \"iopub_port\": %d, \"stdin_port\": %d,"
                + " \"control_port\": %d, \"hb_port\": %d, \"ip\": \"127.0.0.1\", \"key\": \"k\", \"transport\": \"tcp\","
                + " \"signature_scheme\": \"hmac-sha256\", \"kernel_name\": \"sluice\"}",
                freePort(), freePort(), freePort(), freePort(), freePort()));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"), "dev.sluice.Main",
                "--kernel", connection.toString(), "--repository", repo.url(), "--dependency", "no.such:thing:1.0")
                .redirectErrorStream(true).redirectOutput(tmp.resolve("out.txt").toFile());
        pb.environment().put("SLUICE_LOCAL_REPOSITORY", tmp.resolve("m2").toString());
        Process p = pb.start();
        try {
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the kernel process ends");
        } finally {
            p.destroyForcibly();
        }
        List<String> lines = Files.readAllLines(tmp.resolve("out.txt"), StandardCharsets.UTF_8);
        assertEquals(List.of("sluice: the kernel cannot start: no.such:thing:jar:1.0 does not exist in " + repo.url() + " or "
                + tmp.resolve("m2") + "; check the group, artifact and version"), lines, "one line, no stack trace");
        assertEquals(1, p.exitValue());
    }
}
