package dev.sluice.engine.graph;

import dev.sluice.engine.rdd.RddNode;
import dev.sluice.streaming.Console;

/**
 * An output operation of the graph: at each of its stream's batch times, one job that computes the
 * stream's dataset and hands it to an action (print, foreachRDD, save).
 */
public final class OutputOperation<T> {

    /** What an output does with a batch's dataset. */
    @FunctionalInterface
    public interface BatchAction<T> {
        /** Acts on the dataset of batch {@code time}. */
        void run(RddNode<T> rdd, long time) throws Exception;
    }

    /** The lifecycle of an output. */
    public enum Status { PENDING, ACTIVE, STOPPED }

    private final int id;
    private final String name;
    private final StreamNode<T> stream;
    private final BatchAction<T> action;
    private final Console console;
    private volatile Status status = Status.PENDING;
    private volatile boolean stopRequested;
    /** The public handle of this output, kept reachable for as long as the graph holds the output. */
    private volatile Object handle;
    private volatile Described described;

    /** Creates an output of {@code stream}; it runs once added to the graph. */
    public OutputOperation(int id, String name, StreamNode<T> stream, BatchAction<T> action, Console console) {
        this.id = id;
        this.name = name;
        this.stream = stream;
        this.action = action;
        this.console = console;
    }

    /** Keeps {@code handle} (the public object for this output) reachable for as long as the output is. */
    public void attachHandle(Object handle) {
        this.handle = handle;
    }

    /** Returns the id, unique within the context. */
    public int id() {
        return id;
    }

    /** Returns the name (print, foreachRDD, saveAsTextFiles, ...). */
    public String name() {
        return name;
    }

    /** Returns the stream it outputs. */
    public StreamNode<T> stream() {
        return stream;
    }

    /** Returns the console its text and failures go to. */
    public Console console() {
        return console;
    }

    /** Returns its status. */
    public Status status() {
        return status;
    }

    /** Returns true once a stop was asked for (it takes effect at the next batch boundary). */
    public boolean isStopRequested() {
        return stopRequested;
    }

    void requestStop() {
        stopRequested = true;
    }

    void setStatus(Status status) {
        this.status = status;
    }

    /** Returns {@code name of stream-description}. */
    public String description() {
        String streamName = stream.name();
        Described d = described;
        if (d == null || d.streamName != streamName) {
            // made again only when the stream was (re)named: every batch's outcome carries it
            d = new Described(streamName, name + " of " + (streamName != null ? "'" + streamName + "'" : stream.toString()));
            described = d;
        }
        return d.text;
    }

    /** A description and the stream name it was made with. */
    private record Described(String streamName, String text) {
    }

    /** Runs the output for batch {@code time}; does nothing if the stream has no dataset then. */
    public void runBatch(long time) throws Exception {
        RddNode<T> rdd = stream.getOrCompute(time);
        if (rdd != null) {
            action.run(rdd, time);
        }
    }

    @Override
    public String toString() {
        return "output " + id + " (" + description() + ")";
    }
}
