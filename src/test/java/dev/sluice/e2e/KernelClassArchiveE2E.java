package dev.sluice.e2e;

import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --install-kernel} with the built jar (target/sluice.jar and target/lib, so it runs after
 * {@code package}) writes the kernelspec's class-data archive, and a kernel started as the spec says
 * maps from it the classes of the JDK's compiler, JShell, ZeroMQ and Sluice instead of loading them.
 */
class KernelClassArchiveE2E {
    @Test
    void theKernelspecsArchiveServesTheKernelsClasses(@TempDir Path tmp) throws Exception {
        Path root = Path.of("").toAbsolutePath();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        String classpath = root.resolve("target/sluice.jar") + ":" + root.resolve("target/lib") + "/*";
        Run install = run(List.of(java.toString(), "-cp", classpath, "dev.sluice.Main", "--install-kernel", "--prefix", tmp.toString()), tmp);
        assertEquals(0, install.status, install.output);
        Path spec = tmp.resolve("share/jupyter/kernels/sluice/kernel.json");
        Path archive = spec.resolveSibling("sluice.jsa");
        assertTrue(install.output.contains("Wrote " + archive), install.output);
        assertTrue(Files.size(archive) > 1_000_000, "archive of " + Files.size(archive) + " bytes");

        List<String> argv = new ArrayList<>();
        JsonParser.parseString(Files.readString(spec)).getAsJsonObject().getAsJsonArray("argv").forEach(e -> argv.add(e.getAsString()));
        assertTrue(argv.contains("-XX:SharedArchiveFile=" + archive), argv.toString());
        assertEquals(List.of("dev.sluice.Main", "--kernel", "{connection_file}"), argv.subList(argv.size() - 3, argv.size()));

        // The kernel as the spec starts it (a training session instead of a connection file), the
        // archive required (-Xshare:on fails the start when it does not map), every class load logged.
        List<String> kernel = new ArrayList<>(argv.subList(0, argv.size() - 2));
        kernel.add(1, "-Xshare:on");
        kernel.add(1, "-Xlog:class+load=info");
        kernel.add("--kernel-training");
        Run started = run(kernel, tmp);
        assertEquals(0, started.status, started.output.lines().filter(l -> !l.contains("[class,load]")).toList().toString());
        assertTrue(started.output.contains("trained: "), "no training summary");
        for (String cls : List.of("com.sun.tools.javac.main.JavaCompiler", "jdk.jshell.JShell", "org.zeromq.ZMQ",
                "dev.sluice.session.Session", "dev.sluice.kernel.SluiceKernel", "dev.sluice.streaming.StreamingContext")) {
            String line = started.output.lines().filter(l -> l.contains("] " + cls + " source:")).findFirst().orElse("(not loaded)");
            assertTrue(line.endsWith("source: shared objects file (top)"), cls + ": " + line);
        }
    }

    private record Run(int status, String output) {
    }

    private static Run run(List<String> command, Path dir) throws IOException, InterruptedException {
        Path log = dir.resolve("run.log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(240, TimeUnit.SECONDS)) {
                throw new AssertionError("did not finish within 240 s: " + command);
            }
            return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly();
        }
    }
}
