package dev.sluice.session;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The libraries a session added to its snippets' class path: Maven coordinates resolved with
 * {@link DependencyResolver} and local jars and class folders, in the order they were added, so
 * that {@code :save} can write them and a reset can add them again.
 *
 * <p>The resolver and its jars (Apache Maven Resolver, about 2 MB) are loaded on the first
 * coordinate only: they live in {@code resolver/} beside {@code sluice.jar}, off the class path the
 * shell starts with. Threading: called under the session's lock.
 */
final class Libraries {

    /** Maven Central, searched when no other remote repository is given. */
    static final String CENTRAL = "https://repo.maven.apache.org/maven2/";

    private static final String RESOLVER_CLASS = "dev.sluice.session.maven.MavenResolver";

    private final Path localRepository;
    private final List<String> remoteRepositories = new ArrayList<>();
    private final List<String> directives = new ArrayList<>();
    private final Set<Path> added = new LinkedHashSet<>();
    private DependencyResolver resolver;

    Libraries(Path localRepository, List<String> remoteRepositories) {
        this.localRepository = localRepository;
        this.remoteRepositories.addAll(remoteRepositories);
        for (String url : remoteRepositories) {
            if (!url.equals(CENTRAL)) {
                directives.add(":repository " + url); // so a saved session names where its libraries came from
            }
        }
    }

    /** What was added, as shell commands ({@code :dependency g:a:v}, {@code :classpath path}), in order. */
    List<String> directives() {
        return List.copyOf(directives);
    }

    /** Every jar or folder added so far, in order. */
    List<Path> entries() {
        return List.copyOf(added);
    }

    /** Adds a remote repository, searched after those given before (Maven Central unless others were given). */
    void repository(String url) {
        String u = url.strip();
        if (!(u.startsWith("https://") || u.startsWith("http://") || u.startsWith("file:"))) {
            throw new IllegalArgumentException("a Maven repository is an http(s) or file: URL, got '" + url + "'");
        }
        if (!remoteRepositories.contains(u)) {
            remoteRepositories.add(u);
            resolver = null; // made again with the new list
            String directive = ":repository " + u;
            directives.add(directive);
        }
    }

    /** Resolves {@code coordinates} and returns the jars not added before (the caller adds them). */
    List<Path> dependency(String coordinates, Consumer<String> progress) {
        String coords = coordinates.strip();
        List<Path> jars = resolver().resolve(coords, progress);
        List<Path> fresh = new ArrayList<>();
        for (Path jar : jars) {
            if (added.add(jar)) {
                fresh.add(jar);
            }
        }
        String directive = ":dependency " + coords;
        if (!directives.contains(directive)) {
            directives.add(directive);
        }
        return fresh;
    }

    /**
     * The jars and folders {@code path} names, not added before (the caller adds them): a jar, a
     * class folder, a folder ending in {@code /*} (its jars), or a simple glob in the file name
     * ({@code lib/*.jar}).
     */
    List<Path> classpath(String path) {
        List<Path> found = expand(path.strip());
        List<Path> fresh = new ArrayList<>();
        for (Path p : found) {
            if (added.add(p)) {
                fresh.add(p);
            }
        }
        String directive = ":classpath " + (path.contains(" ") ? "\"" + path.strip() + "\"" : path.strip());
        if (!directives.contains(directive)) {
            directives.add(directive);
        }
        return fresh;
    }

