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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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
    void writesTheSparkSpecOnlyWhenTheRunnerIsBuilt(@TempDir Path tmp) throws Exception {
        Path project = tmp.resolve("project");
        Files.createDirectories(project.resolve("kernel"));
        Files.copy(Path.of("kernel/kernel.json"), project.resolve("kernel/kernel.json"));   // the JVM options come from it
        KernelSpecInstaller installer = new KernelSpecInstaller(project, Path.of("/opt/jdk/bin/java"), "/x/sluice.jar:/x/lib/*");
        Path data = tmp.resolve("share/jupyter");
        assertNull(installer.installSpark(data, List.of(), "local[2]", List.of()));
        assertFalse(Files.exists(data.resolve("kernels/sluice-spark")));

        Path target = Files.createDirectories(project.resolve("spark/target/lib"));
        Files.writeString(project.resolve("spark/target/sluice-spark.jar"), "");
        Files.writeString(project.resolve("spark/target/jvm.flags"), "--add-opens=java.base/java.lang=ALL-UNNAMED -Dflag=1\n");
        Path spec = installer.installSpark(data, List.of("--batch", "2s"), "spark://127.0.0.1:7077",
                List.of("--conf", "spark.executor.memory=512m"));
        assertEquals(data.resolve("kernels/sluice-spark/kernel.json"), spec);
        JsonObject json = JsonParser.parseString(Files.readString(spec)).getAsJsonObject();
        assertEquals("Sluice (Java) on Spark", json.get("display_name").getAsString());
        List<String> argv = json.getAsJsonArray("argv").asList().stream().map(e -> e.getAsString()).toList();
        assertEquals(List.of("/opt/jdk/bin/java", "-XX:+UseSerialGC", "-Xms64m",
                "-XX:Tier4InvocationThreshold=50000", "-XX:Tier4MinInvocationThreshold=6000", "-XX:Tier4CompileThreshold=150000",
                "-XX:Tier4BackEdgeThreshold=400000", "--add-opens=jdk.jshell/jdk.jshell=ALL-UNNAMED",
                "--add-opens=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED", "--add-opens=jdk.compiler/com.sun.tools.javac.code=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED", "-Dflag=1", "-cp",
                "/x/sluice.jar:/x/lib/*:" + target.getParent().resolve("sluice-spark.jar") + ":" + target + "/*",
                "dev.sluice.Main", "--kernel", "{connection_file}", "--master", "spark://127.0.0.1:7077",
                "--conf", "spark.executor.memory=512m", "--batch", "2s"), argv);
    }

    @Test
    void theEnvironmentSetsTheMasterOfTheSparkKernelOnly() {
        List<String> spark = List.of("--master", "local[2]", "--conf", "a=1");
        assertEquals(spark, KernelLauncher.withMasterFromEnvironment(spark, java.util.Map.of()));
        assertEquals(List.of("--master", "spark://h:7077", "--conf", "a=1", "--conf", "b=2", "--conf", "c=x y"),
                KernelLauncher.withMasterFromEnvironment(spark, java.util.Map.of("SLUICE_MASTER", " spark://h:7077 ",
                        "SLUICE_CONF", "b=2\nc=x y\n")));
        assertEquals(List.of("--master", "local[2]", "--conf", "a=1", "--conf", "b=2", "--conf", "c=3"),
                KernelLauncher.withMasterFromEnvironment(spark, java.util.Map.of("SLUICE_CONF", "b=2  c=3")));
        assertThrows(IllegalArgumentException.class,
                () -> KernelLauncher.withMasterFromEnvironment(spark, java.util.Map.of("SLUICE_CONF", "novalue")));
        List<String> plain = List.of("--batch", "1s");
        assertEquals(plain, KernelLauncher.withMasterFromEnvironment(plain, java.util.Map.of("SLUICE_MASTER", "spark://h:7077")));
    }

    @Test
    void parsesTheInstallOptions(@TempDir Path tmp) {
        assertEquals(tmp.resolve("share/jupyter"), KernelSpecInstaller.dataDir(List.of("--prefix", tmp.toString())));
        assertTrue(KernelSpecInstaller.dataDir(List.of()).endsWith("jupyter"));
        assertThrows(IllegalArgumentException.class, () -> KernelSpecInstaller.dataDir(List.of("--everywhere")));
    }

    @Test
    void theManualClockFlagGoesIntoTheSpec(@TempDir Path tmp) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = KernelSpecInstaller.run(List.of("--prefix", tmp.toString(), "--manual-clock", "--batch", "1s", "--no-class-archive"),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("without a class-data archive (--no-class-archive"), out.toString(StandardCharsets.UTF_8));
        Path spec = tmp.resolve("share/jupyter/kernels/sluice/kernel.json");
        List<String> argv = JsonParser.parseString(Files.readString(spec)).getAsJsonObject().getAsJsonArray("argv").asList()
                .stream().map(e -> e.getAsString()).toList();
        assertEquals(List.of("--kernel", "{connection_file}", "--manual-clock", "--batch", "1s"), argv.subList(argv.size() - 5, argv.size()));
        assertTrue(argv.stream().noneMatch(a -> a.startsWith("-XX:SharedArchiveFile")), argv.toString());
        assertFalse(Files.exists(spec.resolveSibling(KernelSpecInstaller.CLASS_ARCHIVE)));
    }

    @Test
    void aClassArchiveThatCannotBeWrittenLeavesTheSpecAsItWas(@TempDir Path tmp) throws Exception {
        Path project = Path.of("").toAbsolutePath();
        KernelSpecInstaller installer = new KernelSpecInstaller(project, tmp.resolve("no-such-jdk/bin/java"), "/x/sluice.jar:/x/lib/*");
        Path spec = installer.install(tmp.resolve("share/jupyter"));
        String before = Files.readString(spec);
        String failure = installer.writeClassArchive(spec);
        assertTrue(failure != null && failure.contains("no-such-jdk"), String.valueOf(failure));
        assertEquals(before, Files.readString(spec));
        try (var files = Files.list(spec.getParent())) {
            assertEquals(List.of("kernel.json"), files.map(f -> f.getFileName().toString()).filter(n -> !n.endsWith(".png") && !n.endsWith(".svg")).toList());
        }
    }

    @Test
    void badOptionsPrintTheUsage() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = KernelSpecInstaller.run(List.of("--bogus"), new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, status);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage: sluice --install-kernel"));
    }
}
