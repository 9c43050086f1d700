package dev.sluice.streaming;

import dev.sluice.engine.Engine;
import dev.sluice.engine.Micros;
import dev.sluice.engine.durability.CheckpointManager;
import dev.sluice.engine.receiver.ReceiverInputNode;
import dev.sluice.engine.receiver.ReceiverTracker;
import dev.sluice.engine.graph.OutputOperation;
import dev.sluice.engine.graph.StreamGraph;
import dev.sluice.engine.local.LocalPlanner;
import dev.sluice.engine.plan.ElementOp;
import dev.sluice.engine.plan.Plan;
import dev.sluice.engine.plan.StreamOp;
import dev.sluice.engine.plan.SourceOp;
import dev.sluice.engine.rdd.ObjectFileNode;
import dev.sluice.engine.rdd.ParallelCollectionNode;
import dev.sluice.engine.rdd.RddContext;
import dev.sluice.engine.rdd.RddNode;
import dev.sluice.engine.scheduler.JobScheduler;
import dev.sluice.engine.rdd.TextFileNode;
import dev.sluice.sources.FileSource;
import dev.sluice.streaming.spi.Runner;
import dev.sluice.streaming.spi.RunnerContext;
import dev.sluice.streaming.spi.RunnerExecution;
import dev.sluice.sources.SocketTextReceiver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
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
    private volatile Path checkpointDir;
    /** The builder's checkpoint interval in ms, or 0 for the default; and how the log syncs. */
    private final long checkpointIntervalMicros;
    private final WalSync walSync;
    private final boolean logReceivedInput;
    private final Supplier<Console> consoles;
    /** Every stream made on this context, held weakly: one nothing refers to any more is released by the graph. */
    private final List<java.lang.ref.WeakReference<DStream<?>>> streams = new CopyOnWriteArrayList<>();
    /** Named streams, held strongly: a name finds its stream (and keeps it) whether or not a variable does. */
    private final List<DStream<?>> named = new CopyOnWriteArrayList<>();
    /**
     * Every output, held weakly: the graph keeps a pending or active output (and its handle)
     * reachable; a stopped one stays listed while a variable still names it.
     */
    private final List<java.lang.ref.WeakReference<OutputHandle>> outputs = new CopyOnWriteArrayList<>();
    /** Set by the builder's checkpointDir or by {@link #checkpoint(String)} before start; then fixed. */
    private volatile CheckpointManager checkpoints;
    private final ReceiverTracker receivers;
    private final long fileStableMs;
    private final Plan plan = new Plan();
    private final LocalPlanner planner;
    private final String master;
    private final Map<String, String> conf;
    /** The loader of the user's classes (a shell's snippet classes); a runner's threads that run user code use it. */
    private final ClassLoader userClassLoader;
    /** The run on another engine when the master names one, else null (the embedded engine runs). */
    private final RunnerExecution execution;
    private volatile StreamingContextState runnerState = StreamingContextState.INITIALIZED;

    /** Every context built and not yet seen stopped; {@link #live()} prunes it. */
    private static final Set<StreamingContext> LIVE = ConcurrentHashMap.newKeySet();
    private static final AtomicLong SERIALS = new AtomicLong();

    private final long serial = SERIALS.incrementAndGet();

    private StreamingContext(Builder b, Runner runner) {
        this.batchInterval = b.batchInterval;
        this.parallelism = b.parallelism;
        this.checkpointIntervalMicros = b.checkpointInterval == null ? 0 : Micros.of(b.checkpointInterval);
        this.walSync = b.walSync;
        this.logReceivedInput = b.logReceivedInput;
        this.consoles = b.console;
        this.fileStableMs = b.fileStableTime.toMillis();
        this.engine = new Engine(Micros.of(b.batchInterval), b.parallelism, b.maxTaskAttempts, b.clock,
                b.remember == null ? 0 : Micros.of(b.remember));
        if (b.traces != null) {
            engine.scheduler().traces(b.traces);
        }
        this.receivers = new ReceiverTracker(engine, Micros.of(b.blockInterval), b.maxRate, b.backpressure,
                b.maxUnprocessedBytes, null);
        receivers.setInitialRate(b.initialRate);
        if (b.checkpointDir != null) {
            try {
                openCheckpoints(b.checkpointDir);
            } catch (IOException e) {
                engine.stop(false); // its listener thread already runs
                throw new UncheckedIOException("cannot use checkpoint directory " + b.checkpointDir + ": " + reason(e), e);
            }
        }
        this.planner = new LocalPlanner(new LocalBridge(engine, parallelism, receivers,
                () -> checkpoints == null ? null : checkpoints.log(), fileStableMs, this::newOutputConsole));
        LocalPlanner built = planner;
        Plan logical = plan;
        engine.graph().onRelease(released -> {     // a released stream leaves the plan and the planner too
            built.forget(released);
            Set<Integer> ids = new java.util.HashSet<>();
            released.forEach(n -> ids.add(n.id()));
            logical.forgetStreams(ids);
        });
        this.master = b.master == null ? EMBEDDED : b.master;
        this.conf = Collections.unmodifiableMap(new LinkedHashMap<>(b.conf));
        this.userClassLoader = b.classLoader != null ? b.classLoader
                : Thread.currentThread().getContextClassLoader() != null ? Thread.currentThread().getContextClassLoader()
                : StreamingContext.class.getClassLoader();
        try {
            this.execution = runner == null ? null : runner.open(new ContextRunnerView(this));
        } catch (RuntimeException e) {
            engine.stop(false);     // a runner that refuses the context: its listener thread already runs
            throw e;
        }
        LIVE.add(this);
    }

    /**
     * Opens the checkpoint directory: the write-ahead log that ingestion (the receivers' blocks, the
     * file streams defined so far) writes from now on, and checkpoints every checkpoint interval
     * (the builder's, else the smallest multiple of the batch interval of at least 10 s).
     */
    private void openCheckpoints(Path dir) throws IOException {
        long interval = Micros.of(batchInterval);
        long tenSeconds = Micros.ofMillis(10_000);
        long ckMicros = checkpointIntervalMicros > 0 ? checkpointIntervalMicros : Math.max(1, (tenSeconds + interval - 1) / interval) * interval;
        CheckpointManager manager = new CheckpointManager(engine, dir, ckMicros, walSync, 16L << 20, Math.max(Micros.ofMillis(1_000), ckMicros));
        if (logReceivedInput) {
            receivers.useLog(manager.log());
            manager.setBlockTracker(receivers.blockTracker());
        }
        for (var input : engine.graph().inputs()) {
            if (input instanceof dev.sluice.engine.durability.RecoverableInput r) {
                r.useLog(manager.log());
            }
        }
        engine.graph().keepAllStreams();   // checkpointed ids count the streams in creation order
        this.checkpointDir = dir;
        this.checkpoints = manager;
    }

    /**
     * Sets the directory for checkpoints and the write-ahead log, as {@link Builder#checkpointDir}
     * does, for code written against Spark's {@code ssc.checkpoint(directory)}: creates it if
     * needed; from then on received input is logged there before it is processed, and the state
     * of stateful streams is checkpointed there every checkpoint interval (and at the intervals
     * given by {@link DStream#checkpoint(Duration)}). Only before {@link #start()}; calling it again
     * with the same directory does nothing, and {@code null} with no directory set does nothing.
     *
     * <pre>{@code
     * ssc.checkpoint("ckpt");
     * }</pre>
     *
     * @throws IllegalStateException if the context has started, or already checkpoints to another
     *                               directory (or {@code directory} is null then: it cannot be turned off)
     * @throws UncheckedIOException  if the directory cannot be created or written
     */
    public synchronized void checkpoint(String directory) {
        Path current = checkpointDir;
        if (directory == null) {
            if (current != null) {
                throw new IllegalStateException("this context checkpoints to " + current + " and cannot stop doing so;"
                        + " build a context without .checkpointDir(...) to run without checkpoints");
            }
            return;
        }
        Path dir = Path.of(directory);
        if (current != null) {
            if (current.toAbsolutePath().normalize().equals(dir.toAbsolutePath().normalize())) {
                return;
            }
            throw new IllegalStateException("this context already checkpoints to " + current + "; it cannot move to " + directory
                    + " (build another context to use another directory)");
        }
        if (state() != StreamingContextState.INITIALIZED || execution != null) {
            throw new IllegalStateException(execution != null
                    ? "checkpoint(dir) of a context on another runner: give it with .checkpointDir(path) on the builder"
                    : "the checkpoint directory must be set before start(): the context is " + state().name().toLowerCase(java.util.Locale.ROOT)
                            + "; set it with ssc.checkpoint(dir) or .checkpointDir(path) before starting");
        }
        try {
            openCheckpoints(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use checkpoint directory " + directory + ": " + reason(e), e);
        }
    }

    /**
     * Returns the contexts of this JVM that were built and are not stopped (initialized or active),
     * in the order they were built: to find, and stop, a context whose variable is gone.
     */
    public static List<StreamingContext> live() {
        LIVE.removeIf(c -> c.state() == StreamingContextState.STOPPED);
        List<StreamingContext> out = new ArrayList<>(LIVE);
        out.sort(Comparator.comparingLong(c -> c.serial));
        return out;
    }

    /** Why a file operation failed, in words: {@code FileSystemException}'s message is often just the path. */
    private static String reason(IOException e) {
        if (e instanceof FileAlreadyExistsException f) {
            return f.getFile() + " exists and is not a directory; move it away or choose another checkpoint directory";
        }
        if (e instanceof AccessDeniedException f) {
            return "permission denied on " + f.getFile() + "; give the user running Sluice write access there,"
                    + " or choose a checkpoint directory it can create";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return (f.getFile() == null ? "" : f.getFile() + ": ") + f.getReason()
                    + "; fix that or choose another checkpoint directory (one the program can create and write)";
        }
        return e.getMessage() + "; choose a checkpoint directory that can be created and written";
    }

    /**
     * Returns a context that continues the run saved in {@code checkpointDir}, or a new one if the
     * directory holds none (Spark's name for it). {@code setup} is called either way: it must build
     * the context with {@code .checkpointDir(checkpointDir)}, define the same streams and outputs
     * (user code may have changed; the graph's shape is what matters), and not start it.
     *
     * <p>When the directory holds a checkpoint, {@link #start()} then restores, by stable stream id
     * (a name given with {@link DStream#name(String)}, else the stream's position in the graph),
     * the state of {@code updateStateByKey}, {@code mapWithState} and incremental windows, the
     * input received but not yet processed, and the positions of sources; the batches that were
     * pending at the crash run again with the same input, then the batches of the time the context
     * was down, then batches go on as usual. Outputs of the batches run again are produced again:
     * {@link DStream#saveAsTextFiles} replaces a batch's directory, so its output is exactly once.
     *
     * <p>Only data is checkpointed, never functions: keys, values and state of stateful streams,
     * and records of receivers, must be {@link java.io.Serializable} (Java serialization). A
     * checkpoint is not read by other versions of these classes unless their serialized form is
     * compatible (give them a {@code serialVersionUID}).
     *
     * <pre>{@code
     * StreamingContext ssc = StreamingContext.getOrCreate(Path.of("ckpt"), () -> {
     *     StreamingContext c = StreamingContext.builder().batchInterval(Duration.ofSeconds(1))
     *             .checkpointDir(Path.of("ckpt")).build();
     *     c.socketTextStream("localhost", 9999).mapToPair(w -> Pair.of(w, 1L))
     *             .updateStateByKey((Iterable<Long> vs, Optional<Long> s) -> {
     *                 long n = s.orElse(0L);
     *                 for (long v : vs) n += v;
     *                 return Optional.of(n);
     *             }).name("counts").print();
     *     return c;
     * });
     * ssc.start();
     * }</pre>
     *
     * @throws IllegalArgumentException if the context built by {@code setup} does not use {@code checkpointDir}
     * @throws IllegalStateException if it was already started
     */
    public static StreamingContext getOrCreate(Path checkpointDir, Supplier<StreamingContext> setup) {
        Objects.requireNonNull(checkpointDir, "checkpointDir");
        Objects.requireNonNull(setup, "setup");
        boolean recover = CheckpointManager.hasRecoverableData(checkpointDir);
        StreamingContext ssc = Objects.requireNonNull(setup.get(), "the setup function returned null");
        if (ssc.checkpointDir == null
                || !ssc.checkpointDir.toAbsolutePath().normalize().equals(checkpointDir.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("the setup function must build its context with .checkpointDir(" + checkpointDir
                    + ")" + (ssc.checkpointDir == null ? "" : "; it used " + ssc.checkpointDir));
        }
        if (ssc.state() != StreamingContextState.INITIALIZED) {
            throw new IllegalStateException("the setup function must not start the context; call start() on the result of getOrCreate");
        }
        if (recover) {
            ssc.checkpoints.requestRecovery();
        }
        return ssc;
    }

    /**
     * Returns true if this context came from {@link #getOrCreate} over a directory holding a
     * checkpoint or logged input, so that {@link #start()} restores state and re-runs the batches
     * after the last checkpoint once the graph has been rebuilt.
     */
    public boolean recoversFromCheckpoint() {
        return checkpoints != null && checkpoints.recoveryRequested();
    }

    /** The master of the embedded engine, the default: streams run in this JVM. */
    public static final String EMBEDDED = "embedded";

    /** Returns the first runner on the class path that accepts {@code master}. */
    private static Runner findRunner(String master, ClassLoader userLoader) {
        ClassLoader loader = userLoader != null ? userLoader : Thread.currentThread().getContextClassLoader();
        List<String> others = new ArrayList<>();
        for (Runner r : ServiceLoader.load(Runner.class, loader != null ? loader : Runner.class.getClassLoader())) {
            if (r.accepts(master)) {
                return r;
            }
            others.add(r.name());
        }
        throw new IllegalStateException("no runner for master '" + master + "' is on the class path"
                + (others.isEmpty() ? "" : " (found only " + String.join(", ", others) + ")")
                + "; to run on Spark, add the Spark runner to the class path (the sluice-spark jar and the Spark 4.1.0"
                + " jars it depends on), or leave the master unset (or \"" + EMBEDDED + "\") to run on the embedded engine");
    }

    /** Returns a builder; {@link Builder#batchInterval} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Configures a {@link StreamingContext}: set at least {@code batchInterval}, then {@link #build()}.
     * Every setter ({@code batchInterval}, {@code parallelism}, {@code clock}, {@code master}, {@code conf},
     * {@code checkpointDir}, {@code checkpointInterval}, {@code remember}, rates and budgets, ...) returns
     * this builder.
     */
    public static final class Builder extends ContextSettings<Builder> {

        private Builder() {
        }

        /** Builds the context; it runs no batch until {@link StreamingContext#start()}. */
        public StreamingContext build() {
            if (batchInterval == null) {
                throw new IllegalStateException("a batch interval is required: builder().batchInterval(Duration.ofSeconds(1))");
            }
            Runner runner = master == null || master.equals(EMBEDDED) ? null : findRunner(master, classLoader);
            return new StreamingContext(this, runner);
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
        return new DStream<>(this, new SourceOp.QueueStream(queue, oneAtATime));
    }

    /**
     * Like {@link #queueStream(Queue, boolean)}, but a batch that finds the queue empty is {@code defaultRDD}
     * (a dataset of this context) instead of empty, as Spark's; its records are not counted as input.
     */
    public <T> DStream<T> queueStream(Queue<List<T>> queue, boolean oneAtATime, RDD<T> defaultRDD) {
        Objects.requireNonNull(defaultRDD, "defaultRDD");
        return new DStream<>(this, new SourceOp.QueueStream(queue, oneAtATime, defaultRDD));
    }

    /**
     * Returns a stream of the records {@code receiver} stores. The receiver starts when the context
     * starts (or at the next batch boundary if it already runs) and stops when it stops; each batch
     * holds the blocks received during its interval, one partition per block. See {@link Receiver}.
     */
    public <T> DStream<T> receiverStream(Receiver<T> receiver) {
        return new DStream<>(this, new SourceOp.ReceiverStream(receiver));
    }

    /**
     * Returns a stream of the lines (UTF-8) a TCP server at {@code host:port} sends. Unreliable:
     * reconnects with backoff when the connection fails; lines that are not valid UTF-8 or longer
     * than 1 MiB are reported and skipped. See {@link SocketTextReceiver}.
     */
    public DStream<String> socketTextStream(String host, int port) {
        return new DStream<>(this, new SourceOp.SocketTextStream(host, port));
    }

    /**
     * Returns a stream of the lines of new files in {@code dir}, each taken whole and once: a file
     * renamed into the directory is taken at the next batch; a file written in place once its size
     * and modification time were unchanged for {@link Builder#fileStableTime} (default 5 s). Hidden
     * files (starting with {@code .} or {@code _}) are ignored, so the safe pattern is to write
     * {@code .name} (or a file elsewhere on the same file system) and rename it when complete. A
     * file that changes after it was taken, a missing directory or a file deleted before it was read
     * is reported and the stream goes on. See {@link FileSource}.
     */
    public DStream<String> textFileStream(Path dir) {
        return new DStream<>(this, new SourceOp.TextFileStream(dir));
    }

    /** Same as {@link #textFileStream(Path)} with {@code Path.of(dir)}, as Spark's {@code textFileStream(String)}. */
    public DStream<String> textFileStream(String dir) {
        Objects.requireNonNull(dir, "dir");
        return textFileStream(Path.of(dir));
    }

    /**
     * Returns a stream of the fixed-length records of new files in {@code dir}: each file's bytes cut into
     * {@code byte[]}s of {@code recordLength}, files taken as by {@link #textFileStream(Path)}. A file whose
     * length is not a multiple of {@code recordLength} is reported and left out, and the stream goes on.
     */
    public DStream<byte[]> binaryRecordsStream(String dir, int recordLength) {
        Objects.requireNonNull(dir, "dir");
        return new DStream<>(this, new SourceOp.BinaryRecordsStream(Path.of(dir), recordLength));
    }

    /** Returns a synthetic stream of 0, 1, 2, ... at {@code recordsPerSecond}, spread over the batches. */
    public DStream<Long> rateStream(long recordsPerSecond) {
        return new DStream<>(this, new SourceOp.RateStream(recordsPerSecond));
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
     * outputs succeeded) its offsets are committed to the group: sent at the next batch boundary
     * without waiting for the answer (a failed commit is sent again later), and committed and
     * awaited when the context stops, so a new context with the same group continues after the
     * last completed batch: records are read at least once, and exactly once when every batch
     * completed. Partitions added to a topic are picked up at the first batch after the next
     * look-up ({@link KafkaSourceConfig.Builder#partitionDiscoveryInterval}, default 5 s) and read
     * from their beginning. The ranges are read by one consumer per partition kept from batch to
     * batch and closed when the context stops. When the brokers cannot be reached the batch is empty, the error is reported
     * ({@link StreamingListener#onError}, {@link #recentErrors()}) and the next batch retries.
     *
     * <p>With a checkpoint directory, each batch's offset ranges are written to the write-ahead log
     * before the batch runs and kept in checkpoints; a context recovered by {@link #getOrCreate}
     * runs the batches after the last checkpoint again at the same batch times with the same
     * ranges, and goes on from where the last logged batch ended (not from the group's offsets). An
     * output that replaces a batch's result by batch time, as {@link DStream#saveAsTextFiles} does,
     * is then exactly once across crashes.
     */
    public DStream<KafkaRecord> kafkaStream(KafkaSourceConfig config) {
        return new DStream<>(this, new SourceOp.KafkaStream(config));
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

    /** Returns a stream whose batches hold the elements of all {@code streams}' batches, as Spark's {@code union(list)}. */
    public <T> DStream<T> union(List<? extends DStream<T>> streams) {
        Objects.requireNonNull(streams, "streams");
        if (streams.isEmpty()) {
            throw new IllegalArgumentException("union needs at least one stream");
        }
        DStream<T> result = Objects.requireNonNull(streams.get(0), "streams.get(0)");
        for (DStream<T> s : streams.subList(1, streams.size())) {
            result = result.union(s);
        }
        return result;
    }

    /**
     * Returns a stream of the result of {@code f} on each batch's RDDs of {@code streams} (in that
     * order, same slide required) and the batch time, as Spark's {@code transform(list, f)}.
     */
    public <R> DStream<R> transform(List<? extends DStream<?>> streams, TransformManyFunction<R> f) {
        return new DStream<>(this, transformManyOp(streams, f, false));
    }

    /** Like {@link #transform(List, TransformManyFunction)}, returning a keyed stream. */
    public <K, V> PairDStream<K, V> transformToPair(List<? extends DStream<?>> streams, TransformManyFunction<Pair<K, V>> f) {
        return new PairDStream<>(this, transformManyOp(streams, f, true));
    }

    private ElementOp.TransformMany transformManyOp(List<? extends DStream<?>> streams, TransformManyFunction<?> f, boolean toPair) {
        Objects.requireNonNull(streams, "streams");
        List<StreamOp> ops = new ArrayList<>();
        for (DStream<?> s : streams) {
            Objects.requireNonNull(s, "a stream of the list is null");
            if (s.ssc != this) {
                throw new IllegalArgumentException("cannot transform streams of another context");
            }
            ops.add(s.op());
        }
        return new ElementOp.TransformMany(ops, f, toPair);
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

    /** Returns the elements saved by {@link RDD#saveAsObjectFile} into {@code path}, one partition per part file. */
    public <T> RDD<T> objectFile(String path) {
        Objects.requireNonNull(path, "path");
        return new RDD<>(new ObjectFileNode<>(engine.rddContext(), RddFiles.partFiles(Path.of(path)),
                Thread.currentThread().getContextClassLoader()));
    }

    /** Same as {@link #objectFile(String)}, spread over at least {@code minPartitions} partitions (a shuffle if there are fewer part files). */
    public <T> RDD<T> objectFile(String path, int minPartitions) {
        RDD<T> rdd = objectFile(path);
        return rdd.getNumPartitions() >= minPartitions ? rdd : rdd.repartition(minPartitions);
    }

    /** Returns the checkpoint directory, if the context has one; for {@link RDD#checkpoint()}. */
    Optional<Path> checkpointDirectory() {
        return Optional.ofNullable(checkpointDir);
    }

    /** Returns the live context whose engine is {@code ctx}; for {@link RDD#context()}. */
    static StreamingContext owning(RddContext ctx) {
        for (StreamingContext c : LIVE) {
            if (c.engine.rddContext() == ctx) {
                return c;
            }
        }
        throw new IllegalStateException("the context of this dataset has stopped; datasets of a stopped context cannot run jobs");
    }

    // ---- lifecycle

    /** Starts running batches; the first is at the next multiple of the batch interval. */
    public void start() {
        if (execution != null) {
            synchronized (this) {
                if (runnerState != StreamingContextState.INITIALIZED) {
                    throw new IllegalStateException("the context is " + runnerState.name().toLowerCase(java.util.Locale.ROOT)
                            + "; a context starts once");
                }
                execution.start();
                runnerState = StreamingContextState.ACTIVE;
            }
            return;
        }
        for (var node : engine.graph().nodes()) {
            if (node.checkpointMicros() > 0 && checkpoints == null) {
                throw new IllegalArgumentException("The checkpoint directory has not been set. Please set it by"
                        + " StreamingContext.checkpoint() (here also .checkpointDir(path) on the builder); stream " + node.id()
                        + " (" + node.operation() + ") was given a checkpoint interval");
            }
        }
        engine.start();
    }

    /** Stops at once: the running job is interrupted and queued batches are dropped. Idempotent. */
    public void stop() {
        stop(false);
    }

    /**
     * Stops the context. Gracefully: receivers stop and every batch already generated runs to the
     * end first. Idempotent.
     */
    public void stop(boolean gracefully) {
        if (execution != null) {
            synchronized (this) {
                if (runnerState != StreamingContextState.STOPPED) {
                    runnerState = StreamingContextState.STOPPED;
                    execution.stop(gracefully);
                }
            }
        }
        engine.stop(gracefully);
        LIVE.remove(this);
    }

    /**
     * Same as {@link #stop(boolean) stop(stopGracefully)}, for code written against Spark. Here the datasets of
     * a context ({@link #parallelize}, {@link DStream#latest()}, ...) run on the context's own engine, which
     * has no life of its own: they cannot run jobs once the context has stopped, whatever
     * {@code stopSparkContext} says.
     */
    public void stop(boolean stopSparkContext, boolean stopGracefully) {
        stop(stopGracefully);
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
        if (execution != null) {
            execution.awaitTermination(-1);
            return;
        }
        engine.awaitTermination(-1);
        rethrowFatal();
    }

    /**
     * Waits until the context stops or {@code timeout} passes; returns true if it stopped.
     *
     * @throws StreamingException if it stopped because of a fatal error
     */
    public boolean awaitTerminationOrTimeout(Duration timeout) throws InterruptedException {
        if (execution != null) {
            return execution.awaitTermination(timeout.toMillis());
        }
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
        return execution != null ? runnerState : engine.state();
    }

    /** Same as {@link #state()}, as Spark's {@code getState()}. */
    public StreamingContextState getState() {
        return state();
    }

    /** Returns the master: {@value #EMBEDDED}, or the Spark master URL the context runs on. */
    public String master() {
        return master;
    }

    /** Returns the runner's configuration entries, in the order they were set (empty for the embedded engine unless set). */
    public Map<String, String> conf() {
        return conf;
    }

    /** Makes sources keep at least {@code d} of past batches; takes effect at the next batch boundary. */
    public void remember(Duration d) {
        Objects.requireNonNull(d, "d");
        graph().setRemember(Micros.of(d));
    }

    // ---- monitoring

    /** Adds a listener for batch, output and receiver events. */
    public void addListener(StreamingListener listener) {
        engine.bus().add(Objects.requireNonNull(listener, "listener"));
    }

    /** Same as {@link #addListener}, as Spark's {@code addStreamingListener}. */
    public void addStreamingListener(StreamingListener listener) {
        addListener(listener);
    }

    /** Removes a listener. */
    public void removeListener(StreamingListener listener) {
        engine.bus().remove(listener);
    }

    /** Returns the time of the last completed batch, if any. */
    public Optional<Time> lastCompletedBatch() {
        long t = engine.scheduler().lastCompleted();
        return t == Long.MIN_VALUE ? Optional.empty() : Optional.of(Time.ofMicros(t));
    }

    /**
     * Waits until batch {@code time} has completed (all its outputs ran) and listeners were told;
     * returns false if {@code timeout} passed first or the context stopped.
     */
    public boolean awaitBatch(Time time, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (engine.scheduler().awaitBatch(time.microseconds(), Math.min(Math.max(left, 0), 100))) {
                return true;
            }
            if (left <= 0 || state() == StreamingContextState.STOPPED) {
                return false;
            }
        }
    }

    /** Returns the status of every receiver, in creation order. */
    public List<ReceiverInfo> receivers() {
        return receivers.infos();
    }

    /**
     * Sets the most records per second every receiver stores (0: unlimited); takes effect at once,
     * for running and future receivers. With backpressure the rate may be lower.
     */
    public void setMaxRate(long recordsPerSecond) {
        if (recordsPerSecond < 0) {
            throw new IllegalArgumentException("maxRate must not be negative, got " + recordsPerSecond
                    + "; use 0 for no limit");
        }
        receivers.setMaxRate(recordsPerSecond);
    }

    /**
     * Sets the most records per second the receiver of {@code stream} stores (0: unlimited).
     *
     * @throws IllegalArgumentException if {@code stream} is not a receiver's stream
     */
    public void setMaxRate(DStream<?> stream, long recordsPerSecond) {
        if (recordsPerSecond < 0) {
            throw new IllegalArgumentException("maxRate must not be negative, got " + recordsPerSecond
                    + "; use 0 for no limit");
        }
        if (!(stream.node instanceof ReceiverInputNode<?> in)) {
            throw new IllegalArgumentException(stream + " is not fed by a receiver; pass the stream returned by"
                    + " receiverStream or socketTextStream");
        }
        in.supervisor().setMaxRate(recordsPerSecond);
    }

    /** Turns backpressure on or off while the context runs; see {@link Builder#backpressure(boolean)}. */
    public void setBackpressure(boolean enabled) {
        receivers.setBackpressure(enabled);
    }

    /** Returns true if backpressure is on. */
    public boolean isBackpressureEnabled() {
        return receivers.backpressure();
    }

    /** Changes the memory budget for unprocessed input; see {@link Builder#maxUnprocessedBytes(long)}. */
    public void setMaxUnprocessedBytes(long bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("maxUnprocessedBytes must be at least 1, got " + bytes
                    + "; give a budget in bytes, e.g. 64L << 20 for 64 MB");
        }
        receivers.budget().setLimit(bytes);
    }

    /** Returns the estimated bytes of input received and not yet processed. */
    public long unprocessedBytes() {
        return receivers.budget().used();
    }

    /** Returns up to the last 1000 completed batches, oldest first. */
    public List<BatchInfo> recentBatches() {
        return engine.scheduler().recentBatches();
    }

    /**
     * Returns the last 100 background errors (failed outputs, streams, sources, receivers,
     * checkpoints, the write-ahead log), oldest first, each with its time, output, stream and the
     * exception as thrown; the same error reported several times in a row is one entry with a count.
     * The shell and the notebook show the list as a table.
     */
    public List<StreamingError> recentErrors() {
        return engine.recentErrors();
    }

    /**
     * Returns the streams of this context that are alive, in creation order: those a variable (or
     * another object) still refers to, and those an active output reads. A stream nothing reaches
     * any more is released at a batch boundary (with its remembered batches, and its source
     * stopped) and is not listed; a context that checkpoints keeps all its streams.
     */
    public List<DStream<?>> streams() {
        List<DStream<?>> alive = new ArrayList<>();
        List<java.lang.ref.WeakReference<DStream<?>>> gone = new ArrayList<>();
        for (java.lang.ref.WeakReference<DStream<?>> r : streams) {
            DStream<?> s = r.get();
            if (s == null) {
                gone.add(r);
            } else if (engine.graph().contains(s.node)) {
                alive.add(s);
            }
        }
        streams.removeAll(gone);
        return alive;
    }

    /**
     * Returns the logical plan of this context, a line per stream and per output in the order they
     * were defined, each operator in the API's own terms (which are Spark Streaming's) over its
     * first parent: {@code stream 3 'counts' = stream(1).countByValue()}, {@code output 1 =
     * stream(3).print()}. Functions appear by their parameter's name. Stopped outputs are listed
     * too; {@link #outputs()} tells which are active.
     */
    public String explain() {
        return plan.explain();
    }

    /**
     * Returns the stream last given {@code name} with {@link DStream#name(String)}.
     *
     * @throws java.util.NoSuchElementException if no stream has that name
     */
    @SuppressWarnings("unchecked")
    public <S extends DStream<?>> S stream(String name) {
        List<DStream<?>> alive = streams();
        for (int i = alive.size() - 1; i >= 0; i--) {
            DStream<?> s = alive.get(i);
            if (name.equals(s.name())) {
                return (S) s;
            }
        }
        List<String> names = new ArrayList<>();
        for (DStream<?> s : alive) {
            if (s.name() != null) {
                names.add(s.name());
            }
        }
        throw new java.util.NoSuchElementException("no stream named '" + name + "'"
                + (names.isEmpty() ? "; name one with stream.name(\"...\")" : "; named streams: " + names));
    }

    /**
     * Returns the outputs in creation order: the pending and active ones, and the stopped ones that
     * a variable still refers to (a stopped output nothing refers to is forgotten).
     */
    public List<OutputHandle> outputs() {
        List<OutputHandle> all = new ArrayList<>();
        List<java.lang.ref.WeakReference<OutputHandle>> gone = new ArrayList<>();
        for (java.lang.ref.WeakReference<OutputHandle> r : outputs) {
            OutputHandle h = r.get();
            if (h == null) {
                gone.add(r);
            } else {
                all.add(h);
            }
        }
        outputs.removeAll(gone);
        return all;
    }

    /** Returns the batch interval. */
    public Duration batchInterval() {
        return batchInterval;
    }

    /** Returns the number of tasks that run at once. */
    public int parallelism() {
        return parallelism;
    }

    /** Returns how long a file written in place must stay unchanged before {@code textFileStream} takes it, in ms. */
    long fileStableMs() {
        return fileStableMs;
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
        long active = outputs().stream().filter(OutputHandle::isActive).count();
        int streamCount = streams().size();
        return "StreamingContext[" + engine.name() + (execution != null ? " on " + master : "") + ", " + state() + ", batch " + Durations.format(batchInterval)
                + ", " + streamCount + (streamCount == 1 ? " stream, " : " streams, ")
                + active + (active == 1 ? " active output" : " active outputs")
                + lastCompletedBatch().map(t -> ", last batch " + t.toLocalString()).orElse("") + "]";
    }

    // ---- package internals

    Engine engine() {
        return engine;
    }

    StreamGraph graph() {
        return engine.graph();
    }

    /** Returns the logical plan: every stream's and output's operator. */
    Plan plan() {
        return plan;
    }

    LocalPlanner planner() {
        return planner;
    }

    /** Tells the runner, if the context runs on one, that a stream or output was added after it started. */
    void planChanged() {
        if (execution != null && runnerState == StreamingContextState.ACTIVE) {
            execution.planChanged();
        }
    }

    /** Returns the runner's dataset of {@code op}'s last completed batch, or null; only for a context on a runner. */
    RddNode<?> runnerLatest(StreamOp op) {
        return execution == null ? null : execution.latest(op);
    }

    /** Returns true if the context runs on a runner rather than on the embedded engine. */
    boolean onRunner() {
        return execution != null;
    }

    void register(DStream<?> stream) {
        streams.add(new java.lang.ref.WeakReference<>(stream));
        engine.graph().addHandle(stream.node, stream);
    }

    void register(OutputHandle output) {
        outputs();            // forgets the stopped outputs nothing names any more
        outputs.add(new java.lang.ref.WeakReference<>(output));
    }

    void keepNamed(DStream<?> stream) {
        if (!named.contains(stream)) {
            named.add(stream);
        }
    }

    /** Returns the loader of the user's classes; for {@link ContextRunnerView}. */
    ClassLoader userClassLoader() {
        return userClassLoader;
    }

    Console newOutputConsole() {
        Console c = consoles.get();
        return c == null ? Console.system() : c;
    }
}
