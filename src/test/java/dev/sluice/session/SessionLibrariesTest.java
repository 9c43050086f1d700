package dev.sluice.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.testing.CapturingConsole;
import dev.sluice.testing.LocalMavenRepo;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Libraries on demand: Maven coordinates from a repository in a folder, local jars and class folders. */
class SessionLibrariesTest {

    @TempDir
    Path tmp;

    private Session session;

    @AfterEach
    void close() {
        if (session != null) {
            session.close();
        }
    }

    private Session open(String... repositories) {
        SessionOptions.Builder b = SessionOptions.builder().batchInterval(Duration.ofSeconds(1)).parallelism(2)
                .manualClock(true).console(CapturingConsole::new).localRepository(tmp.resolve("m2"));
        for (String r : repositories) {
            b.repository(r);
        }
        session = Session.open(b.build());
        return session;
    }

    @Test
    void aDependencyAndWhatItDependsOnAreResolvedAndUsableByLaterSnippetsAndTheirLambdas() throws IOException {
        LocalMavenRepo repo = new LocalMavenRepo(tmp.resolve("remote")).withGreeter();
        Session s = open(repo.url());
        assertThrows(CompileException.class, () -> s.eval("demo.greeter.Greeter.hello(\"ann\")"), "not there before");
        List<String> progress = new ArrayList<>();
        List<Path> jars = s.addDependency("demo:greeter:1.0", progress::add);
        assertEquals(List.of("greeter-1.0.jar", "words-1.0.jar"), jars.stream().map(p -> p.getFileName().toString()).toList());
        assertTrue(jars.stream().allMatch(p -> p.startsWith(tmp.resolve("m2"))), "downloaded into the local repository: " + jars);
        assertTrue(progress.stream().anyMatch(l -> l.startsWith("downloading ") && l.endsWith("demo/greeter/1.0/greeter-1.0.jar")), progress.toString());
        assertTrue(progress.stream().anyMatch(l -> l.startsWith("downloaded words-1.0.jar") || l.startsWith("downloaded demo/words/1.0/words-1.0.jar")),
                progress.toString());
        assertEquals("hello, ANN!", s.eval("demo.greeter.Greeter.hello(\"ann\")").value());
        s.eval("import demo.greeter.Greeter;");
        assertEquals(List.of("hello, A!", "hello, B!"),
                s.eval("ssc.parallelize(List.of(\"a\", \"b\"), 2).map(x -> Greeter.hello(x)).collect()").value(),
                "the library's classes load on the engine's threads too");
        assertEquals(List.of(), s.addDependency("demo:greeter:1.0", progress::add), "a second time adds nothing");
        assertEquals(List.of(":repository " + repo.url(), ":dependency demo:greeter:1.0"), s.libraries());
        s.reset();
        assertEquals("hello, BO!", s.eval("demo.greeter.Greeter.hello(\"bo\")").value(), "a reset keeps the libraries");
    }

    @Test
    void aCoordinateThatDoesNotExistSaysSo() throws IOException {
        LocalMavenRepo repo = new LocalMavenRepo(tmp.resolve("remote")).withGreeter();
        Session s = open(repo.url());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.addDependency("demo:nothing:1.0", l -> { }));
        assertTrue(e.getMessage().startsWith("demo:nothing:jar:1.0 does not exist in " + repo.url()), e.getMessage());
        assertTrue(e.getMessage().endsWith("; check the group, artifact and version"), e.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> s.addDependency("greeter", l -> { }));
        assertTrue(bad.getMessage().contains("is not a Maven coordinate; write group:artifact:version"), bad.getMessage());
        assertEquals(List.of(":repository " + repo.url()), s.libraries(), "nothing is remembered for a failed dependency");
    }

    @Test
    void anUnreachableRepositoryIsNamed() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort + "/maven2/";
        Session s = open(url);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.addDependency("demo:greeter:1.0", l -> { }));
        assertTrue(e.getMessage().startsWith("cannot reach " + url + " to resolve demo:greeter:1.0"), e.getMessage());
        assertTrue(e.getMessage().contains("check the network or proxy"), e.getMessage());
    }

    @Test
    void jarsAndClassFoldersGoOnTheClassPath() throws IOException {
        LocalMavenRepo repo = new LocalMavenRepo(tmp.resolve("remote")).withGreeter();
        Path jar = tmp.resolve("remote/demo/words/1.0/words-1.0.jar");
        Session s = open(repo.url());
        assertEquals(List.of(jar), s.addClasspath(jar.toString()));
        assertEquals("HI", s.eval("demo.words.Words.shout(\"hi\")").value());
        assertEquals(List.of(tmp.resolve("remote/demo/greeter/1.0/greeter-1.0.jar")),
                s.addClasspath(tmp.resolve("remote/demo/greeter/1.0") + "/*.jar"));
        assertEquals("hello, X!", s.eval("demo.greeter.Greeter.hello(\"x\")").value());
        Path folder = Files.createDirectories(tmp.resolve("classes"));
        new LocalMavenRepo(tmp.resolve("other")).publish("x", "y", "1", Map.of("demo.folder.Answer",
                "package demo.folder; public class Answer { public static int get() { return 42; } }"), List.of());
        try (var zip = java.nio.file.FileSystems.newFileSystem(tmp.resolve("other/x/y/1/y-1.jar"))) {
            Path cls = folder.resolve("demo/folder/Answer.class");
            Files.createDirectories(cls.getParent());
            Files.copy(zip.getPath("demo/folder/Answer.class"), cls);
        }
        s.addClasspath(folder.toString());
        assertEquals(42, s.eval("demo.folder.Answer.get()").value());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> s.addClasspath(tmp.resolve("nope.jar").toString()));
        assertTrue(missing.getMessage().endsWith("nope.jar does not exist; give a jar, a folder of classes or a glob such as lib/*.jar"),
                missing.getMessage());
        assertEquals(4, s.libraries().size(), s.libraries().toString());
    }

    @Test
    void optionsAddLibrariesWhenTheSessionOpens() throws IOException {
        LocalMavenRepo repo = new LocalMavenRepo(tmp.resolve("remote")).withGreeter();
        session = Session.open(SessionOptions.builder().manualClock(true).console(CapturingConsole::new)
                .localRepository(tmp.resolve("m2")).repository(repo.url()).dependency("demo:greeter:1.0").build());
        assertEquals("hello, Z!", session.eval("demo.greeter.Greeter.hello(\"z\")").value());
    }
}