    static List<Path> expand(String path) {
        if (path.isEmpty()) {
            throw new IllegalArgumentException("expected a jar, a folder of classes or a glob such as lib/*.jar");
        }
        String expanded = path.startsWith("~/") ? System.getProperty("user.home") + path.substring(1) : path;
        Path p = Path.of(expanded).toAbsolutePath().normalize();
        String name = p.getFileName() == null ? "" : p.getFileName().toString();
        if (name.contains("*") || name.contains("?") || name.contains("[")) {
            Path dir = p.getParent();
            if (dir == null || !Files.isDirectory(dir)) {
                throw new IllegalArgumentException("folder " + dir + " does not exist");
            }
            String glob = name.equals("*") ? "*.jar" : name;
            List<Path> jars = new ArrayList<>();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, glob)) {
                entries.forEach(e -> jars.add(e.toAbsolutePath().normalize()));
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot list " + dir + ": " + e.getMessage());
            }
            if (jars.isEmpty()) {
                throw new IllegalArgumentException("nothing in " + dir + " matches " + glob);
            }
            jars.sort(null);
            return jars;
        }
        if (!Files.exists(p)) {
            throw new IllegalArgumentException(p + " does not exist; give a jar, a folder of classes or a glob such as lib/*.jar");
        }
        if (Files.isRegularFile(p) && !(name.endsWith(".jar") || name.endsWith(".zip"))) {
            throw new IllegalArgumentException(p + " is neither a jar nor a folder of classes");
        }
        return List.of(p);
    }

    private DependencyResolver resolver() {
        if (resolver == null) {
            resolver = load(localRepository, List.copyOf(remoteRepositories));
        }
        return resolver;
    }

    /**
     * Makes the Maven resolver: from the class path when it is there (tests, an IDE), else from
     * {@code resolver/} beside the jar Sluice was loaded from.
     */
    private static DependencyResolver load(Path localRepository, List<String> remotes) {
        // the resolver's own warnings (a repository without checksums) would bury the progress lines
        if (System.getProperty("org.slf4j.simpleLogger.log.org.eclipse.aether") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.org.eclipse.aether", "error");
        }
        ClassLoader own = Libraries.class.getClassLoader();
        ClassLoader loader;
        if (own.getResource("org/eclipse/aether/RepositorySystem.class") != null) {
            loader = own;
        } else {
            loader = new ResolverLoader(resolverJars(), own);
        }
        try {
            Class<?> type = Class.forName(RESOLVER_CLASS, true, loader);
            return (DependencyResolver) type.getConstructor(Path.class, List.class).newInstance(localRepository, remotes);
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("cannot load the Maven resolver: " + e, e);
        }
    }

    private static URL[] resolverJars() {
        Path dir;
        try {
            Path code = Path.of(Libraries.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            dir = code.getParent().resolve("resolver");
        } catch (URISyntaxException | RuntimeException e) {
            throw new IllegalStateException("cannot tell where Sluice was loaded from, to find the Maven resolver: " + e);
        }
        List<URL> urls = new ArrayList<>();
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(dir, "*.jar")) {
            for (Path jar : jars) {
                urls.add(jar.toUri().toURL());
            }
        } catch (IOException e) {
            throw new IllegalStateException("the Maven resolver's jars are missing (" + dir + "); rebuild with mvn package");
        }
        if (urls.isEmpty()) {
            throw new IllegalStateException("the Maven resolver's jars are missing (" + dir + "); rebuild with mvn package");
        }
        return urls.toArray(new URL[0]);
    }

    /**
     * Loads the resolver's jars, and defines the classes of {@code dev.sluice.session.maven} itself
     * (from Sluice's jar) so that they link against those jars; everything else comes from Sluice's
     * own class loader.
     */
    private static final class ResolverLoader extends URLClassLoader {
        private static final String OWN = "dev.sluice.session.maven.";

        ResolverLoader(URL[] urls, ClassLoader parent) {
            super("sluice-maven-resolver", urls, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null && name.startsWith(OWN)) {
                    try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                        if (in == null) {
                            throw new ClassNotFoundException(name);
                        }
                        byte[] bytes = in.readAllBytes();
                        c = defineClass(name, bytes, 0, bytes.length);
                    } catch (IOException e) {
                        throw new ClassNotFoundException(name, e);
                    }
                }
                if (c == null) {
                    try {
                        c = findClass(name);
                    } catch (ClassNotFoundException e) {
                        c = getParent().loadClass(name);
                    }
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }
    }

    /**
     * The local repository a person's Maven uses: the {@code maven.repo.local} property, else the
     * {@code SLUICE_LOCAL_REPOSITORY} environment variable, else {@code ~/.m2/repository}.
     */
    static Path defaultLocalRepository() {
        String set = System.getProperty("maven.repo.local");
        if (set == null || set.isBlank()) {
            set = System.getenv("SLUICE_LOCAL_REPOSITORY");
        }
        return set != null && !set.isBlank() ? Path.of(set) : Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

}
