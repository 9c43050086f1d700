package dev.sluice.streaming;

/**
 * Receives the events of a running context: batches submitted, started and completed, output
 * operations completed, receivers started, failing and stopped.
 *
 * <p>Events are delivered in order on one listener thread per context; a slow listener delays
 * later events but never a batch. Every method has an empty default. Example:
 * <pre>{@code
 * ssc.addListener(new StreamingListener() {
 *     public void onBatchCompleted(BatchInfo b) { System.out.println(b.batchTime() + " " + b.numRecords()); }
 * });
 * }</pre>
 */
public interface StreamingListener {

    /** The context started; {@code startTime} is its first batch time. */
    default void onStreamingStarted(Time startTime) {
    }

    /** A batch's jobs were generated and queued. */
    default void onBatchSubmitted(BatchInfo batch) {
    }

    /** A batch's first job started. */
    default void onBatchStarted(BatchInfo batch) {
    }

    /** All of a batch's jobs ended (some may have failed; see {@link BatchInfo#outputs()}). */
    default void onBatchCompleted(BatchInfo batch) {
    }

    /** One output operation's job in a batch ended. */
    default void onOutputOperationCompleted(OutputOperationInfo output) {
    }

    /** A receiver started. */
    default void onReceiverStarted(ReceiverInfo receiver) {
    }

    /** A receiver reported an error (it may be restarting). */
    default void onReceiverError(ReceiverInfo receiver) {
    }

    /** A receiver stopped. */
    default void onReceiverStopped(ReceiverInfo receiver) {
    }

    /**
     * An error was reported: a source, a receiver or the engine failed, the write-ahead log or a
     * checkpoint was found damaged, or an output failed at a batch (that output's failure also
     * comes to {@link #onOutputOperationCompleted}). Every error that {@code recentErrors()} keeps
     * comes here, with its message in one line and what was thrown (null if nothing was).
     */
    default void onError(String message, Throwable error) {
    }

    /**
     * An error was reported, as {@link StreamingContext#recentErrors()} keeps it (with its time,
     * output and stream). By default calls {@link #onError(String, Throwable)} with its message and
     * exception.
     */
    default void onError(StreamingError error) {
        onError(error.message(), error.exception().orElse(null));
    }

    /** The context stopped. */
    default void onContextStopped() {
    }
}
