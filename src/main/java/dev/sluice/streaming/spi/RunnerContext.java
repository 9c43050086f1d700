package dev.sluice.streaming.spi;

import dev.sluice.engine.plan.Plan;
import dev.sluice.streaming.StreamingContext;
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

    /** Returns the context's logical plan; it grows as the user defines streams and outputs. */
    Plan plan();

    /** Returns the context itself (for its listeners and its console). */
    StreamingContext streamingContext();
}
