package dev.sluice.bench;

/**
 * One engine in W7: builds and starts a context whose source is a socket text stream from
 * 127.0.0.1:{@code port}, runs a {@link LatencyCase} on it, hands every batch's output stamps to
 * {@link LatencySink#output} and every completed batch to {@code sink}.
 */
public interface LatencyEngine {
    /** Starts the case; the returned handle stops the context (at once) and deletes what it wrote. */
    AutoCloseable start(LatencyCase c, long intervalMs, int port, LatencySink sink) throws Exception;

    /** One line saying how the engine is set up, for the report. */
    String setup(long intervalMs);
}
