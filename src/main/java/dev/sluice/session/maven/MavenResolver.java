package dev.sluice.session.maven;

import dev.sluice.session.DependencyResolver;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.supplier.SessionBuilderSupplier;
import org.eclipse.aether.transfer.AbstractTransferListener;
import org.eclipse.aether.transfer.ArtifactNotFoundException;
import org.eclipse.aether.transfer.TransferEvent;
import org.eclipse.aether.util.filter.DependencyFilterUtils;

/**
 * Resolves Maven coordinates with Apache Maven Resolver, as Maven itself does: the local repository
 * first, then the remote ones (Maven Central unless others are given), transitively, runtime scope.
 *
 * <p>Loaded by {@code Libraries} in a class loader of its own over the resolver's jars, on the first
 * {@code :dependency} or {@code %maven}, so that a shell that adds no library never loads them.
 */
public final class MavenResolver implements DependencyResolver {

    private final Path localRepository;
    private final List<RemoteRepository> remotes = new ArrayList<>();
    private RepositorySystem system;

    /**
     * @param localRepository the local repository ({@code ~/.m2/repository} for a person)
     * @param remoteUrls      the remote repositories' URLs, searched in order
     */
    public MavenResolver(Path localRepository, List<String> remoteUrls) {
        this.localRepository = localRepository;
        int n = 0;
        for (String url : remoteUrls) {
            String id = url.startsWith("https://repo.maven.apache.org/") || url.startsWith("https://repo1.maven.org/")
                    ? "central" : "repo" + (++n);
            remotes.add(new RemoteRepository.Builder(id, "default", url).build());
        }
    }

    @Override
    public synchronized List<Path> resolve(String coordinates, Consumer<String> progress) {
        DefaultArtifact artifact;
        try {
            artifact = new DefaultArtifact(coordinates);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + coordinates + "' is not a Maven coordinate; write group:artifact:version,"
                    + " as in org.apache.commons:commons-lang3:3.17.0");
        }
        if (system == null) {
            system = new RepositorySystemSupplier().get();
        }
        RepositorySystemSession.SessionBuilder builder = new SessionBuilderSupplier(system).get()
                .withLocalRepositoryBaseDirectories(localRepository)
                .setSystemProperties(System.getProperties())
                .setTransferListener(new Progress(progress));
        try (RepositorySystemSession.CloseableSession session = builder.build()) {
            CollectRequest collect = new CollectRequest(new Dependency(artifact, "runtime"), remotes);
            DependencyRequest request = new DependencyRequest(collect, DependencyFilterUtils.classpathFilter("runtime"));
            List<Path> jars = new ArrayList<>();
            for (ArtifactResult r : system.resolveDependencies(session, request).getArtifactResults()) {
                if (r.getArtifact() != null && r.getArtifact().getPath() != null) {
                    jars.add(r.getArtifact().getPath());
                }
            }
            return jars;
        } catch (DependencyResolutionException e) {
            throw new IllegalArgumentException(explain(coordinates, e), e);
        }
    }

    private String explain(String coordinates, Exception e) {
        List<String> urls = remotes.stream().map(RemoteRepository::getUrl).toList();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException || t instanceof ConnectException || t instanceof NoRouteToHostException
                    || t instanceof SocketTimeoutException) {
                return "cannot reach " + String.join(", ", urls) + " to resolve " + coordinates + " (" + t
                        + "); check the network or proxy; libraries already in " + localRepository + " need no network";
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ArtifactNotFoundException nf) {
                String missing = nf.getArtifact() == null ? coordinates : nf.getArtifact().toString();
                return missing + " does not exist in " + String.join(", ", urls) + " or " + localRepository
                        + (missing.startsWith(coordinatesPrefix(coordinates)) ? "; check the group, artifact and version"
                        : " (a dependency of " + coordinates + ")");
            }
        }
        String first = e.getMessage() == null ? e.toString() : e.getMessage();
        return "cannot resolve " + coordinates + ": " + first.lines().findFirst().orElse(first);
    }

    private static String coordinatesPrefix(String coordinates) {
        int second = coordinates.indexOf(':', coordinates.indexOf(':') + 1);
        return second < 0 ? coordinates : coordinates.substring(0, second);
    }

    /** Says when a download starts and ends; a file found in the local repository says nothing. */
    private static final class Progress extends AbstractTransferListener {
        private final Consumer<String> out;

        Progress(Consumer<String> out) {
            this.out = out;
        }

        @Override
        public void transferStarted(TransferEvent event) {
            if (event.getRequestType() == TransferEvent.RequestType.GET) {
                out.accept("downloading " + event.getResource().getRepositoryUrl() + event.getResource().getResourceName());
            }
        }

        @Override
        public void transferSucceeded(TransferEvent event) {
            if (event.getRequestType() == TransferEvent.RequestType.GET) {
                long bytes = event.getTransferredBytes();
                out.accept("downloaded " + event.getResource().getResourceName() + " ("
                        + (bytes >= 1024 ? String.format(Locale.ROOT, "%.1f kB", bytes / 1024.0) : bytes + " B") + ")");
            }
        }
    }
}
