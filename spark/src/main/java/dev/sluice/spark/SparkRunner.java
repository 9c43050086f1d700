package dev.sluice.spark;

import dev.sluice.streaming.spi.Runner;
import dev.sluice.streaming.spi.RunnerContext;
import dev.sluice.streaming.spi.RunnerExecution;

/**
 * Runs a context's streams on Apache Spark Streaming: {@code StreamingContext.builder().master(url)}
 * with a Spark master URL ({@code local}, {@code local[n]}, {@code local[*]}, {@code spark://host:port},
 * {@code yarn}, {@code k8s://...}) picks it when this module is on the class path.
 */
public final class SparkRunner implements Runner {

    @Override
    public String name() {
        return "Spark";
    }

    @Override
    public boolean accepts(String master) {
        return master.equals("local") || master.startsWith("local[") || master.startsWith("local-cluster[")
                || master.startsWith("spark://") || master.equals("yarn") || master.startsWith("k8s://");
    }

    @Override
    public RunnerExecution open(RunnerContext context) {
        if (context.batchInterval().toNanos() % 1_000_000 != 0) {
            throw new IllegalArgumentException("Spark's batch intervals are whole milliseconds; this context's is "
                    + dev.sluice.engine.Micros.formatMillis(context.batchInterval())
                    + " ms. Use a whole number of milliseconds on Spark, or the embedded engine for shorter batches");
        }
        return new SparkExecution(context);
    }
}
