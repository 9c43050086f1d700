package dev.sluice.streaming.spi;

import dev.sluice.engine.plan.Plan;
import dev.sluice.engine.rdd.RddContext;
import dev.sluice.engine.rdd.RddNode;
import dev.sluice.engine.scheduler.JobScheduler;
import dev.sluice.streaming.BatchInfo;
import dev.sluice.streaming.OutputOperationInfo;
import dev.sluice.streaming.RDD;
import dev.sluice.streaming.StreamingContext;
import dev.sluice.streaming.Time;
import java.time.Duration;
import java.util.Map;

/** What a {@link Runner} is given about the context it runs: its master, its configuration and its plan. */
public interface RunnerContext {

    /** Returns the master the context was built with, e.g. {@code "spark://host:7077"}. */
    String master();

    /**
     * Returns the configuration given with {@code conf(key, value)} and {@code sparkConf(map)} on the
     * builder, in the order given; for the Spark runner, what goes into the {@code SparkConf}.
     */
    Map<String, String> conf();

    /** Returns the batch interval. */
    Duration batchInterval();

    /** Returns the number of tasks to run at once and the default number of partitions the user asked for. */
    int parallelism();

    /**
     * Returns how long a file written in place must stay unchanged, in batch time, before
     * {@code textFileStream} and {@code binaryRecordsStream} take it ({@code Builder.fileStableTime}).
     */
    long fileStableMs();

    /** Returns the context's logical plan; it grows as the user defines streams and outputs. */
    Plan plan();

    /** Returns the context itself (for its listeners and its console). */
    StreamingContext streamingContext();

    /**
     * Returns the console that an output added now would write to: in a notebook, the cell running
     * on the calling thread; in the shell, the terminal. For messages about what the user just did.
     */
    default dev.sluice.streaming.Console console() {
        return dev.sluice.streaming.Console.system();
    }

    /**
     * Runs {@code job} as output {@code outputId}'s work for batch {@code time}, as the embedded
     * engine runs its own outputs: with the console of the cell that added the output current (so
     * {@code print} and {@code System.out} in user code go there), a failure logged, kept in
     * {@code recentErrors()}, shown once on that console and returned in the outcome rather than
     * thrown, and listeners told. Returns null, running nothing, when the output was stopped.
     */
    OutputOperationInfo runOutput(int outputId, Time time, JobScheduler.OutputJob job);

    /**
     * Records a batch the runner's engine completed: the status line, {@code recentBatches()},
     * {@code lastCompletedBatch()}, {@code awaitBatch} and listeners see it as they see the embedded
     * engine's batches. Called in batch order.
     */
    void batchCompleted(BatchInfo batch);

    /** Records a background failure of {@code stream} (null when none) for {@code recentErrors()} and listeners. */
    void reportError(String stream, String message, Throwable error);

    /** Returns the context's own dataset context, in which the runner makes driver-side datasets. */
    RddContext rddContext();

    /**
     * The class loader of the user's classes (a shell's snippet classes): the runner makes it the
     * context class loader of its threads that run outputs or read results back (those it starts
     * while it is current inherit it). {@link #runOutput} sets it itself.
     */
    ClassLoader classLoader();

    /** Returns the API's dataset over {@code node}: a {@code PairRDD} when {@code pair}. */
    <T> RDD<T> wrap(RddNode<T> node, boolean pair);

    /** Returns the engine dataset under an API dataset. */
    <T> RddNode<T> unwrap(RDD<T> rdd);
}
