package dev.sluice.kernel;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KernelSpecInstallerTest {
    @Test
    void writesTheSpecWithThisJavaAndClassPath(@TempDir Path tmp) throws Exception {
        Path project = Path.of("").toAbsolutePath();
        KernelSpecInstaller installer = new KernelSpecInstaller(project, Path.of("/opt/jdk/bin/java"), "/x/sluice.jar:/x/lib/*");
        Path spec = installer.install(tmp.resolve("share/jupyter"));
        assertEquals(tmp.resolve("share/jupyter/kernels/sluice/kernel.json"), spec);
        JsonObject json = JsonParser.parseString(Files.readString(spec)).getAsJsonObject();
        assertEquals("Sluice (Java)", json.get("display_name").getAsString());
        assertEquals("java", json.get("language").getAsString());
        assertEquals("message", json.get("interrupt_mode").getAsString());
        List<String> argv = json.getAsJsonArray("argv").asList().stream().map(e -> e.getAsString()).toList();
        assertEquals("/opt/jdk/bin/java", argv.get(0));
        assertTrue(argv.contains("/x/sluice.jar:/x/lib/*"), argv.toString());
        assertEquals(List.of("dev.sluice.Main", "--kernel", "{connection_file}"), argv.subList(argv.size() - 3, argv.size()));
    }

    @Test
    void parsesTheInstallOptions(@TempDir Path tmp) {
        assertEquals(tmp.resolve("share/jupyter"), KernelSpecInstaller.dataDir(List.of("--prefix", tmp.toString())));
        assertTrue(KernelSpecInstaller.dataDir(List.of()).endsWith("jupyter"));
        assertThrows(IllegalArgumentException.class, () -> KernelSpecInstaller.dataDir(List.of("--everywhere")));
    }

    @Test
    void badOptionsPrintTheUsage() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = KernelSpecInstaller.run(List.of("--bogus"), new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, status);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage: sluice --install-kernel"));
    }
}
