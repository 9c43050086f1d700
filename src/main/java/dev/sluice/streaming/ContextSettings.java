package dev.sluice.streaming;

import dev.sluice.sources.FileSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The settings of a {@link StreamingContext.Builder} and their setters, which return the builder;
 * the context reads the settings when it is built.
 *
 * @param <B> the builder type
 */
abstract class ContextSettings<B extends ContextSettings<B>> {

    Duration batchInterval;
    int parallelism = Runtime.getRuntime().availableProcessors();
    Clock clock = SystemClock.INSTANCE;
    Path checkpointDir;
    Duration remember;
    Supplier<Console> console = Console::system;
    java.util.function.Function<Throwable, String> traces;
    int maxTaskAttempts = 2;
    Duration blockInterval = Duration.ofMillis(200);
    long maxRate;
    boolean backpressure;
    long maxUnprocessedBytes = Runtime.getRuntime().maxMemory() / 4;
    Duration checkpointInterval;
    WalSync walSync = WalSync.ALWAYS;
    boolean logReceivedInput = true;
    Duration fileStableTime = Duration.ofMillis(FileSource.DEFAULT_STABLE_MS);
    long initialRate;
    String master;
    final Map<String, String> conf = new LinkedHashMap<>();
    ClassLoader classLoader;

    /**
     * Sets the class loader of the user's classes, such as the classes of a shell's snippets
     * (default: the calling thread's context class loader when {@link StreamingContext.Builder#build()} runs). A runner
     * finds itself through it and makes it the context class loader of the threads that run
     * outputs and read results back, so that values of the user's types can be deserialized.
     */
    public B classLoader(ClassLoader loader) {
        this.classLoader = Objects.requireNonNull(loader, "loader");
        return self();
    }

    /**
     * Sets where the context runs: {@value StreamingContext#EMBEDDED} (the default) is the
     * embedded engine in this JVM; any other master is a Spark master URL, such as
     * {@code local[2]}, {@code local[*]} or {@code spark://host:7077}, and runs on the runner
     * that accepts it, found on the class path ({@link dev.sluice.streaming.spi.Runner});
     * {@link StreamingContext.Builder#build()} fails when there is none.
     */
    public B master(String master) {
        Objects.requireNonNull(master, "master");
        if (master.isBlank()) {
            throw new IllegalArgumentException("master must not be blank; use \"" + StreamingContext.EMBEDDED
                    + "\" for the embedded engine or a Spark master URL such as local[2] or spark://host:7077");
        }
        this.master = master.strip();
        return self();
    }

    /**
     * Sets a configuration entry for the runner, as {@code spark-submit --conf key=value} does
     * (the Spark runner puts each into its {@code SparkConf}); the embedded engine ignores them.
     */
    public B conf(String key, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        if (key.isBlank()) {
            throw new IllegalArgumentException("a configuration key must not be blank");
        }
        conf.put(key.strip(), value);
        return self();
    }

    /** Sets every entry of {@code entries} as with {@link #conf(String, String)}, in the map's order. */
    public B sparkConf(Map<String, String> entries) {
        Objects.requireNonNull(entries, "entries");
        entries.forEach(this::conf);
        return self();
    }

    /**
     * Sets how often a receiver's buffered records are cut into a block (default 200 ms); a
     * batch has one partition per block. Runs on the context's clock.
     */
    public B blockInterval(Duration interval) {
        Objects.requireNonNull(interval, "interval");
        Durations.requireInterval("block interval", interval, "; use e.g. Duration.ofMillis(200) (the default)");
        this.blockInterval = interval;
        return self();
    }

    /** Sets the most records per second each receiver stores (default 0: unlimited); see {@link StreamingContext#setMaxRate(long)}. */
    public B maxRate(long recordsPerSecond) {
        if (recordsPerSecond < 0) {
            throw new IllegalArgumentException("maxRate must not be negative, got " + recordsPerSecond
                + "; use 0 for no limit");
        }
        this.maxRate = recordsPerSecond;
        return self();
    }

    /**
     * Turns backpressure on: after each batch, each receiver's rate is set from how fast the
     * batches are processed (a PID controller, as in Spark), never above its {@code maxRate}.
     */
    public B backpressure(boolean enabled) {
        this.backpressure = enabled;
        return self();
    }

