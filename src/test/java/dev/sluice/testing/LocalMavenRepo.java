package dev.sluice.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * A Maven repository in a folder, laid out as a remote one ({@code group/artifact/version/}),
 * holding jars compiled here from source, so that resolving libraries is tested without a network.
 */
public final class LocalMavenRepo {

    private final Path root;

    public LocalMavenRepo(Path root) {
        this.root = root;
    }

    /** The repository's {@code file:} URL. */
    public String url() {
        return root.toUri().toString();
    }

    /**
     * Compiles {@code sources} (class name to source) against the jars of {@code classpath} and
     * publishes them as {@code group:artifact:version} depending on {@code dependencies}
     * ({@code group:artifact:version} each). Returns the jar.
     */
    public Path publish(String group, String artifact, String version, Map<String, String> sources,
                        List<Path> classpath, String... dependencies) throws IOException {
        Path work = Files.createTempDirectory("sluice-repo-build");
        List<String> files = new ArrayList<>();
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Path file = work.resolve("src").resolve(e.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, e.getValue());
            files.add(file.toString());
        }
        Path classes = Files.createDirectories(work.resolve("classes"));
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "--release", "17"));
        if (!classpath.isEmpty()) {
            args.add("-cp");
            args.add(String.join(java.io.File.pathSeparator, classpath.stream().map(Path::toString).toList()));
        }
        args.addAll(files);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac.run(null, null, null, args.toArray(String[]::new)) != 0) {
            throw new IllegalStateException("the test library " + artifact + " does not compile");
        }
        Path dir = Files.createDirectories(root.resolve(group.replace('.', '/')).resolve(artifact).resolve(version));
        Path jar = dir.resolve(artifact + "-" + version + ".jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> walk = Files.walk(classes)) {
            for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                Files.copy(p, out);
                out.closeEntry();
            }
        }
        StringBuilder deps = new StringBuilder();
        for (String d : dependencies) {
            String[] gav = d.split(":");
            deps.append("<dependency><groupId>").append(gav[0]).append("</groupId><artifactId>").append(gav[1])
                    .append("</artifactId><version>").append(gav[2]).append("</version></dependency>");
        }
        String pom = "<project xmlns=\"http://maven.apache.org/POM/4.0.0\"><modelVersion>4.0.0</modelVersion>"
                + "<groupId>" + group + "</groupId><artifactId>" + artifact + "</artifactId><version>" + version
                + "</version><dependencies>" + deps + "</dependencies></project>";
        try (OutputStream out = Files.newOutputStream(dir.resolve(artifact + "-" + version + ".pom"))) {
            out.write(pom.getBytes(StandardCharsets.UTF_8));
        }
        return jar;
    }

    /**
     * Publishes the two libraries the tests use: {@code demo:greeter:1.0}, whose
     * {@code demo.greeter.Greeter.hello(name)} returns "hello, NAME!" through
     * {@code demo:words:1.0} (a transitive dependency).
     */
    public LocalMavenRepo withGreeter() throws IOException {
        Path words = publish("demo", "words", "1.0", Map.of("demo.words.Words",
                "package demo.words;\n/** Word helpers. */\npublic final class Words {\n"
                        + "    /** The word in capitals. */\n    public static String shout(String w) { return w.toUpperCase(); }\n}\n"),
                List.of());
        publish("demo", "greeter", "1.0", Map.of("demo.greeter.Greeter",
                "package demo.greeter;\n/** Greets. */\npublic final class Greeter {\n"
                        + "    /** A greeting. */\n    public static String hello(String name) {\n"
                        + "        if (name.isEmpty()) throw new IllegalArgumentException(\"no name\");\n"
                        + "        return \"hello, \" + demo.words.Words.shout(name) + \"!\";\n    }\n}\n"),
                List.of(words), "demo:words:1.0");
        return this;
    }
}
