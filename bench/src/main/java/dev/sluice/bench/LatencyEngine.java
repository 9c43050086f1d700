package dev.sluice.bench;

/**
 * One engine in W7: builds and starts a context whose source reads the feeder's lines ({@link
 * LatencySource}: a socket text stream from 127.0.0.1, or a Kafka topic), runs a {@link LatencyCase}
 * on them, hands every batch's output stamps to {@link LatencySink#output} and every completed batch
 * to {@code sink}.
 */
public interface LatencyEngine {
    /**
     * Starts the case with batches every {@code intervalMicros} microseconds; returns once the source is ready (for Kafka: its starting offsets are known,
     * so the feeder's first record is read). The returned handle stops the context (at once) and
     * deletes what it wrote.
     */
    AutoCloseable start(LatencyCase c, long intervalMicros, LatencySource source, LatencySink sink) throws Exception;

    /** One line saying how the engine and its source are set up, for the report. */
    String setup(long intervalMicros, LatencySource source);
}
