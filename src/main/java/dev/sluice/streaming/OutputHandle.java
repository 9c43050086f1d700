package dev.sluice.streaming;

import dev.sluice.engine.graph.OutputOperation;

/**
 * An output operation attached to a stream ({@code print}, {@code foreachRDD},
 * {@code saveAsTextFiles}); {@link #stop()} detaches it while the context keeps running.
 *
 * <pre>{@code
 * OutputHandle h = counts.print();
 * ...
 * h.stop();   // its last run is the current batch; the other outputs go on
 * }</pre>
 */
public final class OutputHandle {

    private final StreamingContext ssc;
    private final OutputOperation<?> operation;
    private final DStream<?> stream;

    OutputHandle(StreamingContext ssc, OutputOperation<?> operation, DStream<?> stream) {
        this.ssc = ssc;
        this.operation = operation;
        this.stream = stream;
        operation.attachHandle(this);   // reachable while the graph runs the output, weakly held by the context after
    }

    /** Returns the output's id, unique within its context. */
    public int id() {
        return operation.id();
    }

    /** Returns the kind of output: {@code print}, {@code foreachRDD}, {@code saveAsTextFiles}. */
    public String name() {
        return operation.name();
    }

    /** Returns the stream it outputs. */
    public DStream<?> stream() {
        return stream;
    }

    /**
     * Returns true until {@link #stop()} is called or the context stops. A new output runs from the
     * first batch boundary after it was added; a stopped one runs no batch after the next boundary.
     */
    public boolean isActive() {
        return !operation.isStopRequested() && ssc.state() != StreamingContextState.STOPPED;
    }

    /**
     * Returns {@code pending} (added, waiting for a batch boundary), {@code active}, {@code stopping}
     * or {@code stopped} (also once the context stopped).
     */
    public String status() {
        if (ssc.state() == StreamingContextState.STOPPED) {
            return "stopped";
        }
        OutputOperation.Status s = operation.status();
        if (operation.isStopRequested() && s != OutputOperation.Status.STOPPED) {
            return "stopping";
        }
        return s.name().toLowerCase();
    }

    /** Returns the console its text goes to. */
    public Console console() {
        return operation.console();
    }

    /** Stops the output at the next batch boundary; the context and other outputs keep running. Idempotent. */
    public void stop() {
        if (isActive()) {
            ssc.graph().stopOutput(operation);
        }
    }

    /** Returns {@code output 3: print of 'counts' (active)}. */
    @Override
    public String toString() {
        return "output " + id() + ": " + operation.description() + " (" + status() + ")";
    }
}
