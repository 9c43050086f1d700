package dev.sluice.bench;

import java.util.List;
import java.util.function.Consumer;

/**
 * One engine under test, as the trial driver sees it: it builds a context with a workload's pipeline
 * over a queue of pre-built batches, reports every completed batch, and is fed one batch per interval.
 */
public interface StreamEngine extends AutoCloseable {

    /**
     * The name of Spark fed the way a Spark program feeds a queue stream from a list: every batch is
     * {@code sc.parallelize(batch, 2)}, its records shipped inside the serialized tasks.
     */
    String SPARK_PARALLELIZE = "spark-parallelize";

    /**
     * The name of Sluice's API running through the Spark runner (sluice-spark) on {@code local[2]}:
     * the same pipelines as "sluice", built with {@code StreamingContext.builder().master("local[2]")}.
     */
    String SLUICE_ON_SPARK = "sluice-on-spark";

    /** Short name used in reports ("sluice", "spark", {@value #SPARK_PARALLELIZE}, {@value #SLUICE_ON_SPARK}). */
    String name();

    /**
     * Builds a new, not yet started context running {@code workload} with one output that counts
     * the records of its result, and reports every completed batch to {@code onBatch}.
     */
    Run open(Workload workload, long intervalMs, Consumer<BatchStat> onBatch) throws Exception;

    /** A context built by {@link #open}. */
    interface Run {
        /** Appends one batch to the source queue. */
        void offer(List<String> batch);

        /** Batches in the source queue not yet taken by the engine. */
        int pending();

        void start() throws Exception;

        /** Stops the context at once (not gracefully) and releases what the run holds. */
        void stop() throws Exception;
    }

    @Override
    default void close() throws Exception {
    }
}