    /**
     * Sets the memory budget for input received but not yet processed (estimated bytes; default
     * a quarter of the maximum heap). Above it, {@link Receiver#store(Object)} drops records
     * (counted and reported) and {@link Receiver#store(List)} waits.
     */
    public B maxUnprocessedBytes(long bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("maxUnprocessedBytes must be at least 1, got " + bytes
                + "; give a budget in bytes, e.g. 64L << 20 for 64 MB");
        }
        this.maxUnprocessedBytes = bytes;
        return self();
    }

    /**
     * Sets how often a checkpoint is written (a multiple of the batch interval; default the
     * smallest multiple of at least 10 s). Recovery runs again the batches after the last
     * checkpoint, so a shorter interval means less to redo and more writing.
     */
    public B checkpointInterval(Duration interval) {
        Objects.requireNonNull(interval, "interval");
        Durations.requireInterval("checkpoint interval", interval, "; use a multiple of the batch interval, e.g. Duration.ofSeconds(10)");
        this.checkpointInterval = interval;
        return self();
    }

    /**
     * Sets how long a file written in place in a {@link StreamingContext#textFileStream} directory must keep its
     * size and modification time before it is taken (default 5 s, on the context clock); files
     * renamed into the directory are taken at once. Set it above the longest pause of a writer
     * that writes in place.
     */
    public B fileStableTime(Duration time) {
        Objects.requireNonNull(time, "time");
        if (time.isNegative()) {
            throw new IllegalArgumentException("fileStableTime must not be negative, got " + Durations.format(time)
                    + "; use 0 to take files as soon as they stop changing between two batches");
        }
        this.fileStableTime = time;
        return self();
    }

    /**
     * Sets the rate (records per second per receiver) that backpressure starts at, before
     * batches have measured one (Spark's {@code spark.streaming.backpressure.initialRate}); 0
     * (default) starts at 1,000 records/s. Until the first estimate the rate ramps: it doubles
     * after each stored block, but never past the rate at which one block interval would take
     * half of what is left below half of {@link #maxUnprocessedBytes}, and falls to 100
     * records/s while unprocessed input is above that half; so a flood at start waits at its
     * source instead of being dropped. After the first estimate the same memory bound caps the
     * estimated rate. Never above {@link #maxRate}.
     */
    public B initialRate(long recordsPerSecond) {
        if (recordsPerSecond < 0) {
            throw new IllegalArgumentException("initialRate must not be negative, got " + recordsPerSecond
                    + "; use 0 for the default start of 1,000 records/s");
        }
        this.initialRate = recordsPerSecond;
        return self();
    }

    /** Sets when the write-ahead log syncs to the device (default {@link WalSync#ALWAYS}). */
    public B walSync(WalSync sync) {
        this.walSync = Objects.requireNonNull(sync, "sync");
        return self();
    }

    /**
     * Sets whether, with a checkpoint directory, the records receivers store are written to the
     * write-ahead log before they are processed (default true), so that a restart runs the batches
     * after the last checkpoint again with the same records. Off, as Spark's
     * {@code spark.streaming.receiver.writeAheadLog.enable} is by default, checkpoints still hold
     * the state of stateful streams and windows, and file and Kafka streams still log what they took
     * (names and offsets, which a restart reads again from the source); but what receivers stored
     * after the last checkpoint is gone when the process dies. Saves writing every received record
     * once more, for a stream whose input can be lost or sent again.
     */
    public B logReceivedInput(boolean enabled) {
        this.logReceivedInput = enabled;
        return self();
    }

    /**
     * Sets the batch interval (required). At least 0.1 ms, to the microsecond: an interval below a
     * millisecond, as in {@code Duration.ofNanos(500_000)}, gives results sooner than a millisecond
     * after their input, on the embedded engine (a Spark cluster's batches are whole milliseconds).
     */
    public B batchInterval(Duration interval) {
        Objects.requireNonNull(interval, "interval");
        Durations.requireInterval("batch interval", interval, "");
        this.batchInterval = interval;
        return self();
    }

    /** Sets how many tasks run at once and the default number of partitions (default: available cores). */
    public B parallelism(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, got " + n
                    + "; use the number of tasks to run at once, e.g. the number of cores");
        }
        this.parallelism = n;
        return self();
    }

    /** Sets the clock that drives batches (default: the system clock; {@link ManualClock} for tests). */
    public B clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return self();
    }

    /** Sets the directory for checkpoints and the write-ahead log; enables recovery. */
    public B checkpointDir(Path dir) {
        this.checkpointDir = Objects.requireNonNull(dir, "dir");
        return self();
    }

    /**
     * Sets how long sources keep past batches at the least (default: only what attached
     * windows need), so that windows and queries attached later find past data.
     */
    public B remember(Duration d) {
        Objects.requireNonNull(d, "d");
        if (d.isNegative()) {
            throw new IllegalArgumentException("remember duration must not be negative, got " + Durations.format(d));
        }
        this.remember = d;
        return self();
    }

    /** Sets where output operations print; asked once per output, when it is created. */
    public B console(Supplier<Console> console) {
        this.console = Objects.requireNonNull(console, "console");
        return self();
    }

    /**
     * Sets how the stack trace of a user function that failed in an output is written on the
     * output's console (the first time it fails so). By default: the exception and its frames
     * as the JVM names them, with each run of the engine's own frames folded into one line. The
     * shell and the notebook name the snippet and line of each frame of a snippet instead.
     */
    public B traces(java.util.function.Function<Throwable, String> traces) {
        this.traces = Objects.requireNonNull(traces, "traces");
        return self();
    }

    /** Sets how many times a task is attempted before its job fails (default 2). */
    public B maxTaskAttempts(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("maxTaskAttempts must be at least 1, got " + n
                    + "; use 1 to never retry a failed task");
        }
        this.maxTaskAttempts = n;
        return self();
    }

    ContextSettings() {
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }
}
