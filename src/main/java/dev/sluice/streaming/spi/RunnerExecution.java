package dev.sluice.streaming.spi;

/**
 * One context's run on a {@link Runner}: the context delegates its lifecycle here instead of to
 * the embedded engine. {@code start} is called at most once; {@code stop} may be called more than
 * once and must be idempotent.
 */
public interface RunnerExecution {

    /** Translates the plan as it is now and starts running batches. */
    void start();

    /**
     * Called when a stream or an output was added to the plan after {@link #start()}; the runner
     * applies it (possibly at a restart) or tells the user why it cannot.
     */
    default void planChanged() {
    }

    /** Stops running batches; gracefully: lets the batches already generated finish first. */
    void stop(boolean gracefully);

    /**
     * Waits until the run stops, at most {@code timeoutMs} (negative: without limit); returns true
     * if it stopped.
     *
     * @throws RuntimeException the error that stopped the run, if one did
     */
    boolean awaitTermination(long timeoutMs) throws InterruptedException;
}
