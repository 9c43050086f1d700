package dev.sluice.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's JVM options, as the memory and start-up rows of W5 read them. */
class LauncherFlagsTest {

    @Test
    void readsTheOptionsArrayOfTheRealLauncher() throws Exception {
        List<String> flags = Bench.launcherFlags(Path.of("..", "launcher", "sluice"));
        assertTrue(flags.contains("-XX:+UseSerialGC"), flags.toString());
        assertTrue(flags.contains("-Xms32m"), flags.toString());
        assertTrue(flags.stream().noneMatch(f -> f.contains("$")), flags.toString());
    }

    @Test
    void leavesOutVariablesAndReadsOnlyTheArray(@TempDir Path dir) throws Exception {
        Path script = Files.writeString(dir.resolve("sluice"), String.join("\n",
                "#!/usr/bin/env bash",
                "opts=(-XX:+UseSerialGC -Xms32m \"$extra\" --enable-native-access=ALL-UNNAMED)",
                "opts+=(-XX:SharedArchiveFile=$cds)",
                "exec \"$java\" \"${opts[@]}\" -cp \"$classpath\" dev.sluice.Main \"$@\"", ""));
        assertEquals(List.of("-XX:+UseSerialGC", "-Xms32m", "--enable-native-access=ALL-UNNAMED"), Bench.launcherFlags(script));
        assertEquals(List.of(), Bench.launcherFlags(dir.resolve("missing")));
    }
}
