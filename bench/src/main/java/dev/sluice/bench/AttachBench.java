package dev.sluice.bench;

import java.io.PrintStream;

/**
 * W6 on one engine: a running W1 pipeline to which windowed queries are added one after another.
 * Prints {@code QUERY i firstOutputMs=...} per query and a {@code RESULT} line with the running
 * pipeline's batch processing time before and after the queries were added.
 */
public interface AttachBench {
    void run(int perBatch, int queries, PrintStream out) throws Exception;
}
