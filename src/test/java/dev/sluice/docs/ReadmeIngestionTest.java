package dev.sluice.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.session.EvalResult;
import dev.sluice.session.Session;
import dev.sluice.session.SessionOptions;
import dev.sluice.session.SnippetOutcome;
import dev.sluice.streaming.StreamingContext;
import dev.sluice.streaming.StreamingContextState;
import dev.sluice.testing.CapturingConsole;
import dev.sluice.testing.Wait;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the README's ingestion example through the session against a real server on 127.0.0.1
 * (its port and checkpoint directory substituted), and checks that lines arrive and checkpoints
 * are written.
 */
class ReadmeIngestionTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void theIngestionExampleRuns() throws Exception {
        List<ReadmeSnippets.Block> blocks = ReadmeSnippets.inSection("Ingestion, checkpoints and recovery");
        assertEquals(1, blocks.size());
        Path ckpt = dir.resolve("ckpt");
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
             Session session = Session.open(SessionOptions.builder().parallelism(2).console(CapturingConsole::new).build())) {
            server.setSoTimeout((int) TIMEOUT.toMillis());
            String code = ReadmeSnippets.asProgram(blocks.get(0).code())
                    .replace("\"localhost\", 9999", "\"127.0.0.1\", " + server.getLocalPort())
                    .replace("Path.of(\"ckpt\")", "Path.of(\"" + ckpt.toString().replace("\\", "\\\\") + "\")");
            StreamingContext ssc = null;
            session.eval("import java.nio.file.Path;");
            for (String unit : session.split(code)) {
                EvalResult r = session.eval(unit);
                for (SnippetOutcome s : r.snippets()) {
                    if (s.kind() == SnippetOutcome.Kind.VARIABLE && s.value() instanceof StreamingContext c) {
                        ssc = c;
                    }
                }
            }
            assertTrue(ssc != null, "the example declares ssc");
            StreamingContext running = ssc;
            try (Socket client = server.accept()) {
                client.getOutputStream().write("a\nb\na\n".getBytes(StandardCharsets.UTF_8));
                client.getOutputStream().flush();
                Wait.until("the three lines in a batch",
                        () -> running.recentBatches().stream().mapToLong(b -> b.numRecords()).sum() >= 3, TIMEOUT);
            }
            assertEquals(StreamingContextState.ACTIVE, ssc.state());
            assertTrue(Files.isDirectory(ckpt.resolve("wal")));
            ssc.stop(true);
        }
    }
}
