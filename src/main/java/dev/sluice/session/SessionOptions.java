package dev.sluice.session;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import dev.sluice.streaming.Console;
import dev.sluice.streaming.StreamingContext;

/**
 * How a {@link Session} builds its streaming context: batch interval, parallelism, clock, checkpoint
 * directory, how long sources keep past batches, and where it runs (master and runner configuration).
 */
public final class SessionOptions {

    private final Duration batchInterval;
    private final int parallelism;
    private final boolean manualClock;
    private final Path checkpointDir;
    private final Duration remember;
    private final Supplier<Console> console;
    private final String master;
    private final Map<String, String> conf;
    private final List<String> dependencies;
    private final List<String> classpath;
    private final List<String> repositories;
    private final Path localRepository;

    private SessionOptions(Builder b) {
        this.dependencies = List.copyOf(b.dependencies);
        this.classpath = List.copyOf(b.classpath);
        this.repositories = b.repositories.isEmpty() ? List.of(Libraries.CENTRAL) : List.copyOf(b.repositories);
        this.localRepository = b.localRepository != null ? b.localRepository : Libraries.defaultLocalRepository();
        this.console = b.console;
        this.master = b.master;
        this.conf = Collections.unmodifiableMap(new LinkedHashMap<>(b.conf));
        this.batchInterval = b.batchInterval;
        this.parallelism = b.parallelism;
        this.manualClock = b.manualClock;
        this.checkpointDir = b.checkpointDir;
        this.remember = b.remember;
    }

    /** A builder starting from the defaults: 1 s batches, all cores, system clock, 60 s remembered. */
    public static Builder builder() {
        return new Builder();
    }

    /** The defaults, as {@link #builder()} starts with. */
    public static SessionOptions defaults() {
        return builder().build();
    }

    /** The batch interval of the context. */
    public Duration batchInterval() {
        return batchInterval;
    }

    /** How many tasks run at once. */
    public int parallelism() {
        return parallelism;
    }

    /** Whether the context runs on a manual clock that only moves when stepped. */
    public boolean manualClock() {
        return manualClock;
    }

    /** The checkpoint directory, if recovery is enabled. */
    public Optional<Path> checkpointDir() {
        return Optional.ofNullable(checkpointDir);
    }

    /** How long sources keep past batches, so windows attached later start full. */
    public Duration remember() {
        return remember;
    }

    /**
     * Where output goes: {@code print()} and failure reports of outputs created while the supplier
     * returns a console, and {@code System.out}/{@code System.err} of snippets. Empty means the
     * process's standard streams.
     */
    public Optional<Supplier<Console>> console() {
        return Optional.ofNullable(console);
    }

    /** Where the context runs: a master such as {@code spark://host:7077}; empty for the embedded engine. */
    public Optional<String> master() {
        return Optional.ofNullable(master);
    }

    /** The runner's configuration entries ({@code --conf key=value}), in the order given. */
    public Map<String, String> conf() {
        return conf;
    }

    /** Maven coordinates whose jars (with their dependencies) snippets can use from the start. */
    public List<String> dependencies() {
        return dependencies;
    }

    /** Jars, class folders and globs ({@code lib/*.jar}) snippets can use from the start. */
    public List<String> classpath() {
        return classpath;
    }

    /** The remote Maven repositories dependencies are resolved from, in order (Maven Central by default). */
    public List<String> repositories() {
        return repositories;
    }

    /** The local Maven repository ({@code ~/.m2/repository}, or the {@code maven.repo.local} property). */
    public Path localRepository() {
        return localRepository;
    }

    /** A builder holding these options, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.batchInterval = batchInterval;
        b.parallelism = parallelism;
        b.manualClock = manualClock;
        b.checkpointDir = checkpointDir;
        b.remember = remember;
        b.console = console;
        b.master = master;
        b.conf.putAll(conf);
        b.dependencies.addAll(dependencies);
        b.classpath.addAll(classpath);
        b.repositories.addAll(repositories.equals(List.of(Libraries.CENTRAL)) ? List.of() : repositories);
        b.localRepository = localRepository;
        return b;
    }

    /** Collects options; every setter checks its argument. */
    public static final class Builder {
        private Duration batchInterval = Duration.ofSeconds(1);
        private int parallelism = Runtime.getRuntime().availableProcessors();
        private boolean manualClock;
        private Path checkpointDir;
        private Duration remember = Duration.ofSeconds(60);
        private Supplier<Console> console;
        private String master;
        private final Map<String, String> conf = new LinkedHashMap<>();
        private final List<String> dependencies = new ArrayList<>();
        private final List<String> classpath = new ArrayList<>();
        private final List<String> repositories = new ArrayList<>();
        private Path localRepository;

        private Builder() {
        }

        /** Sets the master the context runs on; checked now by the context builder's own rule. */
        public Builder master(String master) {
            StreamingContext.builder().master(master);
            this.master = master.strip();
            return this;
        }

        /** Adds a configuration entry for the runner; checked now by the context builder's own rule. */
        public Builder conf(String key, String value) {
            StreamingContext.builder().conf(key, value);
            this.conf.put(key.strip(), value);
            return this;
        }

        /** Adds a Maven coordinate ({@code group:artifact:version}) resolved when the session opens. */
        public Builder dependency(String coordinates) {
            dependencies.add(Objects.requireNonNull(coordinates, "coordinates"));
            return this;
        }

        /** Adds a jar, class folder or glob ({@code lib/*.jar}) to the snippets' class path when the session opens. */
        public Builder classpath(String path) {
            classpath.add(Objects.requireNonNull(path, "path"));
            return this;
        }

        /**
         * Adds a remote Maven repository (a URL; {@code file:} works for a folder laid out as a
         * repository); once one is added, Maven Central is searched only if added too.
         */
        public Builder repository(String url) {
            repositories.add(Objects.requireNonNull(url, "url"));
            return this;
        }

        /** Sets the local Maven repository (default {@code ~/.m2/repository}). */
        public Builder localRepository(Path dir) {
            this.localRepository = dir;
            return this;
        }

        /**
         * Routes output to the console the supplier returns at the time it is needed: when an output
         * operation is created, and when a snippet prints ({@code null}: the standard streams).
         */
        public Builder console(Supplier<Console> console) {
            this.console = console;
            return this;
        }

        /** Sets the batch interval; at least 1 ms, checked now by the context builder's own rule. */
        public Builder batchInterval(Duration interval) {
            StreamingContext.builder().batchInterval(interval);
            this.batchInterval = interval;
            return this;
        }

        /** Sets how many tasks run at once; at least 1, checked now by the context builder's own rule. */
        public Builder parallelism(int n) {
            StreamingContext.builder().parallelism(n);
            this.parallelism = n;
            return this;
        }

        /** Runs the context on a manual clock, moved only by stepping it. */
        public Builder manualClock(boolean manual) {
            this.manualClock = manual;
            return this;
        }

        /** Enables recovery with checkpoints in this directory ({@code null} disables it). */
        public Builder checkpointDir(Path dir) {
            this.checkpointDir = dir;
            return this;
        }

        /** Sets how long sources keep past batches; not negative, checked now by the context builder's own rule. */
        public Builder remember(Duration duration) {
            StreamingContext.builder().remember(duration);
            this.remember = duration;
            return this;
        }

        /** The options. */
        public SessionOptions build() {
            return new SessionOptions(this);
        }
    }
}
