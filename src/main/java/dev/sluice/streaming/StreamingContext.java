package dev.sluice.streaming;

import dev.sluice.engine.Engine;
import dev.sluice.engine.graph.StreamGraph;
import dev.sluice.engine.rdd.ParallelCollectionNode;
import dev.sluice.engine.rdd.TextFileNode;
import dev.sluice.sources.KafkaSource;
import dev.sluice.sources.QueueSource;
import dev.sluice.sources.RateSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The entry point of the engine: defines sources and static datasets, runs a batch every batch
 * interval, and owns the live graph of streams and outputs.
 *
 * <p>Unlike Spark Streaming, streams and outputs may be added (and outputs stopped) while the
 * context runs; a change takes effect at the next batch boundary.
 *
 * <pre>{@code
 * StreamingContext ssc = StreamingContext.builder().batchInterval(Duration.ofSeconds(1)).build();
 * ssc.rateStream(100).map(x -> x % 10).countByValue().print();
 * ssc.start();
 * ssc.awaitTerminationOrTimeout(Duration.ofSeconds(5));
 * ssc.stop();
 * }</pre>
 *
 * <p>Several contexts may run in one JVM; each has its own threads, all released by {@link #stop()}.
 */
public final class StreamingContext implements AutoCloseable {

    private final Engine engine;
    private final Duration batchInterval;
    private final int parallelism;
    private final Path checkpointDir;
    private final Supplier<Console> consoles;
    private final List<DStream<?>> streams = new CopyOnWriteArrayList<>();
    private final List<OutputHandle> outputs = new CopyOnWriteArrayList<>();

    private StreamingContext(Builder b) {
        this.batchInterval = b.batchInterval;
        this.parallelism = b.parallelism;
        this.checkpointDir = b.checkpointDir;
        this.consoles = b.console;
        this.engine = new Engine(b.batchInterval.toMillis(), b.parallelism, b.maxTaskAttempts, b.clock,
                b.remember == null ? 0 : b.remember.toMillis());
    }

    /** Returns a builder; {@link Builder#batchInterval} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Configures a {@link StreamingContext}. */
    public static final class Builder {
        private Duration batchInterval;
        private int parallelism = Runtime.getRuntime().availableProcessors();
        private Clock clock = SystemClock.INSTANCE;
        private Path checkpointDir;
        private Duration remember;
        private Supplier<Console> console = Console::system;
        private int maxTaskAttempts = 2;

        private Builder() {
        }

        /** Sets the batch interval (required; at least 1 ms). */
        public Builder batchInterval(Duration interval) {
            Objects.requireNonNull(interval, "interval");
            if (interval.toMillis() < 1) {
                throw new IllegalArgumentException("batch interval must be at least 1 ms, got " + Durations.format(interval));
            }
            this.batchInterval = interval;
            return this;
        }

        /** Sets how many tasks run at once and the default number of partitions (default: available cores). */
        public Builder parallelism(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("parallelism must be at least 1, got " + n);
            }
            this.parallelism = n;
            return this;
        }

        /** Sets the clock that drives batches (default: the system clock; {@link ManualClock} for tests). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Sets the directory for checkpoints and the write-ahead log; enables recovery. */
        public Builder checkpointDir(Path dir) {
            this.checkpointDir = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /**
         * Sets how long sources keep past batches at the least (default: only what attached
         * windows need), so that windows and queries attached later find past data.
         */
        public Builder remember(Duration d) {
            Objects.requireNonNull(d, "d");
            if (d.isNegative()) {
                throw new IllegalArgumentException("remember duration must not be negative, got " + d);
            }
            this.remember = d;
            return this;
        }

        /** Sets where output operations print; asked once per output, when it is created. */
        public Builder console(Supplier<Console> console) {
            this.console = Objects.requireNonNull(console, "console");
            return this;
        }

        /** Sets how many times a task is attempted before its job fails (default 2). */
        public Builder maxTaskAttempts(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("maxTaskAttempts must be at least 1, got " + n);
            }
            this.maxTaskAttempts = n;
            return this;
        }

        /** Builds the context; it runs no batch until {@link StreamingContext#start()}. */
        public StreamingContext build() {
            if (batchInterval == null) {
                throw new IllegalStateException("a batch interval is required: builder().batchInterval(Duration.ofSeconds(1))");
            }
            return new StreamingContext(this);
        }
    }

    // ---- sources

    /**
     * Returns a stream fed from a queue: each batch takes the next list in the queue, or is empty
     * when the queue is empty. The queue may be filled while the context runs.
     */
    public <T> DStream<T> queueStream(Queue<List<T>> queue) {
        return queueStream(queue, true);
    }

    /** Returns a stream fed from a queue; when {@code oneAtATime} is false each batch takes every list queued. */
    public <T> DStream<T> queueStream(Queue<List<T>> queue, boolean oneAtATime) {
        Objects.requireNonNull(queue, "queue");
        return new DStream<>(this, new QueueSource<T>(graph(), queue, oneAtATime));
    }

    /** Returns a synthetic stream of 0, 1, 2, ... at {@code recordsPerSecond}, spread over the batches. */
    public DStream<Long> rateStream(long recordsPerSecond) {
        return new DStream<>(this, new RateSource(graph(), recordsPerSecond));
    }

    /**
     * Returns a stream of the records of Kafka topics, read directly (no receiver): each batch
     * is, per partition, the offsets from where the previous batch stopped to the end offset at
     * the batch boundary (capped by {@link KafkaSourceConfig.Builder#maxRatePerPartition}), and
     * its RDD has one partition per Kafka partition, in offset order.
     *
     * <pre>{@code
     * DStream<KafkaRecord> clicks = ssc.kafkaStream(KafkaSourceConfig.builder()
     *     .bootstrapServers("127.0.0.1:9092").topics("clicks").groupId("dashboard").build());
     * clicks.map(KafkaRecord::value).countByValue().print();
     * }</pre>
     *
     * <p>The stream starts from the group's committed offsets, else from
     * {@link KafkaSourceConfig#startingOffsets()}. Once a batch has completed (whether or not its
     * outputs succeeded) its offsets are committed to the group, at the next batch boundary or
     * when the context stops, so a new context with the same group continues after the last
     * completed batch: records are read at least once, and exactly once when every batch
     * completed. Partitions added to a topic are picked up at the next batch and read from their
     * beginning. When the brokers cannot be reached the batch is empty, the error is reported
     * ({@link StreamingListener#onError}, {@link #recentErrors()}) and the next batch retries.
     */
    public DStream<KafkaRecord> kafkaStream(KafkaSourceConfig config) {
        Objects.requireNonNull(config, "config");
        KafkaSource source = new KafkaSource(graph(), config, engine.scheduler()::lastCompleted, engine::reportError);
        engine.addHook(source.stopHook());
        return new DStream<>(this, source);
    }

    /** Returns a stream whose batches hold the elements of all {@code streams}' batches (same slide required). */
    @SafeVarargs
    public final <T> DStream<T> union(DStream<T> first, DStream<T>... more) {
        DStream<T> result = Objects.requireNonNull(first, "first");
        for (DStream<T> s : more) {
            result = result.union(s);
        }
        return result;
    }

    // ---- static datasets

    /** Returns {@code data} as a dataset of {@code parallelism} partitions. */
    public <T> RDD<T> parallelize(List<T> data) {
        return parallelize(data, parallelism);
    }

    /** Returns {@code data} as a dataset of {@code numPartitions} partitions. */
    public <T> RDD<T> parallelize(List<T> data, int numPartitions) {
        Objects.requireNonNull(data, "data");
        return new RDD<>(ParallelCollectionNode.slice(engine.rddContext(), data, numPartitions, "parallelize"));
    }

    /** Returns {@code data} as a keyed dataset. */
    public <K, V> PairRDD<K, V> parallelizePairs(List<Pair<K, V>> data) {
        Objects.requireNonNull(data, "data");
        return new PairRDD<>(ParallelCollectionNode.slice(engine.rddContext(), data, parallelism, "parallelizePairs"));
    }

    /** Returns an empty dataset. */
    public <T> RDD<T> emptyRDD() {
        return new RDD<>(ParallelCollectionNode.empty(engine.rddContext()));
    }

    /**
     * Returns the lines of a text file, or of every visible file in a directory (one partition
     * per file), read when an action runs.
     *
     * @throws UncheckedIOException if the path does not exist or cannot be listed
     */
    public RDD<String> textFile(Path path) {
        Objects.requireNonNull(path, "path");
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(path)) {
            try (Stream<Path> list = Files.list(path)) {
                list.filter(Files::isRegularFile)
                        .filter(p -> !p.getFileName().toString().startsWith(".") && !p.getFileName().toString().startsWith("_"))
                        .sorted().forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + path + ": " + e.getMessage(), e);
            }
        } else if (Files.isRegularFile(path)) {
            files.add(path);
        } else {
            throw new UncheckedIOException(new java.io.FileNotFoundException(
                    "no such file or directory: " + path.toAbsolutePath() + "; check the path"));
        }
        return new RDD<>(new TextFileNode(engine.rddContext(), files));
    }

    // ---- lifecycle

    /** Starts running batches; the first is at the next multiple of the batch interval. */
    public void start() {
        engine.start();
    }

    /** Stops at once: the running job is interrupted and queued batches are dropped. Idempotent. */
    public void stop() {
        engine.stop(false);
    }

    /**
     * Stops the context. Gracefully: receivers stop and every batch already generated runs to the
     * end first. Idempotent.
     */
    public void stop(boolean gracefully) {
        engine.stop(gracefully);
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /**
     * Waits until the context stops.
     *
     * @throws StreamingException if it stopped because of a fatal error
     */
    public void awaitTermination() throws InterruptedException {
        engine.awaitTermination(-1);
        rethrowFatal();
    }

    /**
     * Waits until the context stops or {@code timeout} passes; returns true if it stopped.
     *
     * @throws StreamingException if it stopped because of a fatal error
     */
    public boolean awaitTerminationOrTimeout(Duration timeout) throws InterruptedException {
        boolean stopped = engine.awaitTermination(timeout.toMillis());
        rethrowFatal();
        return stopped;
    }

    private void rethrowFatal() {
        Throwable fatal = engine.fatalError();
        if (fatal != null) {
            throw new StreamingException("the context stopped because of an error: " + fatal, fatal);
        }
    }

    /** Returns the lifecycle state. */
    public StreamingContextState state() {
        return engine.state();
    }

    /** Makes sources keep at least {@code d} of past batches; takes effect at the next batch boundary. */
    public void remember(Duration d) {
        Objects.requireNonNull(d, "d");
        graph().setRemember(d.toMillis());
    }

    // ---- monitoring

    /** Adds a listener for batch, output and receiver events. */
    public void addListener(StreamingListener listener) {
        engine.bus().add(Objects.requireNonNull(listener, "listener"));
    }

    /** Removes a listener. */
    public void removeListener(StreamingListener listener) {
        engine.bus().remove(listener);
    }

    /** Returns the time of the last completed batch, if any. */
    public Optional<Time> lastCompletedBatch() {
        long t = engine.scheduler().lastCompleted();
        return t == Long.MIN_VALUE ? Optional.empty() : Optional.of(new Time(t));
    }

    /**
     * Waits until batch {@code time} has completed (all its outputs ran) and listeners were told;
     * returns false if {@code timeout} passed first or the context stopped.
     */
    public boolean awaitBatch(Time time, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (engine.scheduler().awaitBatch(time.milliseconds(), Math.min(Math.max(left, 0), 100))) {
                return true;
            }
            if (left <= 0 || state() == StreamingContextState.STOPPED) {
                return false;
            }
        }
    }

    /** Returns up to the last 1000 completed batches, oldest first. */
    public List<BatchInfo> recentBatches() {
        return engine.scheduler().recentBatches();
    }

    /** Returns the last background errors (failed outputs, sources, receivers), oldest first. */
    public List<String> recentErrors() {
        return engine.recentErrors();
    }

    /** Returns every stream defined on this context, in creation order. */
    public List<DStream<?>> streams() {
        return List.copyOf(streams);
    }

    /**
     * Returns the stream last given {@code name} with {@link DStream#name(String)}.
     *
     * @throws java.util.NoSuchElementException if no stream has that name
     */
    @SuppressWarnings("unchecked")
    public <S extends DStream<?>> S stream(String name) {
        for (int i = streams.size() - 1; i >= 0; i--) {
            DStream<?> s = streams.get(i);
            if (name.equals(s.name())) {
                return (S) s;
            }
        }
        List<String> names = new ArrayList<>();
        for (DStream<?> s : streams) {
            if (s.name() != null) {
                names.add(s.name());
            }
        }
        throw new java.util.NoSuchElementException("no stream named '" + name + "'"
                + (names.isEmpty() ? "; name one with stream.name(\"...\")" : "; named streams: " + names));
    }

    /** Returns the outputs, active and stopped, in creation order. */
    public List<OutputHandle> outputs() {
        return List.copyOf(outputs);
    }

    /** Returns the batch interval. */
    public Duration batchInterval() {
        return batchInterval;
    }

    /** Returns the number of tasks that run at once. */
    public int parallelism() {
        return parallelism;
    }

    /** Returns the clock driving batches. */
    public Clock clock() {
        return engine.clock();
    }

    /** Returns the checkpoint directory, if set. */
    public Optional<Path> checkpointDir() {
        return Optional.ofNullable(checkpointDir);
    }

    @Override
    public String toString() {
        return "StreamingContext[" + engine.name() + ", " + state() + ", batch " + Durations.format(batchInterval)
                + ", " + streams.size() + " streams, " + outputs.stream().filter(OutputHandle::isActive).count() + " active outputs"
                + lastCompletedBatch().map(t -> ", last batch " + t).orElse("") + "]";
    }

    // ---- package internals

    Engine engine() {
        return engine;
    }

    StreamGraph graph() {
        return engine.graph();
    }

    void register(DStream<?> stream) {
        streams.add(stream);
    }

    void register(OutputHandle output) {
        outputs.add(output);
    }

    Console newOutputConsole() {
        Console c = consoles.get();
        return c == null ? Console.system() : c;
    }
}
