package dev.sluice.streaming.spi;

import dev.sluice.engine.plan.StreamOp;
import dev.sluice.engine.rdd.RddNode;

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

    /**
     * Returns the dataset of {@code stream}'s last completed batch, or null when there is none yet.
     *
     * @throws IllegalStateException if the runner cannot give it (a stream it does not run), with
     *     a message that says why and what to do
     */
    RddNode<?> latest(StreamOp stream);
}
