package dev.sluice.streaming;

/** The lifecycle of a {@link StreamingContext}: built, running, then stopped for good. */
public enum StreamingContextState {
    /** Built; streams and outputs may be defined; no batch has run. */
    INITIALIZED,
    /** Started; batches run every interval; streams and outputs may still be added or stopped. */
    ACTIVE,
    /** Stopped; its threads are released and it cannot be started again. */
    STOPPED
}
