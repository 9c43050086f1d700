package dev.sluice.session;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Resolves a Maven coordinate to the jars of the artifact and everything it depends on at run time.
 * The implementation ({@code dev.sluice.session.maven.MavenResolver}) is loaded on first use only,
 * see {@link Libraries}.
 */
public interface DependencyResolver {

    /**
     * The jars of {@code coordinates} ({@code group:artifact:version}, or with an extension and a
     * classifier, {@code group:artifact:extension:classifier:version}) and of its transitive
     * runtime dependencies, downloaded to the local repository when missing there.
     *
     * @param progress receives one line per download started and finished
     * @throws IllegalArgumentException the coordinates are malformed, an artifact does not exist,
     *                                  or a repository cannot be reached; the message says which
     */
    List<Path> resolve(String coordinates, Consumer<String> progress);
}
