package dev.sluice.kernel;

/**
 * A notebook output that keeps updating in place after its cell returned (a stream's latest batch,
 * or the batch chart), until its stream, output or context stops, or {@link #stop()} is called.
 */
public interface LiveView {
    /** The Jupyter display id the view updates. */
    String displayId();

    /**
     * The output operation that feeds the view, if it has one (a stream view does, the batch chart
     * does not); stopping it, e.g. with {@code :stop} in the shell, also stops the view.
     */
    java.util.Optional<dev.sluice.streaming.OutputHandle> output();

    /** Whether the view still updates. */
    boolean isActive();

    /** Stops updating; the last content stays on screen, marked as stopped. Idempotent. */
    void stop();
}
